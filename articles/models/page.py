"""Pages (صفحات): the newspaper's standing texts, outside the news flow.

About, contact, terms, privacy, and the legal notice a Moroccan press site must carry (law
88-13 on the press: publisher, director of publication, registration, address). A page is a
draft or published; it has no schedule, sections or bylines. Every change goes through
articles/services/pages.py, which checks, records a `PageChange` and purges.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.paths import public_path

from .status_change import SystemActor

# The privacy page created by migration 0037, linked from the comment form once published.
PRIVACY_PAGE_SLUG = "سياسة-الخصوصية"


class PageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PageQuerySet(models.QuerySet):
    def published(self):
        """The one definition of a public page."""
        return self.filter(status=PageStatus.PUBLISHED)

    def in_footer(self):
        return self.published().filter(in_footer=True).order_by("footer_order", "title")


class Page(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The page's address: /page/<slug>/. Arabic letters are fine."),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One sentence for search engines; the body's opening words when empty."),
    )
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PageStatus.choices, default=PageStatus.DRAFT
    )
    in_footer = models.BooleanField(
        _("linked from the footer"),
        default=True,
        help_text=_("Once published, the page is linked at the bottom of every page."),
    )
    footer_order = models.PositiveSmallIntegerField(
        _("order in the footer"), default=0, help_text=_("Smaller numbers come first.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("first published at"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A WordPress page: "wxr:<site>" and its post id, as articles have (idempotent imports).
    source = models.CharField(_("source"), max_length=200, blank=True, editable=False)
    source_id = models.CharField(_("source id"), max_length=100, blank=True, editable=False)
    # sha256 of the title and body as the import wrote them: a page whose title or body differs
    # was changed here since, and a re-run leaves it alone (articles/importers/wxr/pages.py).
    imported_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]
        permissions = [("publish_page", _("Can publish and unpublish pages"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source=""),
                name="page_source_unique",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return public_path("articles:page", slug=self.slug)

    @property
    def is_public(self):
        return self.status == PageStatus.PUBLISHED


class PageChange(models.Model):
    """The audit trail of a page: who created, edited, published or unpublished it, when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        IMPORTED = "imported", _("Imported")

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    fields = models.JSONField(_("fields changed"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    system_actor = models.CharField(
        _("by (system)"), max_length=30, choices=SystemActor.choices, blank=True
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("page change")
        verbose_name_plural = _("page changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.page_id} {self.action}"


class PageRedirect(models.Model):
    """An old path of a page (a WordPress page permalink) that answers 301 to the page."""

    old_path = models.CharField(_("old path"), max_length=500, unique=True)
    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="redirects"
    )

    class Meta:
        verbose_name = _("page redirect")
        verbose_name_plural = _("page redirects")

    def __str__(self):
        return self.old_path
