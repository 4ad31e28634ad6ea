"""Article history: a revision after every content save, comparison, and restore.

`revision_create(article=, actor=)` is the one call for "the article's content was just
saved": the content service (articles/services/content.py) makes it after every write it does.
`article_restore_revision` is a service like those of articles/services/workflow.py: atomic,
row-locked, permission-checked, audited (a StatusChange row whose from and to are the current
status, with a note naming the restored revision), and it writes through the content service.
A revision holds the text fields, the section, the lead image and its caption (the picture's
alt text and credit live on the library image), the share title, text and picture, the
tags and the bylines.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import Article, Byline, Image, Revision, Section, Tag, TagRedirect
from articles.services import permissions
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
    "share_title",
    "share_description",
]


def snapshot(article):
    """The article's editable content as a JSON-ready dict (reads tags and bylines)."""
    content = {name: getattr(article, name) for name in TEXT_FIELDS}
    content["section_id"] = article.section_id
    content["lead_image_id"] = article.lead_image_id
    content["lead_image_caption"] = article.lead_image_caption
    content["share_image_id"] = article.share_image_id
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

    Called by the content service (articles/services/content.py) after every save of an
    article's content, inside the saving transaction. `actor` is the person who saved, or the
    command (`SystemActor`). Returns the Revision.
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
            system_actor=actor if permissions.is_system_actor(actor) else "",
            note=str(note)[:300],
            content=snapshot(locked),
        )


def article_restore_revision(*, article, revision, actor):
    """Write `revision`'s content back into `article` (editors only), through the content
    service (`articles.services.content.article_update_content`).

    The restore is itself a new revision and an audit row; the article's status and publish
    time do not change. A tag merged since gives the kept tag; sections, pictures, tags or
    authors deleted since are left out, and the note says so. Returns the new Revision (None when the article already held exactly
    that content).
    """
    # Imported here: the content service writes revisions through this module.
    from articles.services.content import article_update_content, audit_row_create

    with transaction.atomic():
        try:
            locked = Article.objects.select_for_update().get(pk=article.pk)
        except Article.DoesNotExist:
            raise InvalidTransition(_("This article no longer exists.")) from None
        if not permissions.can_review(actor):
            raise TransitionNotPermitted(_("Only editors can restore a revision."))
        if revision.article_id != locked.pk:
            raise InvalidTransition(_("This revision belongs to another article."))
        changes, missing = restorable_content(revision.content, locked)
        note = _("Restored revision #%(number)s of %(time)s.") % {
            "number": revision.number,
            "time": date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT"),
        }
        if missing:
            note += " " + _("Deleted since, left out: %(what)s.") % {
                "what": "، ".join(str(name) for name in missing)
            }
        audit_row_create(
            article=locked,
            from_status=locked.status,
            to_status=locked.status,
            actor=actor,
            note=note,
        )
        done = article_update_content(article=locked, actor=actor, changes=changes, note=note)
    return done.revision


def restorable_content(content, article):
    """The changes that bring `content` (a revision's) back, and what no longer exists."""
    changes = {name: content[name] for name in TEXT_FIELDS if name in content}
    missing = []
    expires_at = parse_datetime(content["expires_at"]) if content.get("expires_at") else None
    if expires_at and article.publish_at and expires_at <= article.publish_at:
        expires_at = article.expires_at  # the old expiry would now contradict publication
    changes["expires_at"] = expires_at
    section_id = content.get("section_id")
    if section_id is not None and not Section.objects.filter(pk=section_id).exists():
        missing.append(_("section"))
        section_id = article.section_id
    changes["section"] = section_id
    if "lead_image_id" in content:  # revisions taken before pictures were recorded lack it
        image_id = content["lead_image_id"]
        if image_id is not None and not Image.objects.filter(pk=image_id).exists():
            missing.append(_("lead image"))
            image_id = article.lead_image_id
        changes["lead_image"] = image_id
        changes["lead_image_caption"] = content.get("lead_image_caption", "")
    if "share_image_id" in content:  # revisions taken before share pictures lack it
        image_id = content["share_image_id"]
        if image_id is not None and not Image.objects.filter(pk=image_id).exists():
            missing.append(_("share image"))
            image_id = article.share_image_id
        changes["share_image"] = image_id
    wanted_tags = content.get("tag_ids", [])
    # A tag merged since is the kept tag now (TagRedirect.merged_tag_id).
    kept = dict(
        TagRedirect.objects.filter(merged_tag_id__in=wanted_tags).values_list(
            "merged_tag_id", "tag_id"
        )
    )
    wanted_tags = list(dict.fromkeys(kept.get(pk, pk) for pk in wanted_tags))
    tag_ids = list(Tag.objects.filter(pk__in=wanted_tags).values_list("pk", flat=True))
    if len(tag_ids) != len(wanted_tags):
        missing.append(_("tags"))
    changes["tags"] = tag_ids
    wanted = content.get("author_ids", [])
    existing = set(Author.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if len(existing) != len(set(wanted)):
        missing.append(_("bylines"))
    changes["authors"] = [author_id for author_id in wanted if author_id in existing]
    return changes, missing
