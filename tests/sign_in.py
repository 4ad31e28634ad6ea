"""Signing staff in on a test client, second factor included."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in(client, user):
    """Sign `user` in on `client` as if they had typed their password and an authenticator code.

    Editors, the editor-in-chief and superusers cannot reach the admin without a verified
    second factor (the admin site's has_permission, authors/staff/admin_site.py), so tests
    that use the admin sign in through this.
    """
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
