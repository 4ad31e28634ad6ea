from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.paths import public_path
from newsroom.text import arabic_slugify, tag_key, unique_slug


class Section(models.Model):
    """A section of the paper (قسم): politics, society, sport…"""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sections with smaller numbers come first.")
    )
    in_navigation = models.BooleanField(
        _("in the site's navigation"),
        default=False,
        help_text=_(
            "The section's page answers even when none of its articles is published. "
            "Otherwise it answers “not found” until its first article is published."
        ),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Section, arabic_slugify(self.name, 100) or "section", 100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_path("articles:section", slug=self.slug)


class Tag(models.Model):
    """A topic that articles share. Two spellings of one name never make two tags: the
    normalised name (newsroom.text.normalise_tag_name: the search's folding of letters,
    punctuation kept) is unique."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    normalised_name = models.CharField(
        _("normalised name"),
        max_length=100,
        editable=False,
        help_text=_("The name as search reads it: hamza forms, ta marbuta, diacritics folded."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        permissions = [("merge_tag", _("Can merge tags"))]
        constraints = [
            # "الأمن" and "الامن" are one topic: one tag, one page, one feed.
            models.UniqueConstraint(
                fields=["normalised_name"],
                name="tag_normalised_name_unique",
                violation_error_message=_("A tag with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only: the name decides the lookup key and, once, the slug.
        if not self.slug:
            self.slug = unique_tag_slug(arabic_slugify(self.name, 100) or "tag")
        # A name with nothing left to compare keeps a key of its own (newsroom.text.tag_key).
        self.normalised_name = tag_key(self.name, self.slug)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_path("articles:tag", slug=self.slug)

    def get_feed_url(self):
        return public_path("articles:tag-feed", slug=self.slug)


class TagRedirect(models.Model):
    """A slug a tag no longer has: that of a tag merged into another, or a tag's slug before
    the editor-in-chief changed it. Its page and feed answer 301 to the tag's."""

    old_slug = models.SlugField(_("old slug"), max_length=100, unique=True, allow_unicode=True)
    old_name = models.CharField(_("old name"), max_length=100)
    tag = models.ForeignKey(
        Tag, verbose_name=_("tag"), on_delete=models.CASCADE, related_name="redirects"
    )
    merged_tag_id = models.BigIntegerField(
        _("merged tag's id"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "The id the merged tag had: restoring an older revision of an article gives it the "
            "kept tag. Empty for a slug change."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tag redirect")
        verbose_name_plural = _("tag redirects")

    def __str__(self):
        return self.old_slug


class TagChange(models.Model):
    """The tags' audit trail: who created, merged, renamed or deleted which tag, and when. Written only by the
    tag services (articles/services/tags.py) and the migration that merged clashing names."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        MERGED = "merged", _("merged")
        RENAMED = "renamed", _("renamed")
        DELETED = "deleted", _("deleted")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    tag = models.ForeignKey(
        Tag,
        verbose_name=_("tag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        help_text=_("The tag created, or the tag kept by a merge."),
    )
    tag_name = models.CharField(_("tag name"), max_length=100)
    merged_name = models.CharField(
        _("merged tag"),
        max_length=100,
        blank=True,
        help_text=_("The tag merged away, or the name and slug before a rename."),
    )
    articles_moved = models.PositiveIntegerField(_("articles moved"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when a migration made the change."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tag change")
        verbose_name_plural = _("tag changes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.tag_name}"


def unique_tag_slug(base):
    """`base`, or `base-2`…, used by no tag and by no merged tag's redirect."""
    base = base[:94]
    slug, n = base, 1
    while (
        Tag.objects.filter(slug=slug).exists() or TagRedirect.objects.filter(old_slug=slug).exists()
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug
