"""State changes of staff accounts' security: each one atomic and written to the security log."""

from axes.helpers import get_client_ip_address
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from authors.staff.models import EventKind, SecurityEvent, SessionGeneration
from authors.staff.roles import may_manage_account, oversees_staff_security

BACKUP_CODE_COUNT = 10
SESSION_GENERATION_KEY = "staff_session_generation"


def client_address(request):
    """The client's address by django-axes' own rule (NEWSROOM_TRUSTED_PROXY_COUNT), so the
    security log and the lockouts always name the same address."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


def security_event_record(*, kind, request=None, user=None, username="", actor=None, note=""):
    """Append one line to the security log."""
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        actor=actor,
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        note=note[:300],
    )


def session_generation_of(user):
    """The account's current session generation (0 until it first signs out everywhere)."""
    return (
        SessionGeneration.objects.filter(user=user).values_list("generation", flat=True).first()
        or 0
    )


def _advance_session_generation(user):
    row, _created = SessionGeneration.objects.select_for_update().get_or_create(user=user)
    SessionGeneration.objects.filter(pk=row.pk).update(generation=F("generation") + 1)


def sessions_revoke_all(*, user, actor, request=None):
    """Sign `user` out of every browser: sessions started before now stop being valid."""
    if actor != user and not (oversees_staff_security(actor) and may_manage_account(actor, user)):
        raise PermissionDenied(_("Only the editor-in-chief can sign a colleague out."))
    with transaction.atomic():
        _advance_session_generation(user)
        security_event_record(
            kind=EventKind.SIGNED_OUT_EVERYWHERE, request=request, user=user, actor=actor
        )


def second_factor_reset(*, user, actor, request=None):
    """Remove every second factor of `user` and sign them out; they enrol again at next sign-in.

    For a colleague who lost their phone: only the editor-in-chief (or a superuser) may do it,
    and the security log records who did it to whom.
    """
    if not oversees_staff_security(actor):
        raise PermissionDenied(_("Only the editor-in-chief can reset a second factor."))
    if not may_manage_account(actor, user):
        raise PermissionDenied(
            _("Only a superuser can reset the second factor of a superuser or an editor-in-chief.")
        )
    with transaction.atomic():
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        _advance_session_generation(user)
        security_event_record(
            kind=EventKind.SECOND_FACTOR_RESET,
            request=request,
            user=user,
            actor=actor,
            note=_("%(count)d devices removed") % {"count": removed},
        )
    return removed


def backup_codes_renew(*, user, request=None):
    """Replace the account's backup codes with fresh ones and return them (shown only once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        security_event_record(kind=EventKind.BACKUP_CODES_RENEWED, request=request, user=user)
    return codes


def account_snapshot(user):
    """What `account_changes_record` compares: the account's standing, before a change."""
    return {
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def account_changes_record(*, user, actor, before, request=None):
    """Write to the security log each change of standing since `before` (account_snapshot).

    Called by the admin after it saved an account and its roles; returns the events written.
    """
    after = account_snapshot(user)
    events = []

    def record(kind, note=""):
        events.append(
            security_event_record(kind=kind, request=request, user=user, actor=actor, note=note)
        )

    if before["is_active"] != after["is_active"]:
        record(
            EventKind.ACCOUNT_REACTIVATED if after["is_active"] else EventKind.ACCOUNT_DEACTIVATED
        )
    for field, kind in (
        ("is_staff", EventKind.STAFF_STATUS_CHANGED),
        ("is_superuser", EventKind.SUPERUSER_STATUS_CHANGED),
    ):
        if before[field] != after[field]:
            record(kind, _("granted") if after[field] else _("removed"))
    for field, kind in (
        ("groups", EventKind.ROLES_CHANGED),
        ("permissions", EventKind.PERMISSIONS_CHANGED),
    ):
        if before[field] != after[field]:
            record(kind, _describe_change(before[field], after[field]))
    return events


def _describe_change(before, after):
    added = [name for name in after if name not in before]
    removed = [name for name in before if name not in after]
    parts = []
    if added:
        parts.append(_("added: %(names)s") % {"names": "، ".join(added)})
    if removed:
        parts.append(_("removed: %(names)s") % {"names": "، ".join(removed)})
    return "؛ ".join(parts)
