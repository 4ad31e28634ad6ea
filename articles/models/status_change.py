from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.article import Status


class SystemActor(models.TextChoices):
    """Who made a change when no person did: named in the audit trail and the revisions.

    Services take one of these as `actor` where they take a staff user otherwise. No login
    account stands behind them (an operator runs the command from a shell).
    """

    IMPORT_TEXT = "import_text", _("Text import (import_text)")
    IMPORT_WXR = "import_wxr", _("WordPress import (import_wxr)")
    SCHEDULER = "scheduler", _("Scheduler (publish_scheduled_articles)")
    FORGET_COMMENTER = "forget_commenter", _("A reader's request (forget_commenter)")


class StatusChange(models.Model):
    """One step of an article through the workflow: the audit trail, written only by services."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change (scheduled publication, expiry)."),
    )
    system_actor = models.CharField(
        _("by (system)"),
        max_length=20,
        choices=SystemActor.choices,
        blank=True,
        help_text=_("The command that made the change when no person did."),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def done_by(self):
        """The person, else the command, that made the change (for lists and inlines)."""
        return self.actor or self.get_system_actor_display()
