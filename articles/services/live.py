"""Live coverage: the one write path of an article's live blog.

Like the workflow's services (articles/services/workflow.py), each function runs in a
transaction, locks the article's row (so two entries pinned at once, or an entry posted while
the coverage ends, cannot interleave), checks the actor's permission (TransitionNotPermitted)
against the rules of articles/models/workflow.py (`LIVE_ENTRIES`, `LIVE_COVERAGE`), saves only
the fields it changes, writes an audit row (a `StatusChange` that moves nothing, like a
scheduled update's) and, once committed, has the article's page and its live endpoint purged:
`live_entries_changed` for an entry, `article_changed_publicly` for the coverage's start and
end (the article's description to search engines changes with it).

An entry's text is sanitised by the article body's allowlist (articles/sanitize.py); its
picture, like the lead picture, needs alternative text and a credit. The entry's byline is the
author profile of the staff account that posts it, when it has one.
"""

from functools import partial

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import Article, LiveEntry
from articles.sanitize import sanitize_body_html
from articles.services import permissions
from articles.services.content import audit_row_create
from articles.signals import send_article_changed_publicly, send_live_entries_changed


def live_coverage_start(*, article, actor, now=None):
    """Start (or resume) the article's live coverage (editors). Returns the article."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_article(article)
        if not permissions.can_run_live_coverage(actor, locked):
            raise TransitionNotPermitted(_("Only editors can start or end live coverage."))
        if locked.is_live:
            raise InvalidTransition(_("The live coverage of this article is already running."))
        fields = ["live_ended_at", "live_resumed_at"]
        locked.live_resumed_at = now
        if locked.live_started_at is None:
            locked.live_started_at = now
            fields.append("live_started_at")
            note = _("Live coverage started.")
        else:
            note = _("Live coverage resumed.")
        locked.live_ended_at = None
        locked.save(update_fields=fields)
        _audit(locked, actor, note)
        transaction.on_commit(partial(send_article_changed_publicly, locked))
    article.live_started_at, article.live_ended_at = locked.live_started_at, None
    article.live_resumed_at = now
    return article


def live_coverage_end(*, article, actor, now=None):
    """End the article's live coverage (editors): readers' pages stop polling and say so.
    Returns the article."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_article(article)
        if not permissions.can_run_live_coverage(actor, locked):
            raise TransitionNotPermitted(_("Only editors can start or end live coverage."))
        if not locked.is_live:
            raise InvalidTransition(_("This article has no live coverage running."))
        locked.live_ended_at = now
        locked.save(update_fields=["live_ended_at"])
        _audit(locked, actor, _("Live coverage ended."))
        transaction.on_commit(partial(send_article_changed_publicly, locked))
    article.live_ended_at = now
    return article


def live_entry_post(*, article, actor, body, pinned=False, image=None, now=None):
    """Post a new entry on the article's running live blog. Pinning it unpins the entry
    pinned before. Returns the new LiveEntry."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_article(article)
        _check_may_post(actor, locked)
        if not locked.is_live:
            raise InvalidTransition(
                _("The live coverage of this article is not running: start it first.")
            )
        body = _clean_body(body)
        _check_image(image)
        if pinned:
            _unpin_others(locked, except_id=None)
        entry = LiveEntry.objects.create(
            article=locked,
            body=body,
            image=image,
            author=_author_of(actor),
            created_by=actor,
            created_at=now,
            pinned=bool(pinned),
        )
        _audit(locked, actor, _("Live entry #%(number)s posted.") % {"number": entry.pk})
        _purge_after_commit(locked)
    return entry


def live_entry_edit(*, entry, actor, body, image=None, keep_image=True, now=None):
    """Change an entry's text (and picture: `image`, or none when `keep_image` is False and
    `image` is None). Readers see it marked as edited, with the time. Returns the entry."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_article, row = _lock_for_change(entry, actor)
        if row.is_withdrawn:
            raise InvalidTransition(_("A withdrawn entry cannot be edited."))
        body = _clean_body(body)
        new_image = image if (image is not None or not keep_image) else row.image
        _check_image(new_image)
        if body == row.body and new_image == row.image:
            return _copy_back(row, entry)
        row.body, row.image, row.edited_at = body, new_image, now
        row.save(update_fields=["body", "image", "edited_at"])
        _audit(locked_article, actor, _("Live entry #%(number)s edited.") % {"number": row.pk})
        _purge_after_commit(locked_article)
    return _copy_back(row, entry)


def live_entry_withdraw(*, entry, actor, now=None):
    """Withdraw an entry: readers no longer see it (the row stays for the audit trail).
    Returns the entry."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_article, row = _lock_for_change(entry, actor)
        if row.is_withdrawn:
            raise InvalidTransition(_("This entry was already withdrawn."))
        row.withdrawn_at, row.pinned = now, False
        row.save(update_fields=["withdrawn_at", "pinned"])
        _audit(locked_article, actor, _("Live entry #%(number)s withdrawn.") % {"number": row.pk})
        _purge_after_commit(locked_article)
    return _copy_back(row, entry)


def live_entry_pin(*, entry, actor, pinned=True):
    """Pin an entry on top of the live blog (the one pinned before is unpinned), or unpin it
    with `pinned=False`. Returns the entry."""
    with transaction.atomic():
        locked_article, row = _lock_for_change(entry, actor)
        if row.is_withdrawn:
            raise InvalidTransition(_("A withdrawn entry cannot be pinned."))
        if row.pinned == bool(pinned):
            return _copy_back(row, entry)
        if pinned:
            _unpin_others(locked_article, except_id=row.pk)
        row.pinned = bool(pinned)
        row.save(update_fields=["pinned"])
        note = (
            _("Live entry #%(number)s pinned.") if pinned else _("Live entry #%(number)s unpinned.")
        )
        _audit(locked_article, actor, note % {"number": row.pk})
        _purge_after_commit(locked_article)
    return _copy_back(row, entry)


# Steps.


def _lock_article(article):
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise InvalidTransition(_("This article no longer exists.")) from None


def _lock_for_change(entry, actor):
    """The entry's article and the entry, locked in that order, once the actor may change it:
    a reporter their own entries, an editor every one."""
    locked_article = _lock_article(entry.article)
    row = _lock_entry(entry, locked_article)
    _check_may_post(actor, locked_article)
    if not permissions.can_change_live_entry(actor, row, locked_article):
        raise TransitionNotPermitted(_("You may only change the live entries you posted."))
    return locked_article, row


def _lock_entry(entry, article):
    row = LiveEntry.objects.select_for_update().filter(pk=entry.pk, article=article).first()
    if row is None:
        raise InvalidTransition(_("This live entry no longer exists."))
    return row


def _check_may_post(actor, article):
    if not permissions.can_post_live(actor, article):
        raise TransitionNotPermitted(
            _("You may only post live entries on articles you created or sign.")
        )


def _clean_body(body):
    body = sanitize_body_html(body)
    if not strip_tags(body).strip() and "<img" not in body:
        raise InvalidTransition(_("Write the text of the entry."))
    return body


def _check_image(image):
    if image is None:
        return
    if not (image.alt_text or "").strip() or not (image.credit or "").strip():
        raise InvalidTransition(
            _("The entry's picture needs alternative text and a credit in the library first.")
        )


def _unpin_others(article, *, except_id):
    # Unpinned before the new pin is saved: the database allows one pinned entry per article.
    pinned = LiveEntry.objects.filter(article=article, pinned=True).exclude(pk=except_id)
    for other in pinned:
        other.pinned = False
        other.save(update_fields=["pinned"])


def _author_of(actor):
    if not permissions.is_staff_actor(actor):
        return None
    try:
        return actor.author_profile
    except ObjectDoesNotExist:
        return None


def _audit(article, actor, note):
    audit_row_create(
        article=article,
        from_status=article.status,
        to_status=article.status,
        actor=actor,
        note=note,
    )


def _purge_after_commit(article):
    transaction.on_commit(partial(send_live_entries_changed, article.pk))


def _copy_back(row, entry):
    # Setting the id forgets a picture cached on the caller's instance when it changed.
    for name in ("body", "image_id", "edited_at", "withdrawn_at", "pinned"):
        setattr(entry, name, getattr(row, name))
    return entry
