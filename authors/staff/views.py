"""The admin's two-factor pages: verify, set up an authenticator, backup codes, passkeys,
and signing out everywhere. Every page is wrapped by `admin.site.admin_view` (staff with their
second factor verified, never cached, CSRF-protected), except verify and set-up, which a
password-only session must reach (`admin.site.password_step_view`: staff, before the second
factor); all render inside the Arabic admin."""

import base64

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from authors.models import NotificationPreferences
from authors.staff.forms import NotificationPreferencesForm, TokenForm
from authors.staff.models import EventKind
from authors.staff.qr import qr_data_url
from authors.staff.roles import second_factor_required
from authors.staff.services import backup_codes_renew, security_event_record, sessions_revoke_all

# The session's set-up attempt: the id of its unconfirmed authenticator device.
SETUP_DEVICE_SESSION_KEY = "staff_totp_setup_device"


def lockout_response(request, original_response, credentials):
    """django-axes' lockout page: in Arabic, with how long to wait (HTTP 429)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "staff/lockout.html", context, status=429)


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _render(request, template, title, **context):
    context.update(admin.site.each_context(request), title=title)
    return render(request, template, context)


def verify(request):
    """Second step of signing in: a code from the authenticator app, a backup code or a passkey."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    if not user_has_device(user):
        return redirect(f"{reverse('staff:setup')}?next={_safe_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            security_event_record(
                kind=EventKind.SECOND_FACTOR_VERIFIED, request=request, user=user, note=device.name
            )
            return redirect(_safe_next(request))
        security_event_record(kind=EventKind.SECOND_FACTOR_FAILED, request=request, user=user)
        form.add_error(
            "token", _("This code is not valid. Check your phone's clock, or use a backup code.")
        )
    has_passkey = any(d.__class__.__name__ == "WebAuthnCredential" for d in devices_for_user(user))
    return _render(
        request,
        "staff/verify.html",
        _("Verify it is you"),
        form=form,
        next=_safe_next(request),
        has_passkey=has_passkey,
    )


def setup(request):
    """Set up an authenticator app: scan the QR code, type a code to confirm, get backup codes."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # Adding a device needs the existing one first, or a stolen password would be enough.
        return redirect(f"{reverse('staff:verify')}?next={reverse('staff:setup')}")
    device = _setup_attempt_device(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            del request.session[SETUP_DEVICE_SESSION_KEY]
            # Other sessions' unfinished attempts die with this one: their secrets, shown to
            # whoever opened the page there, must never become a working second factor.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            security_event_record(
                kind=EventKind.SECOND_FACTOR_ENROLLED, request=request, user=user, note=device.name
            )
            codes = backup_codes_renew(user=user, request=request)
            return _render(
                request,
                "staff/backup_codes.html",
                _("Your backup codes"),
                codes=codes,
                next=_safe_next(request),
            )
        form.add_error(
            "token", _("This code is not valid. Scan the QR code again and type the new code.")
        )
    return _render(
        request,
        "staff/setup.html",
        _("Set up two-factor sign-in"),
        form=form,
        qr_code=qr_data_url(device.config_url),
        secret=base64.b32encode(device.bin_key).decode("ascii"),
        next=_safe_next(request),
        required=second_factor_required(user),
    )


def _setup_attempt_device(request):
    """The unconfirmed authenticator of this session's set-up attempt, created on first use.

    Each session gets its own secret: someone who opened the set-up page elsewhere with the
    same password (a stolen one) never sees the secret the real owner confirms.
    """
    device = TOTPDevice.objects.filter(
        pk=request.session.get(SETUP_DEVICE_SESSION_KEY), user=request.user, confirmed=False
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
        request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    return device


def account_security(request):
    """The current account's second factors, backup codes, passkeys, "sign out everywhere",
    and the workflow e-mails it wants."""
    user = request.user
    devices = [d for d in devices_for_user(user) if not isinstance(d, StaticDevice)]
    backup = StaticDevice.objects.filter(user=user).first()
    return _render(
        request,
        "staff/account_security.html",
        _("Account security"),
        devices=devices,
        backup_codes_left=backup.token_set.count() if backup else 0,
        can_add_passkey=user.is_verified() or not user_has_device(user),
        required=second_factor_required(user),
        notifications_form=NotificationPreferencesForm(instance=_own_preferences(user)),
    )


def _own_preferences(user):
    """The person's own choices; an unsaved row with every event on when they made none."""
    return NotificationPreferences.objects.filter(user=user).first() or NotificationPreferences(
        user=user
    )


@require_POST
def notification_preferences(request):
    """Save the signed-in person's e-mail choices. Always their own row: the address names no
    account, so nobody can change another's."""
    form = NotificationPreferencesForm(request.POST, instance=_own_preferences(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail choices are saved."))
    else:
        messages.error(request, _("Your e-mail choices could not be saved."))
    return redirect("staff:account")


@require_POST
def renew_backup_codes(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('staff:verify')}?next={reverse('staff:account')}")
    codes = backup_codes_renew(user=request.user, request=request)
    return _render(
        request,
        "staff/backup_codes.html",
        _("Your backup codes"),
        codes=codes,
        next=reverse("staff:account"),
    )


@require_POST
def sign_out_everywhere(request):
    sessions_revoke_all(user=request.user, actor=request.user, request=request)
    logout(request)
    messages.success(request, _("You are signed out on every device. Sign in again here."))
    return redirect("admin:login")
