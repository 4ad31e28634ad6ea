from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleReadCount(models.Model):
    """How many times readers opened one article during one hour (UTC, on the hour).

    Counted in Redis by the page's beacon (articles/public/reads.py) and folded in here by the
    scheduler (articles/services/reads.py `read_counts_fold`); nothing about the reader is
    stored, only the number. Rows older than `READ_COUNT_KEEP_DAYS` are deleted by the fold.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="read_counts",
    )
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("read count")
        verbose_name_plural = _("read counts")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="read_count_one_per_hour"),
        ]
        indexes = [
            # The "most read" block sums the last 24 hours' rows; the fold deletes old ones.
            models.Index(fields=["hour", "article"], name="read_count_hour_idx"),
        ]

    def __str__(self):
        return f"{self.article_id}@{self.hour:%Y-%m-%d %H}: {self.count}"
