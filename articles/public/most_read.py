"""The "most read" block (الأكثر قراءة): the five public articles read most over the last 24
hours, site-wide (home and article pages) or in one section (its pages).

The ranking sums the hourly counts the scheduler folds in (articles/services/reads.py), an
aggregate over a day of rows that costs tens of milliseconds at 100,000 articles; it changes
only when the scheduler folds, once a minute. So each ranking is kept in the shared cache, its
articles' headlines and links with it (shown as cards, articles/public/cards.py), and forgotten by
each fold and by each change of what readers see of any article (`article_changed_publicly`:
a take-down, a new headline), so that a page shows it at once. An article's expiry sends
nothing: it is checked on each render. A few spare places are ranked for those.
"""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from articles.public.cards import Card
from articles.services.reads import MOST_READ_CACHE_KEY, forget_most_read, hour_of
from newsroom.http.surrogate_keys import article_key, cache_publicly, cache_until

MOST_READ_COUNT = 5
MOST_READ_HOURS = 24
# Places ranked beyond the five shown, for articles that expire within the ranking's life.
RANKING_SPARES = 5
# The scheduler folds once a minute and forgets the rankings then; this bounds a ranking's
# age should a fold not run (or run where the cache is another one).
RANKING_SECONDS = 60
BLOCK_FIELDS = ("pk", "slug", "headline", "language", "publish_at", "expires_at")


def most_read_articles(*, section=None, now=None):
    """The block's articles (as cards: headline and link), most read first."""
    now = now or timezone.now()
    ranked = ranking(section_id=section.pk if section is not None else None, now=now)
    shown = [row for row in ranked if row["expires_at"] is None or row["expires_at"] > now]
    return [Card(kicker="", standfirst="", **row) for row in shown[:MOST_READ_COUNT]]


def ranking(*, section_id, now):
    """The most read public articles (site-wide when `section_id` is None), from the cache,
    else summed from the hourly counts and cached: rows of BLOCK_FIELDS. All the rankings of an
    hour are one cache entry, {section id or None: [rows…]}, so that a fold forgets them in one
    call."""
    key = MOST_READ_CACHE_KEY.format(hour=hour_of(now))
    rankings = cache.get(key) or {}
    if section_id not in rankings:
        since = hour_of(now) - timedelta(hours=MOST_READ_HOURS - 1)
        articles = Article.objects.published(now).most_read(since=since)
        if section_id is not None:
            articles = articles.filter(section_id=section_id)
        # Plain rows, not cards: what the cache holds must still read after a deploy that
        # changed the Card class.
        rows = list(articles.values(*BLOCK_FIELDS)[: MOST_READ_COUNT + RANKING_SPARES])
        rankings = {**rankings, section_id: rows}
        cache.set(key, rankings, timeout=RANKING_SECONDS)
    return rankings[section_id]


def forget_rankings(sender=None, **kwargs):
    """A receiver of `article_changed_publicly` (articles/apps.py)."""
    forget_most_read()


def show_most_read(request, articles):
    """Name the block's articles among the page's surrogate keys (a take-down purges the page)
    and keep no copy of the page past the first one's expiry."""
    cache_publicly(request, *(article_key(article.pk) for article in articles))
    expiries = [article.expires_at for article in articles if article.expires_at]
    if expiries:
        cache_until(request, min(expiries))
