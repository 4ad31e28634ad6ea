"""The "most read" block (الأكثر قراءة): the five public articles read most over the last 24
hours, site-wide (home and article pages) or in one section (its pages).

The ranking sums the hourly counts the scheduler folds in (articles/services/reads.py), an
aggregate over a day of rows that costs tens of milliseconds at 100,000 articles; it changes
only when the scheduler folds, once a minute. So each ranking is kept in the shared cache
(newsroom/kept.py), its articles' headlines and links with it as plain rows (shown as cards,
articles/public/cards.py), and forgotten by each fold and by each change of what readers see of
any article (`article_changed_publicly`: a take-down, a new headline), so that a page shows it
at once. An article's expiry sends
nothing: it is checked on each render. A few spare places are ranked for those.
"""

import hashlib
from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from articles.public.cards import Card
from articles.services.reads import MOST_READ_CACHE_KEY, MOST_READ_GENERATION_KEY, hour_of
from newsroom.http.surrogate_keys import article_key, cache_publicly, cache_until
from newsroom.kept import kept

MOST_READ_COUNT = 5
MOST_READ_HOURS = 24
# Places ranked beyond the five shown, for articles that expire within the ranking's life.
RANKING_SPARES = 5
# The scheduler folds once a minute and forgets the rankings then; this bounds a ranking's
# age should a fold not run (or run where the cache is another one).
RANKING_SECONDS = 60
BLOCK_FIELDS = ("pk", "slug", "headline", "language", "publish_at", "expires_at")
# In the key: a release that ranks other fields never reads this one's rows (nor its pickles).
FIELDS_TAG = hashlib.sha256(",".join(BLOCK_FIELDS).encode()).hexdigest()[:8]


def most_read_articles(*, section=None, now=None):
    """The block's articles (as cards: headline and link), most read first."""
    now = now or timezone.now()
    ranked = ranking(section_id=section.pk if section is not None else None, now=now)
    shown = [card for card in ranked if card.expires_at is None or card.expires_at > now]
    return shown[:MOST_READ_COUNT]


def ranking(*, section_id, now):
    """The most read public articles (site-wide when `section_id` is None) as cards, from the
    shared cache (newsroom/kept.py) or summed from the hourly counts. Kept as rows of plain
    values, under a key naming the hour, the section and the fields."""
    hour = hour_of(now)

    def rank():
        since = hour - timedelta(hours=MOST_READ_HOURS - 1)
        articles = Article.objects.published(now).most_read(since=since)
        if section_id is not None:
            articles = articles.filter(section_id=section_id)
        return articles.values_list(*BLOCK_FIELDS)[: MOST_READ_COUNT + RANKING_SPARES]

    rows = kept(
        ranking_key(hour, section_id),
        lambda: [tuple(row) for row in rank()],
        seconds=RANKING_SECONDS,
        generation_key=MOST_READ_GENERATION_KEY,
    )
    return [
        Card(kicker="", standfirst="", **dict(zip(BLOCK_FIELDS, row, strict=True))) for row in rows
    ]


def ranking_key(hour, section_id):
    return MOST_READ_CACHE_KEY.format(hour=hour, section=section_id or "all") + ":" + FIELDS_TAG


def show_most_read(request, articles):
    """Name the block's articles among the page's surrogate keys (a take-down purges the page)
    and keep no copy of the page past the first one's expiry."""
    cache_publicly(request, *(article_key(article.pk) for article in articles))
    expiries = [article.expires_at for article in articles if article.expires_at]
    if expiries:
        cache_until(request, min(expiries))
