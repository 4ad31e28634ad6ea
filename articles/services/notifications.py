"""The staff's e-mail notifications: queued after a workflow move commits, sent by the scheduler.

A move (articles/services/workflow.py) sends `article_status_changed` once its transaction has
committed; `notifications_queue` answers it by writing one `Notification` row per recipient (the
outbox), with the subject and body already rendered in Arabic. Nothing is sent during the
request: `publish_scheduled_articles`, run every minute, calls `notifications_send_due`, which
claims the due rows, sends them through Django's mail framework (`EMAIL_URL`) and retries a
failed one after 2, 4, 8 and 16 minutes before giving up (logged, and kept in the table).

Who is told:
- a submission: those who may publish (`articles.publish_article`, superusers included);
- a return to draft, a schedule, a publication, a take-down: the article's reporters (the staff
  accounts of its bylines and its creator);
never the person who made the move, never an inactive account or one without an address, and
only those whose preferences (authors.models.NotificationPreferences) let the event through.

A running live coverage (articles/services/live.py) that got no entry for
`NEWSROOM_LIVE_QUIET_MINUTES` is not a move: `publish_scheduled_articles` asks
`notifications_queue_quiet_live` each minute, which queues one e-mail per silence to the
article's reporters and those who may publish.
"""

import logging
import re
import smtplib
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.models import Article, Byline, LiveEntry, Notification, NotificationEvent, Status
from articles.models.notification import CLAIM_LEASE, MAX_ATTEMPTS, retry_delay
from newsroom.text import strip_bidi_controls

logger = logging.getLogger(__name__)

EVENT_BY_STATUS = {
    Status.IN_REVIEW: NotificationEvent.SUBMITTED,
    Status.DRAFT: NotificationEvent.RETURNED,
    Status.SCHEDULED: NotificationEvent.SCHEDULED,
    Status.PUBLISHED: NotificationEvent.PUBLISHED,
    Status.ARCHIVED: NotificationEvent.TAKEN_DOWN,
}
PUBLISH_PERMISSION = ("articles", "publish_article")
# A headline is at most 300 characters; a subject line stays readable in a phone's inbox.
SUBJECT_HEADLINE_LENGTH = 120
# Mails claimed per batch by one scheduler run.
BATCH_SIZE = 100
# A run's sending time, well under the claim's lease, so a slow server never lets a second run
# claim (and send again) what this one holds.
SEND_BUDGET = CLAIM_LEASE / 10


def is_server_error(error):
    """A failure of the mail server itself (no connection, a dropped one, a timeout), after
    which the next sends would fail the same; not a refusal of one message (SMTPException
    subclasses OSError, so the refusals are told apart first)."""
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


_SPACES = re.compile(r"\s+")


def queue_status_change_notifications(sender, status_change, **kwargs):
    """The receiver of `article_status_changed` (connected in ArticlesConfig.ready)."""
    notifications_queue(status_change=status_change)


def notifications_queue(*, status_change):
    """Queue the e-mails a committed workflow move calls for; returns the new rows."""
    event = EVENT_BY_STATUS.get(status_change.to_status)
    # A rescheduling is news to the reporter; any other move to the same status is not one.
    if event is None or (
        status_change.from_status == status_change.to_status
        and status_change.to_status != Status.SCHEDULED
    ):
        return []
    article = status_change.article
    recipients = _editors() if event == NotificationEvent.SUBMITTED else _reporters(article)
    recipients = (
        recipients.filter(is_active=True, is_staff=True)
        .exclude(email="")
        # No row means the defaults: every event (the join is empty, so nothing is excluded).
        .exclude(**{f"notification_preferences__{event}": False})
    )
    if status_change.actor_id is not None:
        recipients = recipients.exclude(pk=status_change.actor_id)
    recipient_ids = list(recipients.values_list("pk", flat=True))
    if not recipient_ids:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject = notification_subject(event, article.headline)
        body = _body(event, article, status_change)
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            Notification(recipient_id=pk, event=event, article=article, subject=subject, body=body)
            for pk in recipient_ids
        )
    logger.info("Queued %d %s e-mail(s) for article %s", len(rows), event, article.pk)
    return rows


def notification_subject(event, headline):
    """The subject line: the event and the headline, on one line whatever the headline holds.

    A line break in a header would let the headline write headers of its own; Django refuses
    such a subject (BadHeaderError), so every line break and control character becomes a space.
    """
    subjects = {
        NotificationEvent.SUBMITTED: _("Waiting for review: %(headline)s"),
        NotificationEvent.RETURNED: _("Returned to draft: %(headline)s"),
        NotificationEvent.SCHEDULED: _("Scheduled: %(headline)s"),
        NotificationEvent.PUBLISHED: _("Published: %(headline)s"),
        NotificationEvent.TAKEN_DOWN: _("Taken down: %(headline)s"),
        NotificationEvent.LIVE_QUIET: _("Live coverage quiet: %(headline)s"),
    }
    return subjects[event] % {"headline": header_safe(headline, SUBJECT_HEADLINE_LENGTH)}


def header_safe(text, length):
    """`text` as one line without control or bidi characters, cut to `length` characters."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in strip_bidi_controls(str(text))
    )
    return Truncator(_SPACES.sub(" ", text).strip()).chars(length)


def _body(event, article, status_change):
    sentences = {
        NotificationEvent.SUBMITTED: _("An article is waiting for review."),
        NotificationEvent.RETURNED: _("Your article was returned to draft."),
        NotificationEvent.SCHEDULED: _("Your article is scheduled."),
        NotificationEvent.PUBLISHED: _("Your article is published."),
        NotificationEvent.TAKEN_DOWN: _("Your article was taken down."),
    }
    publish_at = None
    if event in (NotificationEvent.SCHEDULED, NotificationEvent.PUBLISHED) and article.publish_at:
        publish_at = date_format(timezone.localtime(article.publish_at), "DATETIME_FORMAT")
    actor = status_change.actor
    return render_to_string(
        "articles/email/notification.txt",
        {
            "sentence": sentences[event],
            "headline": header_safe(article.headline, 300),
            "actor": (actor.get_full_name() or actor.get_username())
            if actor
            else status_change.get_system_actor_display(),
            # A schedule's note only repeats its time, shown above.
            "note": "" if event == NotificationEvent.SCHEDULED else status_change.note,
            "publish_at": publish_at,
            "link": absolute_link(reverse("admin:articles_article_change", args=[article.pk])),
            "preferences_link": absolute_link(reverse("staff:account")),
        },
    )


def notifications_queue_quiet_live(*, now=None, minutes=None):
    """Queue an e-mail for each public article whose live coverage runs and got no entry for
    `minutes` (NEWSROOM_LIVE_QUIET_MINUTES; 0 turns it off), counted from its last entry or from
    the coverage's start or resumption, whichever is later. Once per silence: a new entry starts the count again. Returns
    the new rows."""
    if minutes is None:
        minutes = settings.NEWSROOM_LIVE_QUIET_MINUTES
    if minutes <= 0:
        return []
    now = now or timezone.now()
    last_entry = (
        LiveEntry.objects.visible()
        .filter(article_id=OuterRef("pk"))
        .order_by("-id")
        .values("created_at")[:1]
    )
    told = Notification.objects.filter(
        article_id=OuterRef("pk"),
        event=NotificationEvent.LIVE_QUIET,
        created_at__gte=OuterRef("quiet_since"),
    )
    quiet = (
        Article.objects.published(now)
        .filter(live_started_at__isnull=False, live_ended_at__isnull=True)
        .annotate(quiet_since=live_quiet_since(last_entry))
        .filter(quiet_since__lte=now - timedelta(minutes=minutes))
        .exclude(Exists(told))
        .only("pk", "headline", "created_by_id")
    )
    rows = []
    for article in quiet:
        rows += _queue_quiet_live(article, minutes, now)
    return rows


def live_quiet_since(last_entry):
    """The later of the last entry and the coverage's start or resumption. (Greatest is NULL
    on SQLite when one side is: the entry falls back to the resumption, which is never NULL
    while coverage runs; rows from before 0038 fall back to the start.)"""
    resumed = Coalesce("live_resumed_at", "live_started_at")
    return Greatest(Coalesce(Subquery(last_entry), resumed), resumed)


def _queue_quiet_live(article, minutes, now):
    event = NotificationEvent.LIVE_QUIET
    people = _reporters(article).values("pk").union(_editors().values("pk"))
    recipient_ids = list(
        get_user_model()
        .objects.filter(pk__in=[row["pk"] for row in people], is_active=True, is_staff=True)
        .exclude(email="")
        .exclude(**{f"notification_preferences__{event}": False})
        .values_list("pk", flat=True)
    )
    if not recipient_ids:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject = notification_subject(event, article.headline)
        body = render_to_string(
            "articles/email/notification.txt",
            {
                "sentence": _("No entry was posted on this live coverage for %(minutes)s minutes.")
                % {"minutes": minutes},
                "headline": header_safe(article.headline, 300),
                "link": absolute_link(reverse("admin:articles_article_live", args=[article.pk])),
                "preferences_link": absolute_link(reverse("staff:account")),
            },
        )
    with transaction.atomic():
        # Re-checked under the article's lock: two scheduler runs at once queue it once.
        Article.objects.select_for_update().filter(pk=article.pk).first()
        if Notification.objects.filter(
            article_id=article.pk, event=event, created_at__gte=article.quiet_since
        ).exists():
            return []
        rows = Notification.objects.bulk_create(
            Notification(
                recipient_id=pk,
                event=event,
                article_id=article.pk,
                subject=subject,
                body=body,
                created_at=now,
            )
            for pk in recipient_ids
        )
    logger.info("Queued %d live_quiet e-mail(s) for article %s", len(rows), article.pk)
    return rows


def absolute_link(path):
    """The address of an admin page for a mail: `DJANGO_SITE_URL` and the path (a mail has no
    request to take the host from; without the setting the path alone is given)."""
    return iri_to_uri(settings.SITE_URL + path)


def _editors():
    """Staff who may publish: superusers, and holders of the permission directly or by role."""
    app_label, codename = PUBLISH_PERMISSION
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    users = get_user_model().objects
    if permission is None:
        return users.filter(is_superuser=True)
    return users.filter(
        Q(is_superuser=True)
        | Q(pk__in=permission.group_set.values("user"))
        | Q(pk__in=permission.user_set.values("pk"))
    )


def _reporters(article):
    """The staff accounts behind the article's bylines, and its creator."""
    byline_users = Byline.objects.filter(article_id=article.pk, author__user__isnull=False).values(
        "author__user"
    )
    return get_user_model().objects.filter(Q(pk__in=byline_users) | Q(pk=article.created_by_id))


@dataclass
class SendResult:
    """What one run of `notifications_send_due` did."""

    sent: int = 0
    failed: int = 0  # to be tried again
    given_up: int = 0


def notifications_send_due(*, now=None, batch_size=BATCH_SIZE, budget=SEND_BUDGET):
    """Send the queued e-mails whose time has come; retry failures later, give up after
    MAX_ATTEMPTS. Several scheduler runs (several hosts) may call it at once: each claims its
    rows first, so a mail is sent once.

    A run stops at the first failure of the mail server itself (it cannot connect, the
    connection drops or times out) and after `budget`: what it claimed and did not try goes
    back to the queue uncounted. So a server that is down or slow costs one attempt of one
    mail and one timeout per run, never holds the scheduler past its lease (CLAIM_LEASE) and
    never lets another run send the same mail."""
    now = now or timezone.now()
    started = time.monotonic()
    result = SendResult()
    claimed = _claim(now, batch_size)
    if not claimed:
        return result
    # One connection for the batch (one SMTP session).
    connection = mailers.default
    untried = list(claimed)
    try:
        try:
            connection.open()
        except Exception as error:
            # No connection (down, refused, wrong password): the first mail carries the attempt.
            logger.warning("Could not connect to the mail server", exc_info=True)
            _record_failure(untried.pop(0), error, result)
        else:
            while untried and time.monotonic() - started < budget.total_seconds():
                if not _send_one(untried.pop(0), connection, result):
                    break
    finally:
        try:
            connection.close()
        except Exception:  # a broken connection is already counted in the failures
            logger.warning("Could not close the mail connection", exc_info=True)
        _release(untried)
    logger.info(
        "E-mail notifications: %d sent, %d to retry, %d given up, %d left for the next run",
        result.sent,
        result.failed,
        result.given_up,
        len(untried),
    )
    return result


def _release(rows):
    """Give claimed rows that were not tried back to the queue, their attempt uncounted."""
    if rows:
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") - 1, next_attempt_at=timezone.now()
        )


def _claim(now, batch_size):
    """Take up to `batch_size` due rows: count the attempt and move the next one past the
    lease, so that another run leaves them alone while this one sends."""
    with transaction.atomic():
        rows = list(
            Notification.objects.due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("next_attempt_at", "id")[:batch_size]
        )
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE
        )
    for row in rows:
        row.attempts += 1
    return rows


def _send_one(notification, connection, result):
    """Send one mail; False when the mail server itself failed (the run stops there)."""
    recipient = notification.recipient
    if not (recipient.is_active and recipient.email):
        # Permanent: no retry will find an address. Given up at once, kept for people to read.
        _give_up(notification, _("The account is inactive or has no e-mail address."), result)
        return True
    try:
        message = EmailMessage(
            subject=notification.subject, body=notification.body, to=[recipient.email]
        )
        if connection.send_messages([message]) != 1:
            raise RuntimeError(_("The mail server did not accept the message."))
    except Exception as error:
        _record_failure(notification, error, result)
        return not is_server_error(error)
    Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now(), last_error="")
    result.sent += 1
    logger.info(
        "Sent notification %s (%s) to user %s", notification.pk, notification.event, recipient.pk
    )
    return True


def _give_up(notification, reason, result):
    Notification.objects.filter(pk=notification.pk).update(
        attempts=MAX_ATTEMPTS, last_error=str(reason)[:1000]
    )
    result.given_up += 1
    logger.error(
        "Gave up notification %s to user %s: %s", notification.pk, notification.recipient_id, reason
    )


def _record_failure(notification, error, result):
    message = f"{type(error).__name__}: {error}"[:1000]
    attempts = notification.attempts
    Notification.objects.filter(pk=notification.pk).update(
        last_error=message, next_attempt_at=timezone.now() + retry_delay(attempts)
    )
    if attempts >= MAX_ATTEMPTS:
        result.given_up += 1
        logger.error(
            "Gave up notification %s to user %s after %d attempts: %s",
            notification.pk,
            notification.recipient_id,
            attempts,
            message,
        )
    else:
        result.failed += 1
        logger.warning(
            "Notification %s to user %s failed (attempt %d of %d): %s",
            notification.pk,
            notification.recipient_id,
            attempts,
            MAX_ATTEMPTS,
            message,
        )
