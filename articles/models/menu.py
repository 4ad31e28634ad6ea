"""The site's navigation menu: items pointing at a section, a page or a path of the site,
ordered, nested one level (a top item with children). Shown in the header of every public page
(articles/public/navigation.py reads and caches it; articles/services/menu.py writes it)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Browsers read a backslash as a slash ("/\evil.example/" is "//evil.example/", another
# host) and drop tabs and newlines from addresses: none of them is in a path of ours.
_NOT_IN_A_PATH = re.compile(r"[\\\x00-\x20\x7f]")


def is_path_on_this_site(path):
    """Whether `path` names a page of this site: one leading slash, no host, nothing a browser
    rewrites into another address."""
    return path.startswith("/") and not path.startswith("//") and not _NOT_IN_A_PATH.search(path)


class MenuItem(models.Model):
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("What readers see; the section's or page's name when empty."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a top item; the menu has one level below its top items."),
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    page = models.ForeignKey(
        "articles.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    path = models.CharField(
        _("path on this site"),
        max_length=300,
        blank=True,
        help_text=_("Only when the item is neither a section nor a page, e.g. /search/ or /2025/."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Items with smaller numbers come first.")
    )

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        ordering = ["order", "pk"]
        constraints = [
            # Exactly one target: a section, a page or a path.
            models.CheckConstraint(
                condition=(
                    models.Q(section__isnull=False, page__isnull=True, path="")
                    | models.Q(section__isnull=True, page__isnull=False, path="")
                    | (models.Q(section__isnull=True, page__isnull=True) & ~models.Q(path=""))
                ),
                name="menu_item_one_target",
                violation_error_message=_("Choose exactly one of a section, a page or a path."),
            ),
        ]

    def __str__(self):
        return self.label or str(self.section or self.page or self.path)

    def clean(self):
        super().clean()
        targets = [bool(self.section_id), bool(self.page_id), bool(self.path)]
        if sum(targets) != 1:
            raise ValidationError(_("Choose exactly one of a section, a page or a path."))
        if self.path and not is_path_on_this_site(self.path):
            # Another host would be a link out of the site, which the menu is not for.
            raise ValidationError(
                {"path": _("A path on this site starts with a single slash, e.g. /search/.")}
            )
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An item cannot be under itself.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("The menu has one level: choose a top item.")})
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("This item has items under it, so it stays a top item.")}
                )
