"""Record sign-ins, failures and lockouts in the security log as Django and django-axes report them."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from authors.staff.models import EventKind
from authors.staff.services import (
    SESSION_GENERATION_KEY,
    security_event_record,
    session_generation_of,
)


@receiver(user_logged_in, dispatch_uid="staff_signed_in")
def on_signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The session belongs to the account's current generation until it signs out everywhere.
        request.session[SESSION_GENERATION_KEY] = session_generation_of(user)
    security_event_record(kind=EventKind.SIGNED_IN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="staff_signed_out")
def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=EventKind.SIGNED_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="staff_sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "axes_locked_out", False):
        return  # the lockout receiver records this attempt
    security_event_record(
        kind=EventKind.SIGN_IN_FAILED, request=request, username=credentials.get("username") or ""
    )


@receiver(user_locked_out, dispatch_uid="staff_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=EventKind.LOCKED_OUT, request=request, username=username or "")
