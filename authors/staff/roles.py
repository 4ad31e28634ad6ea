"""Who must use a second factor, and who oversees staff security.

The roles are auth groups named here (in Arabic: every admin screen that lists groups reads
in Arabic); the workflow's data migration creates them with their permissions
(articles/services/roles.py).
"""

REPORTER = "مراسل"
EDITOR = "محرر"
EDITOR_IN_CHIEF = "رئيس التحرير"

# Groups whose members cannot reach the admin without a second factor.
SECOND_FACTOR_REQUIRED_GROUPS = (EDITOR, EDITOR_IN_CHIEF)


def group_names(user):
    if not hasattr(user, "_staff_group_names"):
        user._staff_group_names = set(user.groups.values_list("name", flat=True))
    return user._staff_group_names


def second_factor_required(user):
    """Superusers, editors and the editor-in-chief must verify a second factor."""
    return user.is_superuser or bool(group_names(user) & set(SECOND_FACTOR_REQUIRED_GROUPS))


def oversees_staff_security(user):
    """The editor-in-chief (and superusers) read the sign-in log and reset second factors."""
    return user.is_active and (user.is_superuser or EDITOR_IN_CHIEF in group_names(user))


# The roles the editor-in-chief gives and takes away; making someone editor-in-chief (or
# superuser) is for a superuser.
ROLES_MANAGED_BY_EDITOR_IN_CHIEF = (REPORTER, EDITOR)


def may_manage_account(actor, user):
    """Whether `actor` may change `user`'s account: roles, second factor, deactivation.

    Superusers manage every account. The editor-in-chief manages the reporters, editors and
    other staff below them: never a superuser nor another editor-in-chief, so that nobody
    takes over an account that holds more than they do.
    """
    if actor is None or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if not oversees_staff_security(actor):
        return False
    if user.pk == actor.pk:
        return True
    return not user.is_superuser and EDITOR_IN_CHIEF not in group_names(user)
