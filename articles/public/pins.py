"""The home page's pins as the home page reads them: every home page needs them, and they
change only through articles/services/home.py, which forgets them (now, and again after its
commit, as the navigation is forgotten). The rows are kept in the shared cache; whether each
pinned article is public is asked by the home page's card query, not here
(articles/public/views.py `home_page_articles`).
"""

from django.core.cache import cache
from django.db import transaction

from articles.models import HomePin

CACHE_KEY = "newsroom:home-pins"
# The longest the rows outlive a change the pins' service did not see: an article moved to
# another section under its section-lead pin, or a forgetting lost while Redis was down.
CACHE_SECONDS = 60


def pin_rows():
    """The pins not ended, newest first: (slot, position, article id, the article's section
    id, start, end) each, from the shared cache or one query."""
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = list(
            HomePin.objects.not_ended()
            .order_by("-created_at", "-id")
            .values_list(
                "slot", "position", "article_id", "article__section_id", "starts_at", "ends_at"
            )
        )
        cache.set(CACHE_KEY, rows, timeout=CACHE_SECONDS)
    return rows


def forget_pin_rows():
    """Now, and once the caller's transaction commits: a page drawn in between may have
    cached the rows as they were."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY), robust=True)
