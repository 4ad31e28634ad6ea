"""Purges: when an article's public face changes, every cached page showing it goes stale;
when the site's settings change, every page does.

The receivers of `articles.signals.article_changed_publicly`, `site_settings_changed`,
`comment_changed_publicly`, `live_entries_changed`, `tags_merged`, `tag_changed`,
`articles_imported`, `navigation_changed`, `page_changed_publicly` and `home_changed`, and of
the saves and deletions of sections
and authors, connected in `NewsroomHttpConfig.ready()`. A purge bumps the surrogate keys in the
application's page cache (newsroom/http/page_cache.py), then hands the same keys to the `NEWSROOM_PURGE_HOOK` callable,
if set, for a CDN.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from newsroom.http import page_cache
from newsroom.http.surrogate_keys import (
    HOME,
    SITE,
    article_key,
    article_purge_keys,
    list_key,
    listing_purge_keys,
    object_key,
)

logger = logging.getLogger(__name__)


def purge(keys):
    """Bump `keys` here, then tell the CDN (the `NEWSROOM_PURGE_HOOK` callable, if set)."""
    keys = list(dict.fromkeys(keys))
    page_cache.bump(keys)
    hook_path = getattr(settings, "NEWSROOM_PURGE_HOOK", "")
    if hook_path:
        try:
            import_string(hook_path)(keys)
        except Exception:
            # A CDN outage must not break publishing; pages still expire on their own.
            logger.exception("The purge hook %s failed for %s", hook_path, keys)


def purge_pages_showing(sender=None, *, article, **kwargs):
    """After a publish, update, take-down or correction: every page showing the article."""
    purge(article_purge_keys(article))


def purge_pages_no_longer_listing(sender=None, *, article, listed_before=None, **kwargs):
    """Pages that listed the article before and no longer do (a section, tag or author
    changed); `purge_pages_showing` purges the pages showing it now."""
    if listed_before is None:
        return
    now = set(article_purge_keys(article))
    gone = [key for key in listing_purge_keys(article.pk, listed_before) if key not in now]
    if gone:
        purge(gone)


def purge_every_page(sender=None, **kwargs):
    """After a change of the site's settings (its name, tagline, comments, Hijri dates): every
    public page shows some of them, and every one carries the `site` key. After an import
    that created articles too: they may belong on any listing. After a change of the menu or
    of the pages the footer links: every page shows them."""
    purge([SITE])


def purge_pages_of_merged_tags(sender=None, *, kept, merged_id, article_ids, **kwargs):
    """After a tag merge: both tags' pages and feeds, and the pages of the articles moved
    (they name the kept tag now)."""
    keys = [
        object_key("tag", merged_id),
        list_key("tag", merged_id),
        object_key("tag", kept.pk),
        list_key("tag", kept.pk),
    ]
    purge(keys + [article_key(pk) for pk in article_ids])


def purge_pages_of_changed_tag(sender=None, *, tag_id, article_ids, **kwargs):
    """After a tag is renamed or deleted: its page and feed, and its articles' pages (they
    name it)."""
    keys = [object_key("tag", tag_id), list_key("tag", tag_id)]
    purge(keys + [article_key(pk) for pk in article_ids])


def purge_article_page(sender=None, *, article_id, **kwargs):
    """After a comment is approved, hidden or deleted: the article's page (its comments and
    their count); no listing shows comments. After a live entry is posted, edited, withdrawn
    or pinned: the article's page and its live endpoint (articles/public/live.py)."""
    purge([article_key(article_id)])


def purge_pages_naming(sender, instance, created=False, **kwargs):
    """After a section or an author is edited or deleted (in the admin): its own pages, and
    every page, since cards across the site (home, listings, related articles) name them.
    Rare, so the whole site is cheaper than tracking each card. A new one shows nowhere yet."""
    if created:
        return
    keys = [object_key(sender._meta.model_name, instance.pk), SITE]
    transaction.on_commit(lambda: purge(keys), robust=True)


def purge_page(sender=None, *, page_id, **kwargs):
    """After a published page's text changed: that page's address only."""
    purge([object_key("page", page_id)])


def purge_home(sender=None, **kwargs):
    """After a pin was added, changed or removed, or when one starts or ends (the scheduler):
    the home page, the only page showing pins."""
    purge([HOME])
