from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduledUpdateState(models.TextChoices):
    PENDING = "pending", _("pending")
    APPLIED = "applied", _("applied")
    CANCELLED = "cancelled", _("cancelled")
    # The article was changed since in a field this update also changes: not applied, left
    # for the desk to decide (docs/workflow.md, "Scheduled updates").
    CONFLICT = "conflict", _("not applied: changed since")


class ScheduledUpdateQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ScheduledUpdateState.PENDING)

    def due(self, now=None):
        """Pending updates whose time has come, oldest first (the order they apply in)."""
        now = now or timezone.now()
        return self.pending().filter(go_live_at__lte=now).order_by("go_live_at", "id")

    def next_time(self):
        """The time of the next pending update of any article (due or not), or None: the
        first entry of the pending index."""
        return self.pending().order_by("go_live_at").values_list("go_live_at", flat=True).first()

    def next_time_for(self, article_id):
        """The time of the article's next pending update (due or not), or None: one short
        walk of the pending index. The article page applies it when due, else its cached
        copies last no longer."""
        return (
            self.pending()
            .filter(article_id=article_id)
            .order_by("go_live_at")
            .values_list("go_live_at", flat=True)
            .first()
        )


class ScheduledUpdate(models.Model):
    """A change to a published article, prepared now, that goes live at `go_live_at`.

    Written only by articles/services/scheduled_updates.py. `changes` holds, for each field the
    update changes, the value it had when the update was prepared (`before`) and the value to
    write (`after`), in the content service's terms (ids for the section, the lead image, tags
    and bylines; ISO text for times). Applying writes only those fields, and refuses (state
    `conflict`) when one of them was changed in the meantime.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="scheduled_updates",
    )
    go_live_at = models.DateTimeField(_("goes live at"))
    changes = models.JSONField(_("changes"))
    substantive = models.BooleanField(
        _("substantive update"),
        default=False,
        help_text=_("Readers see “Updated” with the time it went live."),
    )
    base_version = models.PositiveIntegerField(
        _("article version"), help_text=_("The article's version when the update was prepared.")
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ScheduledUpdateState.choices,
        default=ScheduledUpdateState.PENDING,
    )
    created_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("applied or cancelled at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ScheduledUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduled update")
        verbose_name_plural = _("scheduled updates")
        ordering = ["go_live_at", "id"]
        indexes = [
            # The article page's "next pending update of this article" and the scheduler's
            # "every due update": both read pending rows only.
            models.Index(
                fields=["article", "go_live_at"],
                condition=Q(state="pending"),
                name="scheduled_update_pending_art",
            ),
            models.Index(
                fields=["go_live_at"],
                condition=Q(state="pending"),
                name="scheduled_update_pending_due",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} → {self.article_id}"

    @property
    def changed_fields(self):
        return list(self.changes)
