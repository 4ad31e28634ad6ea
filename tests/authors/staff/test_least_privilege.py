"""Least privilege on staff accounts, and the "view on site" redirect.

Only superusers grant staff or superuser status, edit superusers or set another account's
password; the editor-in-chief manages reporters and editors (roles, second factor,
deactivation), and every such change is in the security log.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.forms import MultiWidget
from django.urls import reverse

from articles.models import Article, Status
from articles.services import roles
from authors.staff.models import EventKind, SecurityEvent
from authors.staff.services import second_factor_reset
from tests.sign_in import sign_in

ROLES = ["reporter", "editor", "chief", "superuser"]


@pytest.fixture
def people(make_staff_user):
    return {
        "reporter": make_staff_user(role="reporter"),
        "editor": make_staff_user(role="editor"),
        "chief": make_staff_user(role="chief"),
        "other chief": make_staff_user(role="chief"),
        "superuser": make_staff_user(is_superuser=True),
        "visitor": make_staff_user(is_staff=False),
    }


def signed_in(client, people, role):
    return sign_in(client, people[role])


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def form_data(response):
    """The change form as the browser would post it back, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        elif value is not None:
            data[name] = value
    return data


def post_change(client, user, **changes):
    page = client.get(change_url(user))
    assert page.status_code == 200
    data = form_data(page)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(change_url(user), data)


def refreshed(user):
    user.refresh_from_db()
    user.__dict__.pop("_staff_group_names", None)
    return user


def group_pk(name):
    return str(Group.objects.get(name=name).pk)


# -- superuser and staff status ------------------------------------------------------------

CAN_MANAGE_USERS = {"reporter": False, "editor": False, "chief": True, "superuser": True}


@pytest.mark.parametrize("role", ROLES)
def test_only_a_superuser_makes_themselves_or_anyone_superuser(role, client, people):
    actor = people[role]
    signed_in(client, people, role)
    if not CAN_MANAGE_USERS[role]:
        assert client.get(change_url(actor)).status_code == 403
        return

    post_change(client, actor, is_superuser="on")
    post_change(client, people["editor"], is_superuser="on")

    assert refreshed(people["editor"]).is_superuser is (role == "superuser")
    if role != "superuser":
        assert refreshed(actor).is_superuser is False


@pytest.mark.parametrize("role", ROLES)
def test_only_a_superuser_grants_or_removes_staff_status(role, client, people):
    signed_in(client, people, role)
    if not CAN_MANAGE_USERS[role]:
        assert client.get(change_url(people["visitor"])).status_code == 403
        return

    post_change(client, people["visitor"], is_staff="on")
    post_change(client, people["reporter"], is_staff=False)

    granted = role == "superuser"
    assert refreshed(people["visitor"]).is_staff is granted
    assert refreshed(people["reporter"]).is_staff is not granted
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert (EventKind.STAFF_STATUS_CHANGED in kinds) is granted


@pytest.mark.parametrize("role", ["reporter", "editor", "chief"])
def test_nobody_but_a_superuser_edits_a_superuser(role, client, people):
    target = people["superuser"]
    signed_in(client, people, role)

    page = client.get(change_url(target))
    # The editor-in-chief may read the account (view permission), never change it.
    assert page.status_code == (200 if role == "chief" else 403)
    if role == "chief":
        assert page.context["has_change_permission"] is False
    client.post(change_url(target), {"username": target.username})  # would deactivate

    assert refreshed(target).is_active is True


def test_a_superuser_edits_a_superuser(client, people, make_staff_user):
    other = make_staff_user(is_superuser=True)
    signed_in(client, people, "superuser")

    response = post_change(client, other, first_name="سعاد")

    assert response.status_code == 302
    assert refreshed(other).first_name == "سعاد"


@pytest.mark.parametrize("role", ROLES)
def test_only_a_superuser_sets_another_accounts_password(role, client, people):
    signed_in(client, people, role)
    victim = people["editor"]
    url = reverse("admin:auth_user_password_change", args=[victim.pk])
    new_password = "a completely new passphrase 17"

    response = client.post(
        url,
        {"password1": new_password, "password2": new_password, "set_usable_password": "true"},
    )

    allowed = role == "superuser"
    assert response.status_code == (302 if allowed else 403)
    assert refreshed(victim).check_password(new_password) is allowed
    logged = SecurityEvent.objects.filter(kind=EventKind.PASSWORD_SET, user=victim)
    assert logged.exists() is allowed


def test_the_chief_cannot_set_a_superusers_password_either(client, people):
    signed_in(client, people, "chief")
    url = reverse("admin:auth_user_password_change", args=[people["superuser"].pk])

    assert client.get(url).status_code == 403


# -- roles, deactivation, second factor: the editor-in-chief's job --------------------------


@pytest.mark.parametrize("role", ["chief", "superuser"])
def test_the_chief_promotes_a_reporter_to_editor_and_it_is_logged(role, client, people):
    signed_in(client, people, role)
    reporter = people["reporter"]

    response = post_change(client, reporter, groups=[group_pk(roles.EDITOR)])

    assert response.status_code == 302
    assert list(refreshed(reporter).groups.values_list("name", flat=True)) == [roles.EDITOR]
    event = SecurityEvent.objects.get(kind=EventKind.ROLES_CHANGED)
    assert event.user == reporter and event.actor == people[role]
    assert roles.EDITOR in event.note and roles.REPORTER in event.note


def test_the_chief_cannot_make_anyone_editor_in_chief(client, people):
    signed_in(client, people, "chief")

    response = post_change(client, people["editor"], groups=[group_pk(roles.EDITOR_IN_CHIEF)])

    assert response.status_code == 200  # the form refuses the choice
    assert "groups" in response.context["adminform"].form.errors
    assert list(refreshed(people["editor"]).groups.values_list("name", flat=True)) == [roles.EDITOR]


def test_the_chief_cannot_change_their_own_role(client, people):
    chief = people["chief"]
    signed_in(client, people, "chief")

    post_change(client, chief, groups=[group_pk(roles.REPORTER)])

    assert list(refreshed(chief).groups.values_list("name", flat=True)) == [roles.EDITOR_IN_CHIEF]


def test_the_chief_cannot_manage_another_editor_in_chief(client, people):
    signed_in(client, people, "chief")
    other = people["other chief"]

    client.post(change_url(other), {"username": other.username})

    assert refreshed(other).is_active is True
    assert client.get(change_url(other)).context["has_change_permission"] is False


@pytest.mark.parametrize("role", ROLES)
def test_deactivating_a_reporter_is_the_chiefs_and_is_logged(role, client, people):
    signed_in(client, people, role)
    reporter = people["reporter"]
    if not CAN_MANAGE_USERS[role]:
        assert client.get(change_url(reporter)).status_code == 403
        return

    response = post_change(client, reporter, is_active=False)

    assert response.status_code == 302
    assert refreshed(reporter).is_active is False
    event = SecurityEvent.objects.get(kind=EventKind.ACCOUNT_DEACTIVATED)
    assert event.user == reporter and event.actor == people[role]


SECOND_FACTOR_RESET = {
    # (actor, target): allowed
    ("reporter", "editor"): False,
    ("editor", "reporter"): False,
    ("chief", "reporter"): True,
    ("chief", "editor"): True,
    ("chief", "other chief"): False,
    ("chief", "superuser"): False,
    ("superuser", "chief"): True,
    ("superuser", "editor"): True,
}


@pytest.mark.parametrize(("actor", "target"), SECOND_FACTOR_RESET)
def test_second_factor_reset_matrix(actor, target, people):
    from django.core.exceptions import PermissionDenied

    allowed = SECOND_FACTOR_RESET[(actor, target)]
    if allowed:
        second_factor_reset(user=people[target], actor=people[actor])
        assert SecurityEvent.objects.filter(
            kind=EventKind.SECOND_FACTOR_RESET, user=people[target], actor=people[actor]
        ).exists()
    else:
        with pytest.raises(PermissionDenied):
            second_factor_reset(user=people[target], actor=people[actor])


def test_only_a_superuser_changes_what_a_role_may_do(client, people):
    editors = Group.objects.get(name=roles.EDITOR)
    url = reverse("admin:auth_group_change", args=[editors.pk])

    signed_in(client, people, "chief")
    assert client.get(url).context["has_change_permission"] is False
    client.post(url, {"name": "x", "permissions": []})
    assert Group.objects.filter(pk=editors.pk, name=roles.EDITOR).exists()


# -- "view on site" --------------------------------------------------------------------------

VIEW_ON_SITE = {
    ("reporter", "own draft"): 302,
    ("reporter", "other draft"): 404,
    ("reporter", "published"): 302,
    ("editor", "other draft"): 302,
    ("chief", "other draft"): 302,
    ("superuser", "other draft"): 302,
}


@pytest.mark.parametrize(("role", "which"), VIEW_ON_SITE)
def test_view_on_site_checks_the_object_permission(role, which, client, people, make_article):
    articles = {
        "own draft": make_article(status=Status.DRAFT, created_by=people["reporter"]),
        "other draft": make_article(
            status=Status.DRAFT, created_by=people["editor"], headline="عنوان سري للمسودة"
        ),
        "published": make_article(status=Status.PUBLISHED),
    }
    article = articles[which]
    content_type = ContentType.objects.get_for_model(Article)
    signed_in(client, people, role)

    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, article.pk]))

    assert response.status_code == VIEW_ON_SITE[(role, which)]
    if response.status_code == 302:
        assert response["Location"].endswith(article.get_absolute_url())
    else:
        assert article.slug not in response.content.decode()


def test_view_on_site_is_404_for_a_model_outside_the_admin(client, people):
    content_type = ContentType.objects.get_for_model(SecurityEvent)
    signed_in(client, people, "reporter")

    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, 1]))

    assert response.status_code == 404
