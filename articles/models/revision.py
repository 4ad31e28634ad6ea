from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.status_change import SystemActor


class Revision(models.Model):
    """A snapshot of an article's editable content, taken after every content save.

    Written only by `articles.services.revisions.revision_create` (the admin, restores, importers).
    `content` holds what `articles.services.revisions.snapshot` returns: the text fields, the section
    id, the lead image id and its caption, the tag ids and the byline author ids in their
    printed order.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("number"))
    article_version = models.PositiveIntegerField(
        _("article version"), help_text=_("The article's version right after this save.")
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system saved it (an import)."),
    )
    system_actor = models.CharField(
        _("saved by (system)"),
        max_length=20,
        choices=SystemActor.choices,
        blank=True,
        help_text=_("The command that saved it when no person did."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_unique_number"),
        ]

    def __str__(self):
        return f"#{self.number}"

    @property
    def headline(self):
        return self.content.get("headline", "")

    @property
    def saved_by(self):
        """The person, else the command, that saved it."""
        return self.created_by or self.get_system_actor_display()


class EditingSession(models.Model):
    """Someone has an article's change page open: refreshed by the page's heartbeat.

    Kept in the database so that every process sees it. A row whose heartbeat is older than
    `articles.services.presence.FRESH_FOR` means nobody is there any more.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="editing_sessions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    started_at = models.DateTimeField(_("editing since"))
    last_seen_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("editing session")
        verbose_name_plural = _("editing sessions")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="editing_session_unique"),
        ]

    def __str__(self):
        return f"{self.user_id}@{self.article_id}"
