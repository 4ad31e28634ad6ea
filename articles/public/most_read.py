"""The "most read" block (الأكثر قراءة): the five public articles read most over the last 24
hours, site-wide (home and article pages) or in one section (its pages). One query over the
hourly counts the scheduler folds in (articles/services/reads.py); the pages showing it are
cached as a whole, which is all the caching it needs.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from articles.services.reads import hour_of
from newsroom.http.surrogate_keys import article_key, cache_publicly, cache_until

MOST_READ_COUNT = 5
MOST_READ_HOURS = 24


def most_read_articles(*, section=None, now=None):
    """The block's articles (headline and link only), most read first."""
    now = now or timezone.now()
    since = hour_of(now) - timedelta(hours=MOST_READ_HOURS - 1)
    articles = Article.objects.published(now).most_read(since=since)
    if section is not None:
        articles = articles.filter(section=section)
    return list(
        articles.only("pk", "slug", "headline", "language", "publish_at", "expires_at")[
            :MOST_READ_COUNT
        ]
    )


def show_most_read(request, articles):
    """Name the block's articles among the page's surrogate keys (a take-down purges the page)
    and keep no copy of the page past the first one's expiry."""
    cache_publicly(request, *(article_key(article.pk) for article in articles))
    expiries = [article.expires_at for article in articles if article.expires_at]
    if expiries:
        cache_until(request, min(expiries))
