"""Surrogate keys: names for what a public page shows, so a change purges exactly its pages.

Every cacheable public page declares its keys with `cache_publicly(request, *keys)`. They go
out in the `Surrogate-Key` and `Cache-Tag` headers (for a CDN) and version the page in the
application's cache (newsroom/http/page_cache.py). When an article's public face changes,
`article_purge_keys` names every page that shows it:

    article-<id>          its page, and article pages listing it as related
    section-<id>-list     its section's pages and feed      (also tag-<id>-list,
    author-<id>-list      each author's pages and feed       archive-<y>[-<m>[-<d>]])
    home, feed, sitemap   the home page, the site feed, every sitemap
    site                  every page: they all show the site's settings (name, tagline…)

`section-<id>`, `tag-<id>` and `author-<id>` name pages that show that object's own name or
description (its listing, articles filed under it). No article event purges them: a tag's
rename, merge or deletion does (articles/services/tags.py), and an edit or deletion of a
section or an author purges them with `site` (newsroom/http/purge.py `purge_pages_naming`).
"""

from django.utils import timezone

SITE = "site"
HOME = "home"
FEED = "feed"
SITEMAP = "sitemap"


def article_key(article_id):
    return f"article-{article_id}"


def object_key(kind, pk):
    """`section-3`: pages that show section 3's name. `kind` is section, tag or author."""
    return f"{kind}-{pk}"


def list_key(kind, pk):
    """`section-3-list`: pages that list section 3's articles."""
    return f"{kind}-{pk}-list"


def archive_keys(moment):
    """The year, month and day archive pages of a publish time (Moroccan calendar)."""
    day = timezone.localdate(moment)
    return [
        f"archive-{day.year}",
        f"archive-{day.year}-{day.month}",
        f"archive-{day.year}-{day.month}-{day.day}",
    ]


def archive_page_key(year, month=None, day=None):
    return "-".join(str(part) for part in ("archive", year, month, day) if part)


def article_page_keys(article, *, tags, authors, related=()):
    """What the article page shows: the article, its section, tags and authors, related ones
    (`tags` and `authors` as the page read them: no query)."""
    keys = [article_key(article.pk)]
    if article.section_id:
        keys.append(object_key("section", article.section_id))
    keys += [object_key("tag", tag.pk) for tag in tags]
    keys += [object_key("author", author.pk) for author in authors]
    keys += [article_key(other.pk) for other in related]
    return keys


def article_purge_keys(article):
    """Every page that shows `article`, for a change to its public face (two small queries)."""
    from articles.signals import ArticleListings

    return listing_purge_keys(article.pk, ArticleListings.of(article))


def listing_purge_keys(article_id, listings):
    """Every page that shows the article `article_id` listed as `listings` says."""
    keys = [article_key(article_id), HOME, FEED, SITEMAP]
    if listings.section_id:
        keys.append(list_key("section", listings.section_id))
    keys += [list_key("tag", pk) for pk in listings.tag_ids]
    keys += [list_key("author", pk) for pk in listings.author_ids]
    if listings.publish_at:
        keys += archive_keys(listings.publish_at)
    return keys


def cache_publicly(request, *keys):
    """Mark this request's page as public and cacheable, showing what `keys` name.

    Only pages marked so are stored in the page cache and sent with a public Cache-Control
    (newsroom/http/middleware.py); everything else is left alone.
    """
    if not hasattr(request, "surrogate_keys"):
        request.surrogate_keys = [SITE]
    for key in keys:
        if key not in request.surrogate_keys:
            request.surrogate_keys.append(key)


def cache_until(request, moment):
    """No cache may keep this request's page past `moment` (an aware datetime, or None for no
    limit): an article's expiry time, so that it leaves every cache when it expires even if
    nothing purges it. The earliest of several calls wins."""
    if moment is None:
        return
    until = moment.timestamp()
    current = getattr(request, "cache_until", None)
    request.cache_until = until if current is None else min(current, until)
