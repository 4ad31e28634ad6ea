"""Live coverage of an article: its timestamped entries.

Whether an article is live is two columns on the article itself (`live_started_at`,
`live_ended_at`, articles/models/article.py) rather than a model of its own: the article page
already reads the article's row, so knowing whether to show the live blog, poll for entries and
describe it as a `LiveBlogPosting` costs no query; an article has at most one coverage, and its
times are all there is to know about it. The entries are rows of this model, written only by
articles/services/live.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How many entries the article page and the live endpoint show, newest first (the pinned one
# on top): bounded work however long the coverage runs.
LIVE_ENTRIES_SHOWN = 200


class LiveEntryQuerySet(models.QuerySet):
    def visible(self):
        """The entries readers see: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_page(self, article_id):
        """The article's visible entries as readers see them: the pinned one on top, then
        newest first, with their author and picture (one query)."""
        return (
            self.visible()
            .filter(article_id=article_id)
            .select_related("author", "image")
            .order_by("-pinned", "-id")[:LIVE_ENTRIES_SHOWN]
        )


class LiveEntry(models.Model):
    """One timestamped entry of an article's live coverage."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="live_entries",
    )
    # Sanitised by the article body's allowlist (articles/sanitize.py) before it is stored.
    body = models.TextField(_("text"))
    # PROTECT, like the lead image: a library picture in use is detached before it is deleted.
    image = models.ForeignKey(
        "articles.Image",
        verbose_name=_("picture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_entries",
    )
    # The byline printed with the entry: the staff account's author profile, when it has one.
    author = models.ForeignKey(
        "authors.Author",
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        ordering = ["-pinned", "-id"]
        indexes = [
            # The article page's and the live endpoint's "this article's entries, newest first".
            models.Index(fields=["article", "-id"], name="live_entry_article_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(pinned=True), name="live_entry_one_pinned"
            ),
            # A withdrawn entry is never pinned: readers would see an empty top.
            models.CheckConstraint(
                condition=Q(pinned=False) | Q(withdrawn_at__isnull=True),
                name="live_entry_withdrawn_not_pinned",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} ({self.article_id})"

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def anchor(self):
        """The entry's id in the page (links to one entry)."""
        return f"live-entry-{self.pk}"
