from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.paths import public_path
from newsroom.text import arabic_slugify, unique_slug


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
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, arabic_slugify(self.name, 100) or "tag", 100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_path("articles:tag", slug=self.slug)
