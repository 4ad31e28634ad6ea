"""Article history: a revision after every content save, comparison, and restore.

`revision_create(article=, actor=)` is the one call for "the article's content was just
saved": the admin calls it after the form and its inlines are saved, `article_restore_revision`
calls it after a restore, and the WordPress importer calls it after it creates or updates an
article. `article_restore_revision` is a service like those of articles/services.py: atomic,
row-locked, permission-checked, audited (a StatusChange row whose from and to are the current
status, with a note naming the restored revision).
"""

from functools import partial

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles import permissions
from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import Article, Byline, Revision, Section, StatusChange, Tag
from articles.side_effects import article_changed_publicly
from authors.models import Author

# The plain fields a revision keeps and a restore writes back. Status, times of the workflow
# and the import keys are not content: a restore never moves an article in the workflow.
TEXT_FIELDS = [
    "kicker",
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "language",
    "comment_policy",
    "is_featured",
    "is_breaking",
]


def snapshot(article):
    """The article's editable content as a JSON-ready dict (reads tags and bylines)."""
    content = {name: getattr(article, name) for name in TEXT_FIELDS}
    content["section_id"] = article.section_id
    content["tag_ids"] = sorted(article.tags.values_list("pk", flat=True))
    content["author_ids"] = list(
        Byline.objects.filter(article_id=article.pk)
        .order_by("position", "id")
        .values_list("author_id", flat=True)
    )
    content["expires_at"] = article.expires_at.isoformat() if article.expires_at else None
    return content


def revision_create(*, article, actor=None, note=""):
    """Store the article's current content (as saved in the database) as its next revision.

    Call it after every save of an article's content, inside the saving transaction. `actor`
    is the person who saved (None for the system, e.g. an import). Returns the Revision.
    """
    with transaction.atomic():
        # Locking the article serialises the numbering of its revisions.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        last = locked.revisions.aggregate(last=Max("number"))["last"] or 0
        return Revision.objects.create(
            article=locked,
            number=last + 1,
            article_version=locked.version,
            created_by=actor if permissions.is_staff_actor(actor) else None,
            note=str(note)[:300],
            content=snapshot(locked),
        )


def article_restore_revision(*, article, revision, actor):
    """Write `revision`'s content back into `article` (editors only).

    The restore is itself a new revision and an audit row; the article's status and publish
    time do not change. Sections, tags or authors deleted since are left out, and the note
    says so. Returns the new Revision.
    """
    with transaction.atomic():
        try:
            locked = Article.objects.select_for_update().get(pk=article.pk)
        except Article.DoesNotExist:
            raise InvalidTransition(_("This article no longer exists.")) from None
        if not permissions.can_review(actor):
            raise TransitionNotPermitted(_("Only editors can restore a revision."))
        if revision.article_id != locked.pk:
            raise InvalidTransition(_("This revision belongs to another article."))
        content = revision.content
        for name in TEXT_FIELDS:
            if name in content:
                setattr(locked, name, content[name])
        expires_at = parse_datetime(content["expires_at"]) if content.get("expires_at") else None
        if expires_at and locked.publish_at and expires_at <= locked.publish_at:
            expires_at = locked.expires_at  # the old expiry would now contradict publication
        locked.expires_at = expires_at
        missing = []
        section_id = content.get("section_id")
        if section_id is not None and not Section.objects.filter(pk=section_id).exists():
            missing.append(_("section"))
            section_id = locked.section_id
        locked.section_id = section_id
        locked.last_edited_by = actor
        locked.version = F("version") + 1
        locked.save(
            update_fields=[
                *TEXT_FIELDS,
                "expires_at",
                "section",
                "last_edited_by",
                "version",
                "modified_at",
            ]
        )
        locked.refresh_from_db(fields=["version"])
        tag_ids = list(
            Tag.objects.filter(pk__in=content.get("tag_ids", [])).values_list("pk", flat=True)
        )
        if len(tag_ids) != len(content.get("tag_ids", [])):
            missing.append(_("tags"))
        locked.tags.set(tag_ids)
        wanted = content.get("author_ids", [])
        existing = set(Author.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if len(existing) != len(set(wanted)):
            missing.append(_("bylines"))
        Byline.objects.filter(article=locked).delete()
        Byline.objects.bulk_create(
            Byline(article=locked, author_id=author_id, position=position)
            for position, author_id in enumerate(a for a in wanted if a in existing)
        )
        note = _("Restored revision #%(number)s of %(time)s.") % {
            "number": revision.number,
            "time": date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT"),
        }
        if missing:
            note += " " + _("Deleted since, left out: %(what)s.") % {
                "what": "، ".join(str(name) for name in missing)
            }
        StatusChange.objects.create(
            article=locked,
            from_status=locked.status,
            to_status=locked.status,
            actor=actor,
            note=note,
        )
        new_revision = revision_create(article=locked, actor=actor, note=note)
        if locked.is_public():
            transaction.on_commit(partial(article_changed_publicly, locked))
    return new_revision
