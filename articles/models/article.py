from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from articles.models.querysets import ArticleQuerySet
from articles.search import ArticleSearchDocument, SearchDocumentField, SearchTextField
from newsroom.paths import public_path
from newsroom.text import arabic_slugify


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Taken down")


# Statuses whose articles readers may see once their publish time has come.
PUBLIC_STATUSES = (Status.SCHEDULED, Status.PUBLISHED)

# The editorial workflow (which status may follow which, and who may move it) is the table in
# articles/models/workflow.py.

# Fields that only the workflow services write; the admin form never saves them.
WORKFLOW_FIELDS = frozenset({"status", "publish_at"})


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    TAMAZIGHT = "zgh", _("Tamazight (Tifinagh)")


# Languages written right to left; every other one is shown left to right.
RTL_LANGUAGES = {Language.ARABIC}


class CommentPolicy(models.TextChoices):
    SITE_DEFAULT = "default", _("Site default")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    # Closed, and the comments already approved are not shown either.
    HIDDEN = "hidden", _("Hidden")


class Article(models.Model):
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=300,
        allow_unicode=True,
        blank=True,
        help_text=_("Made from the headline when left empty. Old slugs keep working."),
    )
    kicker = models.CharField(
        _("kicker"), max_length=120, blank=True, help_text=_("A short label above the headline.")
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = models.TextField(_("body"), blank=True)
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("The city the story is filed from.")
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ARABIC
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    # PROTECT: deleting a library picture must not silently strip it from published articles;
    # the editor detaches it first (the admin lists the articles that still use it).
    lead_image = models.ForeignKey(
        "articles.Image",
        verbose_name=_("lead image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of_articles",
    )
    lead_image_caption = models.CharField(
        _("lead image caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the caption stored with the image."),
    )
    tags = models.ManyToManyField(
        "articles.Tag", verbose_name=_("tags"), blank=True, related_name="articles"
    )
    authors = models.ManyToManyField(
        "authors.Author",
        verbose_name=_("bylines"),
        through="articles.Byline",
        related_name="articles",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publish time"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expiry time"),
        null=True,
        blank=True,
        help_text=_("The article leaves the site at this time. Leave empty to keep it."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("Shown to readers when the article was substantively updated."),
    )
    comment_policy = models.CharField(
        _("comments"),
        max_length=10,
        choices=CommentPolicy.choices,
        default=CommentPolicy.SITE_DEFAULT,
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    # Live coverage (articles/models/live_entry.py): started, and ended, by
    # articles/services/live.py only. Live while started and not ended.
    live_started_at = models.DateTimeField(
        _("live coverage started"), null=True, blank=True, editable=False
    )
    live_ended_at = models.DateTimeField(
        _("live coverage ended"), null=True, blank=True, editable=False
    )
    # When the coverage last started or resumed: a silence is counted from it, or from the last
    # entry when later (a coverage resumed hours after it ended is not silent yet).
    live_resumed_at = models.DateTimeField(
        _("live coverage resumed"), null=True, blank=True, editable=False
    )
    # The breaking label shows until this time; the content service sets it to now plus
    # NEWSROOM_BREAKING_HOURS when the flag is raised without a time, and clears it with the flag.
    breaking_until = models.DateTimeField(
        _("breaking until"),
        null=True,
        blank=True,
        help_text=_(
            "The breaking-news label shows until this time. Leave empty for the default "
            "(a few hours from now)."
        ),
    )
    share_title = models.CharField(
        _("share title"),
        max_length=200,
        blank=True,
        help_text=_("The title shown when the article is shared. Leave empty for the headline."),
    )
    share_description = models.CharField(
        _("share description"),
        max_length=300,
        blank=True,
        help_text=_("The text shown when the article is shared. Leave empty for the standfirst."),
    )
    # PROTECT, as the lead image: a picture in use is not deleted from the library.
    share_image = models.ForeignKey(
        "articles.Image",
        verbose_name=_("share image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="share_of_articles",
        help_text=_(
            "The picture shown when the article is shared. Leave empty for the lead image, "
            "else the site's default share picture."
        ),
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where an imported article came from.")
    )
    source_id = models.CharField(_("source id"), max_length=200, blank=True)
    # A fingerprint of the imported source: an importer run that finds the same fingerprint
    # leaves the article alone, a different one updates it in place.
    source_hash = models.CharField(
        _("source fingerprint"), max_length=64, blank=True, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The version the last import left: a higher `version` means someone changed the article
    # in the CMS since, and a re-run leaves its content alone (articles/importers/loader.py).
    imported_version = models.PositiveIntegerField(
        _("version at last import"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # The standfirst and body folded for search, computed in Python on every save; the
    # database builds the search document from it (articles/search/document.py).
    search_text = SearchTextField(_("search text"))
    # Computed by the database from the headline and search_text on every write, whatever
    # path the write takes (articles/search/document.py).
    search_document = models.GeneratedField(
        expression=ArticleSearchDocument(),
        output_field=SearchDocumentField(),
        db_persist=True,
        verbose_name=_("search document"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-id"]
        permissions = [
            ("review_article", _("Can review any article and send it back to draft")),
            ("publish_article", _("Can schedule, publish and take down articles")),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            # Newest-first walks (search over common words, feeds, sitemaps) read this index
            # in order and stop early; the status index cannot give one order for two statuses.
            models.Index(fields=["-publish_at", "-id"], name="article_publish_idx"),
            # A section's pages and feed, newest first: without it a section whose articles
            # are old walks the whole publish index (docs/performance.md, "Measurements behind
            # the code").
            models.Index(
                fields=["section", "-publish_at", "-id"], name="article_section_publish_idx"
            ),
            # WordPress short links (/?p=<id>) name the post id but not the site the export
            # came from; the unique (source, source_id) index cannot be searched by id alone.
            models.Index(fields=["source_id"], name="article_source_id_idx"),
            # The scheduler asks every minute whether a breaking label ended since its last run
            # (articles/services/home.py `home_purge_due`); few articles ever have one.
            models.Index(
                fields=["breaking_until"],
                condition=Q(breaking_until__isnull=False),
                name="article_breaking_until_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | Q(publish_at__isnull=False),
                name="article_public_has_publish_time",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expires_at__gt=models.F("publish_at")),
                name="article_expires_after_publish",
            ),
            models.CheckConstraint(
                condition=Q(live_ended_at__isnull=True) | Q(live_started_at__isnull=False),
                name="article_live_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=""),
                name="article_unique_source_id",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = arabic_slugify(self.headline, 300) or "article"
        update_fields = self._update_fields_with_search_text(kwargs.get("update_fields"))
        if update_fields is not None:
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_path("articles:detail", pk=self.pk, slug=self.slug)

    def _update_fields_with_search_text(self, update_fields):
        """`update_fields`, plus the search text whenever a field it is made from is saved.

        An instance loaded without the search text (`defer`, `only`) is saved by Django with
        the fields it loaded: the search text must follow those too.
        """
        sources = set(type(self)._meta.get_field("search_text").derived_from)
        if update_fields is None:
            deferred = self.get_deferred_fields()
            if self._state.adding or "search_text" not in deferred:
                return None
            update_fields = {
                field.attname
                for field in type(self)._meta.concrete_fields
                if not field.primary_key and not field.generated
            } - deferred
            if not update_fields:
                return None
        update_fields = set(update_fields)
        if update_fields & sources:
            update_fields.add("search_text")
        return update_fields

    # Pure questions, answered without queries.

    def is_public(self, now=None):
        now = now or timezone.now()
        return (
            self.status in PUBLIC_STATUSES
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    def missing_fields_for_review(self, *, byline_count):
        """Verbose names of what the article lacks before it may leave draft (empty when ready).

        The number of bylines is passed in so that this stays a question without queries.
        """
        meta = type(self)._meta
        missing = []
        if not self.headline.strip():
            missing.append(meta.get_field("headline").verbose_name)
        if self.section_id is None:
            missing.append(meta.get_field("section").verbose_name)
        if byline_count < 1:
            missing.append(meta.get_field("authors").verbose_name)
        if not strip_tags(self.body or "").strip():
            missing.append(meta.get_field("body").verbose_name)
        return missing

    def comments_open(self, site_settings, now=None):
        """Whether readers may comment: the site switch is on, the article is neither closed
        nor hidden, and it was published less than the site's auto-close days ago (0: never
        closes by age). The age rule applies to "open" articles too: imported posts are
        "open" by the thousand."""
        if not site_settings.comments_enabled:
            return False
        if self.comment_policy in (CommentPolicy.CLOSED, CommentPolicy.HIDDEN):
            return False
        return not self.comments_closed_by_age(site_settings, now)

    def comments_closed_by_age(self, site_settings, now=None):
        closes_at = self.comments_close_at(site_settings)
        return closes_at is not None and (now or timezone.now()) >= closes_at

    def comments_close_at(self, site_settings):
        """When the site's auto-close rule closes comments on this article (None: never)."""
        days = site_settings.comments_auto_close_days
        if not days or self.publish_at is None:
            return None
        return self.publish_at + timedelta(days=days)

    def comments_visible(self):
        """Whether readers see the approved comments: always, unless an editor hid them
        (the site switch closes the form, never hides what was published)."""
        return self.comment_policy != CommentPolicy.HIDDEN

    def is_breaking_now(self, now=None):
        """Whether readers see the breaking-news label: flagged, and its time not passed."""
        return (
            self.is_breaking
            and self.breaking_until is not None
            and self.breaking_until > (now or timezone.now())
        )

    @property
    def has_live_coverage(self):
        """The article carries a live blog, running or ended."""
        return self.live_started_at is not None

    @property
    def is_live(self):
        """Its live coverage runs: readers' pages poll for new entries."""
        return self.live_started_at is not None and self.live_ended_at is None

    @property
    def lead_caption(self):
        """This article's caption for its lead image: its own, else the library's."""
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def text_direction(self):
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    def byline_authors(self):
        """The authors in byline order (from the prefetched bylines when there are some)."""
        return [byline.author for byline in self.bylines.all()]


class Byline(models.Model):
    """One author on one article, in the order the bylines are printed."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        "authors.Author", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]

    def __str__(self):
        # The author's name: in the admin's inline rows, its history messages ("Changed
        # position for byline …") and delete summaries. Lists that print bylines load the
        # author with them (BylineInline.get_queryset, ArticleQuerySet.with_bylines).
        return self.author.name if self.author_id else ""
