"""The one write path of the editorial workflow: one function per transition.

Each function runs in a transaction, re-reads the article with its row locked, checks the
actor's permission (TransitionNotPermitted) and the move (InvalidTransition) against the
workflow's table (articles/models/workflow.py), saves only the fields it changes, writes a
StatusChange audit row and registers side effects with `transaction.on_commit`. The caller's `article` instance is updated to the new state.

The admin's buttons and bulk actions, the `publish_scheduled_articles` command and any future
API call these functions; nothing else writes `Article.status`. Content changes go through
`article_update_content` (articles/services/content.py, importable from here too).
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.exceptions import InvalidTransition
from articles.images.publication import image_publication_problems
from articles.models import Article, Correction, CorrectionKind, Status, SystemActor
from articles.models.article import PUBLIC_STATUSES
from articles.models.workflow import WORKFLOW, can_move
from articles.services import permissions
from articles.services.content import (  # noqa: F401  (the content service, importable from here)
    article_create,
    article_update_content,
    audit_row_create,
)
from articles.signals import send_article_changed_publicly, send_article_status_changed

logger = logging.getLogger(__name__)


def article_submit_for_review(*, article, actor):
    """draft -> in_review. A reporter submits their own articles; editors any."""
    with transaction.atomic():
        locked = _lock(article)
        permissions.require(actor, "submit", locked)
        _check_move(locked, Status.IN_REVIEW)
        _check_ready(locked)
        _move(locked, to_status=Status.IN_REVIEW, actor=actor)
    return _copy_back(locked, article)


def article_return_to_draft(*, article, actor, note):
    """in_review, scheduled or archived -> draft, with a note saying why (editors only)."""
    with transaction.atomic():
        locked = _lock(article)
        permissions.require(actor, "return_to_draft", locked)
        _check_move(locked, Status.DRAFT)
        note = (note or "").strip()
        if not note:
            raise InvalidTransition(_("Write a note saying why the article goes back to draft."))
        _move(locked, to_status=Status.DRAFT, actor=actor, note=note)
    return _copy_back(locked, article)


def article_schedule(*, article, actor, publish_at, now=None):
    """in_review (or scheduled) -> scheduled for a future `publish_at`; a time already come
    publishes at once, keeping that time."""
    now = now or timezone.now()
    if publish_at is None:
        raise InvalidTransition(_("Choose a publish time."))
    if timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at)
    target = Status.SCHEDULED if publish_at > now else Status.PUBLISHED
    with transaction.atomic():
        locked = _lock(article)
        permissions.require(actor, "schedule", locked)
        _check_move(locked, target)
        _check_ready(locked)
        _check_images(locked)
        _check_expiry(locked, publish_at, now)
        locked.publish_at = publish_at
        note = ""
        if target == Status.SCHEDULED:
            note = _("To be published at %(time)s.") % {
                "time": date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
            }
        _move(locked, to_status=target, actor=actor, note=note, fields=["publish_at"])
    return _copy_back(locked, article)


def article_publish(*, article, actor, now=None):
    """in_review or scheduled -> published now. A publish time already past is kept (an
    embargo lifted early or a backdated story); an empty or future one becomes `now`."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(article)
        permissions.require(actor, "publish", locked)
        _check_move(locked, Status.PUBLISHED)
        _check_ready(locked)
        _check_images(locked)
        if locked.publish_at is None or locked.publish_at > now:
            locked.publish_at = now
        _check_expiry(locked, locked.publish_at, now)
        _move(locked, to_status=Status.PUBLISHED, actor=actor, fields=["publish_at"])
    return _copy_back(locked, article)


def article_archive(*, article, actor, reason):
    """published or scheduled -> archived (taken down), with the reason recorded."""
    with transaction.atomic():
        locked = _lock(article)
        permissions.require(actor, "archive", locked)
        _check_move(locked, Status.ARCHIVED)
        reason = (reason or "").strip()
        if not reason:
            raise InvalidTransition(_("Write the reason for taking the article down."))
        _move(locked, to_status=Status.ARCHIVED, actor=actor, note=reason)
    return _copy_back(locked, article)


def article_add_correction(*, article, actor, kind, text, now=None):
    """Attach a correction, clarification or right of reply to a published article (editors).

    Readers see it on the article with its time. Returns the new Correction.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(article)
        permissions.require(actor, "correct", locked)
        if locked.status not in WORKFLOW["correct"].sources:
            raise InvalidTransition(_("Corrections can only be added to a published article."))
        text = (text or "").strip()
        if not text:
            raise InvalidTransition(_("Write the text of the correction."))
        if kind not in CorrectionKind.values:
            raise InvalidTransition(_("Choose the kind of notice."))
        correction = Correction.objects.create(
            article=locked, kind=kind, text=text, created_at=now, created_by=actor
        )
        transaction.on_commit(partial(send_article_changed_publicly, locked))
    return correction


@dataclass
class DueResult:
    """What `article_publish_due_detailed` did: counts, and the articles it could not move."""

    published: int = 0
    taken_down: int = 0
    failed: list = field(default_factory=list)  # [(article id, error message), …]

    @property
    def total(self):
        return self.published + self.taken_down


def article_publish_due(now=None):
    """Publish scheduled articles whose time has come and take down expired ones.

    Returns how many articles it moved. Audit rows name the scheduler as their actor.
    """
    return article_publish_due_detailed(now=now).total


def article_publish_due_detailed(*, now=None):
    """`article_publish_due`, reporting published, taken-down and failed articles apart.

    Each article moves in its own transaction, so one failure does not hold back the others.
    """
    now = now or timezone.now()
    result = DueResult()
    for pk in list(Article.objects.due_for_publication(now).values_list("pk", flat=True)):
        if _move_due(pk, Status.PUBLISHED, now, result):
            result.published += 1
    for pk in list(Article.objects.due_for_takedown(now).values_list("pk", flat=True)):
        if _move_due(pk, Status.ARCHIVED, now, result):
            result.taken_down += 1
    return result


def _move_due(pk, target, now, result):
    try:
        with transaction.atomic():
            due = (
                Article.objects.due_for_publication(now)
                if target == Status.PUBLISHED
                else Article.objects.due_for_takedown(now)
            )
            # Re-checked under the lock: another run or an editor may have moved it meanwhile.
            locked = due.select_for_update().filter(pk=pk).first()
            if locked is None:
                return False
            note = "" if target == Status.PUBLISHED else _("The expiry time has passed.")
            _move(locked, to_status=target, actor=SystemActor.SCHEDULER, note=note)
        return True
    except Exception as error:  # reported by the command; the other articles still move
        logger.exception("Could not move article %s to %s", pk, target)
        result.failed.append((pk, str(error)))
        return False


# Steps shared by the services.


def _lock(article):
    """The article's row, re-read and locked until the transaction ends."""
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise InvalidTransition(_("This article no longer exists.")) from None


def _check_move(article, target):
    if not can_move(article.status, target):
        raise InvalidTransition(
            _("The article cannot go from “%(current)s” to “%(target)s”.")
            % {"current": Status(article.status).label, "target": Status(target).label}
        )


def _check_ready(article):
    missing = article.missing_fields_for_review(byline_count=article.bylines.count())
    if missing:
        raise InvalidTransition(
            _("The article cannot leave draft yet. Missing: %(fields)s.")
            % {"fields": "، ".join(str(name) for name in missing)}
        )


def _check_images(article):
    """Readers may not see a picture without alternative text and a credit."""
    problems = image_publication_problems(article)
    if problems:
        raise InvalidTransition(" ".join(problems))


def _check_expiry(article, publish_at, now):
    if article.expires_at is not None and article.expires_at <= max(publish_at, now):
        raise InvalidTransition(
            _("The expiry time comes before the article would appear. Change or clear it first.")
        )


def _move(article, *, to_status, actor, note="", fields=()):
    from_status = article.status
    article.status = to_status
    fields = ["status", *fields]
    if _breaking_from_publication(article, from_status, to_status):
        fields.append("breaking_until")
    if permissions.is_staff_actor(actor):
        # The list's "last edited by" names whoever last touched the article. The version is
        # left alone: it counts content saves, and an open form (which never holds status or
        # publish time) stays saveable after a move.
        article.last_edited_by = actor
        fields += ["last_edited_by", "modified_at"]
    article.save(update_fields=fields)
    status_change = audit_row_create(
        article=article, from_status=from_status, to_status=to_status, actor=actor, note=note
    )
    if from_status in PUBLIC_STATUSES or to_status in PUBLIC_STATUSES:
        transaction.on_commit(partial(send_article_changed_publicly, article))
    # The staff's e-mails are queued from this (articles/services/notifications.py), once the
    # move is certain: a rolled-back move tells nobody anything.
    transaction.on_commit(partial(send_article_status_changed, status_change))


def _breaking_from_publication(article, from_status, to_status):
    """A story flagged "breaking" before it goes live is breaking for NEWSROOM_BREAKING_HOURS
    from its publication, not from when the flag was ticked (which, on a draft or a story
    scheduled hours ahead, ended the label before readers saw it). An end chosen later than
    that is kept. Return whether the end changed."""
    going_live = to_status in (Status.SCHEDULED, Status.PUBLISHED)
    if not (article.is_breaking and going_live and from_status != Status.PUBLISHED):
        return False
    end = article.publish_at + timedelta(hours=settings.NEWSROOM_BREAKING_HOURS)
    if article.breaking_until is not None and article.breaking_until >= end:
        return False
    article.breaking_until = end
    return True


def _copy_back(locked, article):
    """Bring the caller's instance up to date with what was saved."""
    article.status = locked.status
    article.publish_at = locked.publish_at
    return article
