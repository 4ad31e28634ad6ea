"""Tags written while writing: created from the article form, merged by editors.

Who may: `articles.add_tag` creates a tag (reporters, editors, the editor-in-chief; given to
the roles by migration 0023), `articles.merge_tag` merges two (editors, the editor-in-chief).
Renaming and deleting stay in the tag admin, for the editor-in-chief (`articles.change_tag`,
`articles.delete_tag`), through `tag_rename` and `tag_delete`. Each creation, merge, rename and
deletion writes a row of the tags' audit trail (TagChange); those readers see are purged from
the page cache after commit.

Two spellings of one name are one tag (Tag.normalised_name, unique): creating a name whose
variant exists gives the existing tag back.
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from articles.exceptions import TagError, TransitionNotPermitted
from articles.models import Article, Tag, TagChange, TagRedirect
from articles.services import permissions
from articles.signals import send_tag_changed, send_tags_merged
from newsroom.text import clean_name, normalise_tag_name

CREATE_PERMISSION = "articles.add_tag"
MERGE_PERMISSION = "articles.merge_tag"
RENAME_PERMISSION = "articles.change_tag"
DELETE_PERMISSION = "articles.delete_tag"
NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


def can_create_tag(user):
    return permissions.is_staff_actor(user) and user.has_perm(CREATE_PERMISSION)


def can_merge_tags(user):
    return permissions.is_staff_actor(user) and user.has_perm(MERGE_PERMISSION)


def clean_tag_name(name):
    """The name as stored: invisible characters dropped (newsroom.text.clean_name), runs of
    spaces folded. Raises TagError for a NUL character (PostgreSQL refuses it in text), when
    no letter or digit is left to tell it apart, or when it is too long."""
    if "\x00" in (name or ""):
        raise TagError(_("A name cannot contain the NUL character."))
    name = clean_name(name)
    if not any(char.isalnum() for char in normalise_tag_name(name)):
        raise TagError(_("A tag needs a name with letters or digits."))
    if len(name) > NAME_MAX_LENGTH:
        raise TagError(
            _("A tag's name has at most %(count)d characters.") % {"count": NAME_MAX_LENGTH}
        )
    return name


def tag_find(name):
    """The tag `name` reads as once spelling variants are folded, or None (the key cut to the
    stored length by normalise_tag_name, as Tag.save stores it)."""
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
        # A slug once merged away and given again to the tag merged now (an edit in the
        # admin before that was refused): the newest owner of the slug wins.
        TagRedirect.objects.update_or_create(
            old_slug=source.slug,
            defaults={"old_name": source.name, "tag": target, "merged_tag_id": source.pk},
        )
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


def tag_rename(*, tag, actor, name=None, slug=None):
    """Give `tag` the name `name` and/or the slug `slug` (None leaves either as it is), for the
    editor-in-chief (`articles.change_tag`).

    A name that reads as another tag's, or a slug another tag has or once had (a TagRedirect
    that is not this tag's own), is refused (TagError). The old slug answers 301 to the new one
    (a TagRedirect; taking back an old slug of its own drops that redirect). Recorded
    (TagChange "renamed"); after commit the tag's page, feed and articles are purged
    (`tag_changed`). Returns the tag; changes nothing and records nothing when nothing changes.
    """
    if not (permissions.is_staff_actor(actor) and actor.has_perm(RENAME_PERMISSION)):
        raise TransitionNotPermitted(_("Only the editor-in-chief renames tags."))
    with transaction.atomic():
        tag = Tag.objects.select_for_update().filter(pk=tag.pk).first()
        if tag is None:
            raise TagError(_("This tag no longer exists."))
        old_name, old_slug = tag.name, tag.slug
        new_name = old_name if name is None else clean_tag_name(name)
        new_slug = old_slug if slug is None else slug.strip()
        if (new_name, new_slug) == (old_name, old_slug):
            return tag
        if not new_slug:
            raise TagError(_("A tag needs a slug."))
        same = tag_find(new_name)
        if same is not None and same.pk != tag.pk:
            raise TagError(
                _("This name reads as the tag “%(tag)s”, which already exists.")
                % {"tag": same.name}
            )
        if new_slug != old_slug:
            check_tag_slug_free(new_slug, tag=tag)
            TagRedirect.objects.filter(old_slug=new_slug, tag=tag).delete()
            TagRedirect.objects.create(old_slug=old_slug, old_name=old_name, tag=tag)
        tag.name, tag.slug = new_name, new_slug
        tag.save(update_fields=["name", "slug", "normalised_name"])
        TagChange.objects.create(
            action=TagChange.Action.RENAMED,
            tag=tag,
            tag_name=tag.name,
            merged_name=old_name if old_slug == new_slug else f"{old_name} (/tag/{old_slug}/)",
            actor=actor,
        )
        article_ids = _article_ids(tag.pk)
        transaction.on_commit(partial(send_tag_changed, tag_id=tag.pk, article_ids=article_ids))
    return tag


def tag_delete(*, tag, actor):
    """Delete `tag` for the editor-in-chief (`articles.delete_tag`): its articles lose it, its
    redirects go with it (their addresses answer 404 like its own). Recorded (TagChange
    "deleted"); after commit its page, feed and articles are purged (`tag_changed`)."""
    if not (permissions.is_staff_actor(actor) and actor.has_perm(DELETE_PERMISSION)):
        raise TransitionNotPermitted(_("Only the editor-in-chief deletes tags."))
    with transaction.atomic():
        tag = Tag.objects.select_for_update().filter(pk=tag.pk).first()
        if tag is None:
            raise TagError(_("This tag no longer exists."))
        tag_id = tag.pk
        article_ids = _article_ids(tag_id)
        TagChange.objects.create(
            action=TagChange.Action.DELETED,
            tag=None,
            tag_name=tag.name,
            articles_moved=len(article_ids),
            actor=actor,
            note=f"/tag/{tag.slug}/",
        )
        tag.delete()
        transaction.on_commit(partial(send_tag_changed, tag_id=tag_id, article_ids=article_ids))


def check_tag_slug_free(slug, *, tag=None):
    """Raise TagError when another tag has `slug`, or it answers 301 to a tag other than
    `tag` (a merged tag's or an old slug: giving it away would break that redirect, and a
    later merge of the new owner would clash with it)."""
    others = Tag.objects.filter(slug=slug)
    redirects = TagRedirect.objects.filter(old_slug=slug)
    if tag is not None:
        others = others.exclude(pk=tag.pk)
        redirects = redirects.exclude(tag=tag)
    if others.exists():
        raise TagError(_("Another tag has this slug."))
    if redirects.exists():
        raise TagError(
            _("This slug was another tag's and now leads to “%(tag)s”; choose another one.")
            % {"tag": redirects.select_related("tag").first().tag.name}
        )


def _article_ids(tag_id):
    return list(
        Article.tags.through.objects.filter(tag_id=tag_id).values_list("article_id", flat=True)
    )
