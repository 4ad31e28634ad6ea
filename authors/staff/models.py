from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out")
    SIGNED_OUT = "signed_out", _("Signed out")
    SECOND_FACTOR_VERIFIED = "second_factor_verified", _("Second factor verified")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor refused")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor set up")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
    BACKUP_CODES_RENEWED = "backup_codes_renewed", _("Backup codes renewed")
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("Signed out everywhere")
    # Changes made to an account by someone who manages it (the admin's user screens).
    ROLES_CHANGED = "roles_changed", _("Roles changed")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
    ACCOUNT_REACTIVATED = "account_reactivated", _("Account reactivated")
    STAFF_STATUS_CHANGED = "staff_status_changed", _("Staff status changed")
    SUPERUSER_STATUS_CHANGED = "superuser_status_changed", _("Superuser status changed")
    PERMISSIONS_CHANGED = "permissions_changed", _("Individual permissions changed")
    PASSWORD_SET = "password_set", _("Password set by an administrator")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")


class SecurityEvent(models.Model):
    """One line of the staff security log: written once, never edited."""

    kind = models.CharField(_("event"), max_length=40, choices=EventKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name typed at sign-in, kept even when no such account exists.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who did it, when it was done to someone else's account."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.username}"


class SessionGeneration(models.Model):
    """A counter per account: sessions started under an older value are no longer valid.

    Raising it signs the account out everywhere, whatever the session backend (database,
    cache or signed cookies), without touching the password.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="session_generation",
    )
    generation = models.PositiveIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("session generation")
        verbose_name_plural = _("session generations")

    def __str__(self):
        return f"{self.user_id}: {self.generation}"
