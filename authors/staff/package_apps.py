"""The staff-security packages under names the newsroom reads (INSTALLED_APPS lists these).

django-otp's two plugins, django-otp-webauthn and django-axes give their apps no Arabic
name: the admin's index and sidebar showed their labels ("OTP_TOTP", "AXES"). Each class here
is the package's own AppConfig with a translated `verbose_name`, the way Django documents for
renaming an installed app.

django-otp also names its models in plain English strings, outside gettext ("TOTP device",
and Django's default "static device"): `ready()` gives them translated names. They are set on
`_meta`, not through a Meta class: the packages' migrations never see them (the migration
state is built from Meta's original attributes), so `makemigrations --check` stays clean.
The models that name themselves through gettext (django-otp-webauthn's, django-axes') are
translated in our catalogue (authors/staff/package_strings.py).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig
from django_otp_webauthn.apps import OtpWebauthnConfig


def name_model(model, singular, plural):
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class AuthenticatorAppsConfig(TOTPDefaultConfig):
    verbose_name = _("Second factor: authenticator apps")

    def ready(self):
        super().ready()
        name_model(self.get_model("TOTPDevice"), _("authenticator app"), _("authenticator apps"))


class BackupCodesConfig(StaticDefaultConfig):
    verbose_name = _("Second factor: backup codes")

    def ready(self):
        super().ready()
        # One list of backup codes per account, and its codes.
        name_model(self.get_model("StaticDevice"), _("backup code list"), _("backup code lists"))
        name_model(self.get_model("StaticToken"), _("backup code"), _("backup codes"))


class PasskeysConfig(OtpWebauthnConfig):
    verbose_name = _("Second factor: passkeys")


class SignInProtectionConfig(AxesAppConfig):
    verbose_name = _("Sign-in protection")
