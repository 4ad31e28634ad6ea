"""Canonical link, Open Graph, Twitter card and schema.org JSON-LD for an article page.

Every URL here is absolute and percent-encoded ASCII. Sharing (Open Graph, Twitter) shows the
article's share title, description and picture when an editor gave them, else its headline,
standfirst and lead image, else the site's default share picture; pictures use their 1200×630
crop around the focal point. The JSON-LD names the lead image.
"""

import html
import json
import re

from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.public.absolute import absolute_url

OG_LOCALES = {"ar": "ar_MA", "fr": "fr_FR", "zgh": "tz_MA"}
LOGO_PATH = "img/logo.png"
LOGO_SIZE = (600, 60)
# How many of a live blog's newest entries its JSON-LD names (`liveBlogUpdate`).
LIVE_BLOG_UPDATES = 10
# A tag of a stored (sanitised) body: replaced by a space, so paragraphs do not run together.
_TAG = re.compile(r"<[^>]*>")
# Escapes that keep JSON inside <script> from ever closing the element or opening a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def image_url(request, article):
    """The absolute URL of the article's lead image, or None when it has none."""
    image = article.lead_image  # selected with the article: no query
    if image is None:
        return None
    url = image.share_url
    return absolute_url(request, url) if url else None


def share_image_url(request, article, site_settings):
    """The picture shown when the article is shared: its share picture, else its lead image,
    else the site's default share picture, else None (the lead and default pictures are read
    with their rows; the share picture, which few articles have, costs a query when set)."""
    for image in (article.share_image, article.lead_image, site_settings.default_share_image):
        url = image.share_url if image is not None else None
        if url:
            return absolute_url(request, url)
    return None


def _iso(moment):
    return moment.isoformat() if moment else None


def news_article_json_ld(request, article, site_settings, authors=None):
    """The NewsArticle object; only properties and types the schema.org vocabulary defines.

    `authors` in byline order, when the caller has them already."""
    if authors is None:
        authors = article.byline_authors()
    url = absolute_url(request, article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "datePublished": _iso(article.publish_at),
        "dateModified": _iso(article.updated_at or article.publish_at),
        "inLanguage": article.language,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(request, author.get_absolute_url()),
            }
            for author in authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": site_settings.name,
            "url": absolute_url(request, "/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(request, static(LOGO_PATH)),
                "width": LOGO_SIZE[0],
                "height": LOGO_SIZE[1],
            },
        },
    }
    if article.standfirst:
        data["description"] = article.standfirst
    if article.section_id:
        data["articleSection"] = article.section.name
    image = image_url(request, article)
    if image:
        data["image"] = [image]
    return data


def live_blog_posting_json_ld(request, article, site_settings, *, authors, entries):
    """The LiveBlogPosting object of an article with live coverage (running or ended): the
    NewsArticle's properties, the coverage's times and its newest entries (`entries` as the
    page shows them: pinned first, then newest first)."""
    data = news_article_json_ld(request, article, site_settings, authors)
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = _iso(article.live_started_at)
    if article.live_ended_at:
        data["coverageEndTime"] = _iso(article.live_ended_at)
    url = data["url"]
    newest = sorted(entries, key=lambda entry: entry.pk, reverse=True)[:LIVE_BLOG_UPDATES]
    updates = []
    for entry in newest:
        # Plain text: tags separate words, entities are characters (the JSON is escaped).
        text = " ".join(html.unescape(_TAG.sub(" ", entry.body)).split())
        update = {
            "@type": "BlogPosting",
            "headline": Truncator(text).chars(110),
            "articleBody": text,
            "url": f"{url}#{entry.anchor}",
            "datePublished": _iso(entry.created_at),
            "dateModified": _iso(entry.edited_at or entry.created_at),
        }
        if entry.author is not None:
            update["author"] = {"@type": "Person", "name": entry.author.name}
        updates.append(update)
    if updates:
        data["liveBlogUpdate"] = updates
        times = [entry.edited_at or entry.created_at for entry in newest]
        times += [moment for moment in (article.updated_at, article.publish_at) if moment]
        data["dateModified"] = _iso(max(times))
    return data


def json_ld_script(data):
    """`data` as the body of a <script type="application/ld+json">, safe to inline."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 — escaped just above


def article_metadata(request, article, site_settings, authors=None, live_entries=None):
    """`live_entries`: the live blog's entries the page shows (an article with live coverage
    is described as a LiveBlogPosting)."""
    canonical = absolute_url(request, article.get_absolute_url())
    if article.has_live_coverage:
        if authors is None:
            authors = article.byline_authors()
        json_ld = live_blog_posting_json_ld(
            request, article, site_settings, authors=authors, entries=live_entries or []
        )
    else:
        json_ld = news_article_json_ld(request, article, site_settings, authors)
    return {
        "canonical": canonical,
        "short_url": absolute_url(request, f"/a/{article.pk}/"),
        "og_locale": OG_LOCALES.get(article.language, "ar_MA"),
        # What sharing shows: the editors' share texts and picture, else the article's own.
        "share_title": article.share_title or article.headline,
        "share_description": article.share_description or article.standfirst,
        "image": share_image_url(request, article, site_settings),
        "json_ld": json_ld_script(json_ld),
    }
