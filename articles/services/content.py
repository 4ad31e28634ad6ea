"""The one write path for an article's content (everything but its status and publish time).

`article_update_content` is to content what the transitions of articles/services/workflow.py are to
status: atomic, the row locked, the actor's permission and the version checked, only the
changed columns saved, `version` + 1, a revision, derived fields kept right (`Article.save`
adds the search text to `update_fields`), and the caches purged after commit when readers saw
or see the article. The admin's form, a revision restore, both importers' updates and the
media import call it; `article_create` starts an article the same way.

`actor` is a staff user or a `SystemActor` (an importer, the scheduler): commands run by the
operator are not asked for permissions, and the revisions and audit rows name the command.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.exceptions import InvalidTransition, StaleVersion, TransitionNotPermitted
from articles.models import Article, Byline, Revision, Status, StatusChange, SystemActor
from articles.services import permissions
from articles.services.revisions import revision_create
from articles.signals import ArticleListings, send_article_changed_publicly

# What the content service writes. Status and publish time belong to the workflow services;
# `version`, the import bookkeeping and the audit columns are the service's own.
CONTENT_FIELDS = (
    "kicker",
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "language",
    "section",
    "lead_image",
    "lead_image_caption",
    "expires_at",
    "updated_at",
    "comment_policy",
    "is_featured",
    "is_breaking",
    "breaking_until",
    "share_title",
    "share_description",
    "share_image",
    "source",
    "source_id",
)
# Many-to-many content, given as lists of objects or ids: tags (a set), authors (bylines, in
# their printed order).
RELATIONS = ("tags", "authors")
# A write by one of these leaves the article "as imported": the next run may update it.
IMPORTERS = frozenset({SystemActor.IMPORT_TEXT, SystemActor.IMPORT_WXR})


@dataclass
class ContentChange:
    """What `article_update_content` did."""

    article: Article
    changed: list = field(default_factory=list)  # field names, plus "tags" / "authors"
    revision: Revision | None = None


def article_update_content(
    *, article, actor, changes, expected_version=None, note="", import_fingerprint=None, now=None
):
    """Write `changes` ({field name: value}, see CONTENT_FIELDS and RELATIONS) into `article`.

    Refuses (TransitionNotPermitted) an actor who may not edit it: a reporter edits their own
    drafts, an editor any article. Refuses (StaleVersion) when `expected_version` is given and
    someone saved since, naming who and when. Nothing changed: nothing written, no revision.
    `import_fingerprint`: an importer's fingerprint of the source, stored with the write.
    Returns a ContentChange; the caller's `article` is brought up to date.
    """
    unknown = set(changes) - set(CONTENT_FIELDS) - set(RELATIONS)
    if unknown:
        raise ValueError(f"not content of an article: {', '.join(sorted(unknown))}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(article)
        _check_may_edit(actor, locked)
        if expected_version is not None and locked.version != expected_version:
            raise StaleVersion(stale_version_message(locked))
        was_public = locked.is_public(now)
        # Where it was listed before the change: its old section, tags, authors.
        listed_before = ArticleListings.of(locked) if was_public else None
        changed = _apply_fields(locked, changes)
        changed += _settle_breaking(locked, changed, now)
        _check_expiry(locked)
        tag_ids = _ids(changes["tags"]) if "tags" in changes else None
        if tag_ids is not None and set(tag_ids) != set(locked.tags.values_list("pk", flat=True)):
            changed.append("tags")
        author_ids = list(dict.fromkeys(_ids(changes["authors"]))) if "authors" in changes else None
        if author_ids is not None and author_ids != _byline_ids(locked):
            changed.append("authors")
        bookkeeping = []
        if import_fingerprint is not None and locked.source_hash != import_fingerprint:
            locked.source_hash = import_fingerprint
            bookkeeping.append("source_hash")
        if not changed:
            if bookkeeping:
                locked.save(update_fields=bookkeeping)
            return ContentChange(article=_copy_back(locked, article))
        # The row is locked until commit: nobody else can move the version meanwhile.
        locked.version += 1
        fields = [name for name in changed if name not in RELATIONS]
        fields += [*bookkeeping, "version", "modified_at"]
        if permissions.is_staff_actor(actor):
            locked.last_edited_by = actor
            fields.append("last_edited_by")
        # The article stays "as imported" after an import's write: one that applied the whole
        # source (a fingerprint given), or one to an article nobody had changed since.
        if actor in IMPORTERS and (
            import_fingerprint is not None or locked.imported_version == locked.version - 1
        ):
            locked.imported_version = locked.version
            fields.append("imported_version")
        locked.save(update_fields=fields)
        if "tags" in changed:
            locked.tags.set(tag_ids)
        if "authors" in changed:
            Byline.objects.filter(article=locked).delete()
            Byline.objects.bulk_create(
                Byline(article=locked, author_id=author_id, position=position)
                for position, author_id in enumerate(author_ids)
            )
        revision = revision_create(article=locked, actor=actor, note=note)
        if was_public or locked.is_public(now):
            transaction.on_commit(
                partial(send_article_changed_publicly, locked, listed_before=listed_before)
            )
    return ContentChange(article=_copy_back(locked, article), changed=changed, revision=revision)


def article_create(*, actor, changes, article=None, note=""):
    """Start a draft with `changes` (as for `article_update_content`), created by `actor`.

    Writes its first revision and an audit row for its first status. `article`: an unsaved
    instance to fill (the admin's form instance), else a new one. Returns the article.
    """
    unknown = set(changes) - set(CONTENT_FIELDS) - set(RELATIONS)
    if unknown:
        raise ValueError(f"not content of an article: {', '.join(sorted(unknown))}")
    if not (permissions.is_system_actor(actor) or _may_add(actor)):
        raise TransitionNotPermitted(_("You may not add articles."))
    article = article if article is not None else Article()
    with transaction.atomic():
        changed = _apply_fields(article, {k: v for k, v in changes.items() if k not in RELATIONS})
        _settle_breaking(article, changed, timezone.now())
        _check_expiry(article)
        article.status = Status.DRAFT
        if permissions.is_staff_actor(actor):
            article.created_by = actor
            article.last_edited_by = actor
        article.save(force_insert=True)
        if changes.get("tags"):
            article.tags.set(_ids(changes["tags"]))
        Byline.objects.bulk_create(
            Byline(article=article, author_id=author_id, position=position)
            for position, author_id in enumerate(dict.fromkeys(_ids(changes.get("authors", []))))
        )
        audit_row_create(
            article=article,
            from_status=Status.DRAFT,
            to_status=Status.DRAFT,
            actor=actor,
            note=_("Created."),
        )
        revision_create(article=article, actor=actor, note=note)
    return article


def audit_row_create(*, article, from_status, to_status, actor, note=""):
    """One row of the audit trail, naming the person or the command (`SystemActor`)."""
    return StatusChange.objects.create(
        article=article,
        from_status=from_status,
        to_status=to_status,
        actor=actor if permissions.is_staff_actor(actor) else None,
        system_actor=actor if permissions.is_system_actor(actor) else "",
        note=str(note),
    )


def stale_version_message(article):
    """ "Saved by X at T after you opened it": who saved the version the caller did not see."""
    latest = Revision.objects.filter(article_id=article.pk).select_related("created_by").first()
    who = latest.saved_by if latest else article.last_edited_by
    when = latest.created_at if latest else article.modified_at
    return _(
        "%(who)s saved this article at %(when)s, after you opened it; your changes were not saved."
    ) % {
        "who": _display_name(who) if who else _("someone"),
        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
    }


# Steps.


def _lock(article):
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise InvalidTransition(_("This article no longer exists.")) from None


def _may_add(user):
    return permissions.is_staff_actor(user) and user.has_perm("articles.add_article")


def _check_may_edit(actor, article):
    if permissions.is_system_actor(actor):
        return
    if not permissions.can_edit_article(actor, article):
        raise TransitionNotPermitted(
            _("Reporters edit their own drafts only; editors edit any article.")
        )


def _check_expiry(article):
    if article.expires_at and article.publish_at and article.expires_at <= article.publish_at:
        raise InvalidTransition(_("The expiry time must come after the publish time."))


def _apply_fields(article, changes):
    """Set the changed plain and foreign-key fields; return their names."""
    changed = []
    for name, value in changes.items():
        if name in RELATIONS:
            continue
        model_field = Article._meta.get_field(name)
        if model_field.is_relation:
            value = value.pk if hasattr(value, "pk") else value
            if getattr(article, model_field.attname) != value:
                setattr(article, model_field.attname, value)
                changed.append(name)
        elif getattr(article, name) != value:
            setattr(article, name, value)
            changed.append(name)
    return changed


def _settle_breaking(article, changed, now):
    """Keep the breaking flag and its end together; return the names this changed too.

    A flag raised without an end in the future shows for NEWSROOM_BREAKING_HOURS from `now`;
    a lowered flag forgets its end (the next raise starts afresh)."""
    if not article.is_breaking:
        if article.breaking_until is None:
            return []
        article.breaking_until = None
        return [] if "breaking_until" in changed else ["breaking_until"]
    raised = "is_breaking" in changed
    if article.breaking_until is None or (raised and article.breaking_until <= now):
        article.breaking_until = now + timedelta(hours=settings.NEWSROOM_BREAKING_HOURS)
        return [] if "breaking_until" in changed else ["breaking_until"]
    return []


def _ids(objects):
    return [obj.pk if hasattr(obj, "pk") else obj for obj in objects or []]


def _byline_ids(article):
    return list(
        Byline.objects.filter(article_id=article.pk)
        .order_by("position", "id")
        .values_list("author_id", flat=True)
    )


def _copy_back(locked, article):
    if locked is not article:
        for name in (*CONTENT_FIELDS, "version", "source_hash", "imported_version"):
            model_field = Article._meta.get_field(name)
            setattr(article, model_field.attname, getattr(locked, model_field.attname))
    return article


def _display_name(user):
    if isinstance(user, str):
        return user
    return user.get_full_name() or user.get_username()
