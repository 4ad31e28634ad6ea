"""Tags written while writing: created from the article form, merged by editors.

Who may: `articles.add_tag` creates a tag (reporters, editors, the editor-in-chief; given to
the roles by migration 0023), `articles.merge_tag` merges two (editors, the editor-in-chief).
Renaming and deleting stay in the tag admin, for the editor-in-chief (change_tag, delete_tag).
Each creation and merge writes a row of the tags' audit trail (TagChange).

Two spellings of one name are one tag (Tag.normalised_name, unique): creating a name whose
variant exists gives the existing tag back.
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from articles.exceptions import TagError, TransitionNotPermitted
from articles.models import Article, Tag, TagChange, TagRedirect
from articles.services import permissions
from articles.signals import send_tags_merged
from newsroom.text import normalise_tag_name, strip_bidi_controls

CREATE_PERMISSION = "articles.add_tag"
MERGE_PERMISSION = "articles.merge_tag"
NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


def can_create_tag(user):
    return permissions.is_staff_actor(user) and user.has_perm(CREATE_PERMISSION)


def can_merge_tags(user):
    return permissions.is_staff_actor(user) and user.has_perm(MERGE_PERMISSION)


def clean_tag_name(name):
    """The name as stored: bidi controls dropped, runs of spaces folded. Raises TagError when
    nothing is left to tell it apart or it is too long."""
    name = " ".join(strip_bidi_controls(name or "").split())
    if not normalise_tag_name(name):
        raise TagError(_("A tag needs a name with letters or digits."))
    if len(name) > NAME_MAX_LENGTH:
        raise TagError(
            _("A tag's name has at most %(count)d characters.") % {"count": NAME_MAX_LENGTH}
        )
    return name


def tag_find(name):
    """The tag `name` reads as once spelling variants are folded, or None."""
    key = normalise_tag_name(name)
    return Tag.objects.filter(normalised_name=key).first() if key else None


def tag_create(*, name, actor):
    """Create the tag `name` for `actor`, or find it under another spelling.

    Returns `(tag, created)`: "الامن" typed while "الأمن" exists gives the existing tag and
    False. Refuses (TransitionNotPermitted) an actor without `articles.add_tag`, and (TagError)
    a name without letters or digits or longer than a tag's name.
    """
    if not can_create_tag(actor):
        raise TransitionNotPermitted(_("You may not create tags."))
    name = clean_tag_name(name)
    existing = tag_find(name)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            tag = Tag.objects.create(name=name)
            TagChange.objects.create(
                action=TagChange.Action.CREATED, tag=tag, tag_name=tag.name, actor=actor
            )
    except IntegrityError:
        # Someone created it (or a variant of it) meanwhile: theirs is the tag.
        existing = tag_find(name)
        if existing is None:
            raise
        return existing, False
    return tag, True


def tag_merge(*, source, target, actor, note=""):
    """Merge the tag `source` into `target`: every article of `source` gets `target` (an
    article that had both keeps one), `source`'s page and feed answer 301 to `target`'s (a
    TagRedirect, and those that pointed at `source` now point at `target`), `source` is deleted,
    the merge is recorded, and the pages of both tags and of the moved articles are purged
    after commit (the `tags_merged` signal). Returns the number of articles moved.

    The articles' versions and revisions are left alone: a merge renames a topic, it does not
    edit the articles; the audit row records it once.
    """
    if not can_merge_tags(actor):
        raise TransitionNotPermitted(_("Only editors and the editor-in-chief merge tags."))
    if source.pk == target.pk:
        raise TagError(_("A tag cannot be merged into itself."))
    with transaction.atomic():
        locked = {
            tag.pk: tag
            for tag in Tag.objects.select_for_update()
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise TagError(_("One of these tags no longer exists."))
        source, target = locked[source.pk], locked[target.pk]
        through = Article.tags.through
        rows = through.objects.filter(tag_id=source.pk)
        article_ids = list(rows.values_list("article_id", flat=True))
        already = through.objects.filter(tag_id=target.pk, article_id__in=article_ids)
        rows.exclude(article_id__in=already.values("article_id")).update(tag_id=target.pk)
        # What is left: articles that had both tags. They keep the kept one.
        rows.delete()
        TagRedirect.objects.filter(tag_id=source.pk).update(tag_id=target.pk)
        TagRedirect.objects.create(old_slug=source.slug, old_name=source.name, tag=target)
        TagChange.objects.create(
            action=TagChange.Action.MERGED,
            tag=target,
            tag_name=target.name,
            merged_name=source.name,
            articles_moved=len(article_ids),
            actor=actor,
            note=note,
        )
        merged_id = source.pk
        source.delete()
        transaction.on_commit(
            partial(send_tags_merged, kept=target, merged_id=merged_id, article_ids=article_ids)
        )
    return len(article_ids)
