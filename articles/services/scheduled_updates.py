"""Scheduled updates: a change to a published article, prepared now, live at a set time.

`scheduled_update_create`, `_edit` and `_cancel` are editors' actions (the `publish_article`
permission), atomic and audited like the workflow's. `scheduled_update_apply` writes a due
update through the content service (articles/services/content.py: version, revision, audit,
purge after commit), acting as the scheduler. Readers see it on time without any process
running: the public article page applies its article's due updates before rendering
(articles/public/views.py) and no cache keeps the page past the next update's time; the
`publish_scheduled_articles` command applies every due update each minute, for the pages that
list the article.

An update stores, for each field it changes, the value before and after. When the article was
saved since in one of those fields (by someone else, another update), applying would silently
undo that edit: the update is not applied, its state becomes `conflict` with a note, and the
desk decides (the admin's list of scheduled updates shows it). Changes since to other fields
are kept: only the update's own fields are written.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.exceptions import InvalidTransition, TransitionNotPermitted, WorkflowError
from articles.models import (
    Article,
    ScheduledUpdate,
    ScheduledUpdateState,
    Status,
    SystemActor,
)
from articles.sanitize import sanitize_body_html
from articles.services import permissions
from articles.services.content import article_update_content, audit_row_create
from articles.services.revisions import TEXT_FIELDS
from newsroom.kept import forget, forget_now_and_after_commit, kept

logger = logging.getLogger(__name__)

# What an update may change: the article form's content (revisions.TEXT_FIELDS), its section,
# lead image, expiry, tags and bylines. Not the import keys, nor status or publish time.
SCHEDULABLE_FIELDS = (
    *TEXT_FIELDS,
    "section",
    "lead_image",
    "lead_image_caption",
    "share_image",
    "expires_at",
    "tags",
    "authors",
)


@dataclass
class AppliedResult:
    applied: int = 0
    conflicts: int = 0
    failed: list = field(default_factory=list)  # (update id, message)


# Every list page and the home page ask when the next pending update of any article is due
# (articles/public/views.py `settle_scheduled_updates`): the answer is kept in the shared cache
# and forgotten by the functions below that change a pending update. The minute bounds how late
# a page learns of an update written behind their back (the scheduler applies it regardless).
NEXT_UPDATE_CACHE_KEY = "newsroom:next-scheduled-update"
NEXT_UPDATE_GENERATION_KEY = f"{NEXT_UPDATE_CACHE_KEY}:generation"
NEXT_UPDATE_CACHE_SECONDS = 60


def next_update_time(*, refresh=False):
    """The time of the next pending update of any article (due or not), or None, kept in the
    shared cache (newsroom/kept.py)."""
    if refresh:
        forget(NEXT_UPDATE_GENERATION_KEY)
    return kept(
        NEXT_UPDATE_CACHE_KEY,
        ScheduledUpdate.objects.next_time,
        seconds=NEXT_UPDATE_CACHE_SECONDS,
        generation_key=NEXT_UPDATE_GENERATION_KEY,
    )


def forget_next_update_time():
    forget_now_and_after_commit(NEXT_UPDATE_GENERATION_KEY)


def scheduled_update_create(*, article, actor, changes, go_live_at, substantive=False, now=None):
    """Prepare `changes` ({field: value} in the content service's terms, SCHEDULABLE_FIELDS)
    to `article` for `go_live_at` (in the future). Only the fields that differ from the article
    now are kept; nothing different is refused. Returns the ScheduledUpdate."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_article(article)
        _check_may_schedule(actor, locked)
        _check_time(go_live_at, now)
        diff = _diff(locked, changes)
        update = ScheduledUpdate.objects.create(
            article=locked,
            go_live_at=go_live_at,
            changes=diff,
            substantive=bool(substantive),
            base_version=locked.version,
            created_by=actor,
        )
        _audit(
            locked,
            actor,
            _("Scheduled update #%(number)s prepared for %(time)s: %(fields)s.")
            % _describe(update),
        )
    forget_next_update_time()
    return update


def scheduled_update_edit(
    *, update, actor, go_live_at=None, changes=None, substantive=None, now=None
):
    """Change a pending update's time, its changes (given whole, as for create, compared
    with the article now) or whether it is substantive. Returns the ScheduledUpdate."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_article = _lock_article(update.article)
        row = _lock_pending(update)
        _check_may_schedule(actor, locked_article)
        fields = []
        if go_live_at is not None and go_live_at != row.go_live_at:
            _check_time(go_live_at, now)
            row.go_live_at = go_live_at
            fields.append("go_live_at")
        if changes is not None:
            row.changes = _diff(locked_article, changes)
            row.base_version = locked_article.version
            fields += ["changes", "base_version"]
        if substantive is not None and bool(substantive) != row.substantive:
            row.substantive = bool(substantive)
            fields.append("substantive")
        if fields:
            row.save(update_fields=fields)
            _audit(
                locked_article,
                actor,
                _("Scheduled update #%(number)s changed: now for %(time)s: %(fields)s.")
                % _describe(row),
            )
    forget_next_update_time()
    _refresh(update, row)
    return update


def scheduled_update_cancel(*, update, actor, now=None):
    """Cancel a pending update: it never goes live. Returns the ScheduledUpdate."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_article = _lock_article(update.article)
        row = _lock_pending(update)
        _check_may_schedule(actor, locked_article, status_matters=False)
        row.state = ScheduledUpdateState.CANCELLED
        row.closed_at = now
        row.closed_by = actor
        row.save(update_fields=["state", "closed_at", "closed_by"])
        _audit(
            locked_article,
            actor,
            _("Scheduled update #%(number)s for %(time)s cancelled.") % _describe(row),
        )
    forget_next_update_time()
    _refresh(update, row)
    return update


def scheduled_update_apply(*, update, now=None):
    """Write a due update into its article through the content service, as the scheduler.

    Idempotent: the update is claimed with a conditional UPDATE (pending -> applied) under the
    article's row lock, so of two requests (or a request and the command) applying it at once
    exactly one writes. Returns the update's new state, or None when it was not due or no
    longer pending (someone else applied or cancelled it)."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            article = Article.objects.select_for_update().get(pk=update.article_id)
        except Article.DoesNotExist:
            return None
        claimed = ScheduledUpdate.objects.filter(
            pk=update.pk, state=ScheduledUpdateState.PENDING, go_live_at__lte=now
        ).update(state=ScheduledUpdateState.APPLIED, closed_at=now)
        if not claimed:
            return None
        row = ScheduledUpdate.objects.get(pk=update.pk)
        problem = _conflict(row, article)
        if problem is None:
            changes = {
                name: _stored_to_service(name, value["after"])
                for name, value in row.changes.items()
            }
            if row.substantive:
                changes["updated_at"] = row.go_live_at
            note = _("Scheduled update #%(number)s went live (prepared by %(who)s).") % {
                "number": row.pk,
                "who": _who(row.created_by),
            }
            try:
                # A savepoint: a refusal by the content service leaves the claim to be
                # turned into a conflict below, not the whole transaction broken.
                with transaction.atomic():
                    audit_row_create(
                        article=article,
                        from_status=article.status,
                        to_status=article.status,
                        actor=SystemActor.SCHEDULER,
                        note=note,
                    )
                    article_update_content(
                        article=article,
                        actor=SystemActor.SCHEDULER,
                        changes=changes,
                        note=note,
                        now=now,
                    )
            except WorkflowError as error:
                problem = str(error)
        if problem is not None:
            row.state = ScheduledUpdateState.CONFLICT
            row.note = problem[:500]
            row.save(update_fields=["state", "note"])
            audit_row_create(
                article=article,
                from_status=article.status,
                to_status=article.status,
                actor=SystemActor.SCHEDULER,
                note=_("Scheduled update #%(number)s not applied: %(problem)s")
                % {"number": row.pk, "problem": problem},
            )
    forget_next_update_time()
    _refresh(update, row)
    return row.state


def scheduled_updates_apply_due(*, article_id=None, now=None):
    """Apply every due update (of one article, when `article_id` is given), oldest first, each
    in its own transaction. Returns an AppliedResult."""
    now = now or timezone.now()
    result = AppliedResult()
    due = ScheduledUpdate.objects.due(now)
    if article_id is not None:
        due = due.filter(article_id=article_id)
    for update in list(due.only("pk", "article_id")):
        try:
            state = scheduled_update_apply(update=update, now=now)
        except Exception as error:  # reported by the command; the other updates still apply
            logger.exception("Could not apply scheduled update %s", update.pk)
            result.failed.append((update.pk, str(error)))
            continue
        if state == ScheduledUpdateState.APPLIED:
            result.applied += 1
        elif state == ScheduledUpdateState.CONFLICT:
            result.conflicts += 1
    return result


def stored_values(article):
    """The article's schedulable content now, as an update stores it (JSON-ready)."""
    from articles.services.revisions import snapshot

    content = snapshot(article)
    values = {name: content[name] for name in TEXT_FIELDS}
    values["section"] = content["section_id"]
    values["lead_image"] = content["lead_image_id"]
    values["lead_image_caption"] = content["lead_image_caption"]
    values["share_image"] = content["share_image_id"]
    values["expires_at"] = _stored("expires_at", article.expires_at)
    values["tags"] = content["tag_ids"]
    values["authors"] = content["author_ids"]
    return values


# Steps.


def _lock_article(article):
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise InvalidTransition(_("This article no longer exists.")) from None


def _lock_pending(update):
    row = ScheduledUpdate.objects.select_for_update().filter(pk=update.pk).first()
    if row is None or row.state != ScheduledUpdateState.PENDING:
        raise InvalidTransition(_("This scheduled update is no longer pending."))
    return row


def _check_may_schedule(actor, article, *, status_matters=True):
    if not permissions.can_schedule_update(actor, article, status_matters=status_matters):
        if status_matters and article.status != Status.PUBLISHED:
            raise InvalidTransition(_("Only a published article takes scheduled updates."))
        raise TransitionNotPermitted(_("Only editors who publish can schedule updates."))


def _check_time(go_live_at, now):
    if go_live_at is None or go_live_at <= now:
        raise InvalidTransition(_("The time of a scheduled update must be in the future."))


def _diff(article, changes):
    unknown = set(changes) - set(SCHEDULABLE_FIELDS)
    if unknown:
        raise ValueError(f"not schedulable content of an article: {', '.join(sorted(unknown))}")
    current = stored_values(article)
    diff = {}
    for name, value in changes.items():
        after = _stored(name, value)
        if after != current[name]:
            diff[name] = {"before": current[name], "after": after}
    if not diff:
        raise InvalidTransition(_("This update changes nothing in the article."))
    return diff


def _stored(name, value):
    """A value in an update's JSON: ids for relations, UTC ISO text for times, clean HTML."""
    if name in ("tags",):
        return sorted({getattr(item, "pk", item) for item in value or []})
    if name == "authors":
        return list(dict.fromkeys(getattr(item, "pk", item) for item in value or []))
    if name in ("section", "lead_image", "share_image"):
        return getattr(value, "pk", value)
    if name == "expires_at":
        return value.astimezone(datetime.UTC).isoformat() if value else None
    if name == "body":
        return sanitize_body_html(value or "")
    return value


def _stored_to_service(name, value):
    if name == "expires_at":
        return parse_datetime(value) if value else None
    return value


def _conflict(update, article):
    """Why applying `update` would undo a later edit, or None."""
    if article.status != Status.PUBLISHED:
        return _("the article is no longer published.")
    # Whoever prepared it must still be allowed to: an account deactivated, or moved out of
    # the editors, since then does not publish through the scheduler.
    if not permissions.can_schedule_update(update.created_by, article):
        return _("whoever prepared it may no longer schedule updates.")
    missing = _missing(update.changes)
    if missing:
        return _("deleted since: %(what)s.") % {"what": "، ".join(missing)}
    if article.version == update.base_version:
        return None
    current = stored_values(article)
    changed_since = [
        name
        for name, value in update.changes.items()
        if current[name] not in (value["before"], value["after"])
    ]
    if not changed_since:
        return None
    return _("the article was changed since in %(fields)s.") % {
        "fields": "، ".join(_field_label(name) for name in changed_since)
    }


def _missing(changes):
    """The section, picture, tags or authors an update names that no longer exist."""
    from articles.models import Image, Section, Tag
    from authors.models import Author

    missing = []
    for name, model in (("section", Section), ("lead_image", Image), ("share_image", Image)):
        pk = changes.get(name, {}).get("after")
        if pk is not None and not model.objects.filter(pk=pk).exists():
            missing.append(_field_label(name))
    for name, model in (("tags", Tag), ("authors", Author)):
        wanted = set(changes.get(name, {}).get("after") or [])
        if wanted and model.objects.filter(pk__in=wanted).count() != len(wanted):
            missing.append(_field_label(name))
    return missing


def _field_label(name):
    if name == "tags":
        return str(Article._meta.get_field("tags").verbose_name)
    if name == "authors":
        return _("bylines")
    return str(Article._meta.get_field(name).verbose_name)


def _describe(update):
    return {
        "number": update.pk,
        "time": date_format(timezone.localtime(update.go_live_at), "DATETIME_FORMAT"),
        "fields": "، ".join(_field_label(name) for name in update.changes),
    }


def describe_fields(update):
    """The names of the fields an update changes, for the admin."""
    return _describe(update)["fields"]


def _audit(article, actor, note):
    audit_row_create(
        article=article,
        from_status=article.status,
        to_status=article.status,
        actor=actor,
        note=note,
    )


def _who(user):
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def _refresh(update, row):
    if row is not update:
        for name in (
            "go_live_at",
            "changes",
            "substantive",
            "base_version",
            "state",
            "closed_at",
            "closed_by_id",
            "note",
        ):
            setattr(update, name, getattr(row, name))
