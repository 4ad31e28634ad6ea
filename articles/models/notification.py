from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A mail that fails is tried again after 2, 4, 8 and 16 minutes, then given up (about half an
# hour: long enough for a mail server's restart, short enough that the news is still news).
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=2)
# A claimed mail is not claimed again by another scheduler run for this long (a run that died
# while sending leaves it to the next one after that).
CLAIM_LEASE = timedelta(minutes=10)


class NotificationEvent(models.TextChoices):
    """What a staff member can be told about. The values are also the field names of their
    choices (authors.models.NotificationPreferences)."""

    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned to draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    TAKEN_DOWN = "taken_down", _("Taken down")
    # A running live coverage got no entry for NEWSROOM_LIVE_QUIET_MINUTES (not a workflow move:
    # queued by publish_scheduled_articles).
    LIVE_QUIET = "live_quiet", _("Live coverage quiet")


class NotificationQuerySet(models.QuerySet):
    def due(self, now=None):
        """Mails to send now: not sent, not given up, their next attempt come."""
        now = now or timezone.now()
        return self.filter(
            sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now
        )

    def given_up(self):
        return self.filter(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS)


class Notification(models.Model):
    """One e-mail to one staff member, queued after a workflow move has committed and sent by
    the scheduler (articles/services/notifications.py): the outbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    event = models.CharField(_("event"), max_length=20, choices=NotificationEvent.choices)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail notification")
        verbose_name_plural = _("e-mail notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The scheduler's question every minute: the unsent ones whose time has come.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notification_unsent_idx",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def given_up(self):
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failed attempt: 2, 4, 8, 16 minutes."""
    return FIRST_RETRY * 2 ** max(attempts - 1, 0)
