"""The home page's pins as the home page reads them: every home page needs them, and they
change only through articles/services/home.py, which forgets them (now, and again after its
commit). The rows are kept in the shared cache (newsroom/kept.py); whether each pinned article
is public is asked by the home page's card query, not here (articles/public/views.py
`home_page_articles`).
"""

from articles.models import HomePin
from newsroom.kept import forget, forget_now_and_after_commit, kept

CACHE_KEY = "newsroom:home-pins"
GENERATION_KEY = f"{CACHE_KEY}:generation"
# The longest the rows outlive a change the pins' service did not see: an article moved to
# another section under its section-lead pin, or a forgetting lost while Redis was down.
CACHE_SECONDS = 60


def pin_rows():
    """The pins not ended, newest first: (slot, position, article id, the article's section
    id, start, end) each, from the shared cache or one query."""
    return kept(CACHE_KEY, _read_pin_rows, seconds=CACHE_SECONDS, generation_key=GENERATION_KEY)


def _read_pin_rows():
    return list(
        HomePin.objects.not_ended()
        .order_by("-created_at", "-id")
        .values_list(
            "slot", "position", "article_id", "article__section_id", "starts_at", "ends_at"
        )
    )


def forget_pin_rows():
    """For the pins' service, inside its transaction."""
    forget_now_and_after_commit(GENERATION_KEY)


def forget_pin_rows_of_changed_article(sender=None, **kwargs):
    """A receiver of `article_changed_publicly` (sent after the commit; articles/apps.py): a
    pinned article moved to another section leads that section's block at once."""
    forget(GENERATION_KEY)
