"""RSS 2.0 feeds: the whole site at /feed/ (WordPress's path), per section, tag and author.

Items carry a stable GUID (the short link `/a/<id>/`, which survives slug changes), the publish
date, every author and a summary. Responses answer conditional GETs with 304 (see `feed_view`).
"""

import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from articles.models import Article, Section, SiteSettings, Tag, TagRedirect
from articles.public.absolute import absolute_url
from authors.models import Author
from newsroom.http.surrogate_keys import FEED, cache_publicly, list_key, object_key

FEED_SIZE = 30
SUMMARY_WORDS = 60


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    # The site's language, as on every page (RSS takes RFC 1766 tags).
    language = settings.LANGUAGE_CODE

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site_settings = SiteSettings.load()
        return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        cache_publicly(request, *self.surrogate_keys(obj))
        return super().get_feed(obj, request)

    def surrogate_keys(self, obj):
        """What the feed shows (newsroom/http/surrogate_keys.py)."""
        return [FEED]

    def articles(self, obj):
        """The public articles this feed lists; subclasses narrow them to their object."""
        return Article.objects.published()

    def items(self, obj):
        return (
            self.articles(obj)
            .select_related("section")
            .with_bylines()
            .defer("search_text", "search_document")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

    def title(self, obj):
        return self.site_settings.name

    def link(self, obj):
        return absolute_url(self.request, "/")

    def feed_url(self, obj):
        return absolute_url(self.request, self.request.path)

    def description(self, obj):
        return self.site_settings.tagline or self.site_settings.name

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return absolute_url(self.request, item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(self.request, f"/a/{item.pk}/")

    item_guid_is_permalink = True

    def item_description(self, item):
        if item.standfirst:
            return item.standfirst
        return Truncator(strip_tags(item.body)).words(SUMMARY_WORDS)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return "، ".join(byline.author.name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        return [item.section.name] if item.section_id else []


class SectionFeed(ArticleFeed):
    def surrogate_keys(self, obj):
        return [object_key("section", obj.pk), list_key("section", obj.pk)]

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)

    def title(self, obj):
        return _("%(section)s | %(site)s") % {"section": obj.name, "site": self.site_settings.name}

    def link(self, obj):
        return absolute_url(self.request, obj.get_absolute_url())


class TagFeed(ArticleFeed):
    def surrogate_keys(self, obj):
        return [object_key("tag", obj.pk), list_key("tag", obj.pk)]

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj)

    def title(self, obj):
        return _("%(tag)s | %(site)s") % {"tag": obj.name, "site": self.site_settings.name}

    def link(self, obj):
        return absolute_url(self.request, obj.get_absolute_url())


class AuthorFeed(ArticleFeed):
    def surrogate_keys(self, obj):
        return [object_key("author", obj.pk), list_key("author", obj.pk)]

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(bylines__author=obj)

    def title(self, obj):
        return _("%(author)s | %(site)s") % {"author": obj.name, "site": self.site_settings.name}

    def link(self, obj):
        return absolute_url(self.request, obj.get_absolute_url())


def _freshness(request, **kwargs):
    """(last change, fingerprint) of the items the feed lists, computed once per request.

    Read from the same `FEED_SIZE` newest articles the feed shows (a short walk of the
    publish index): a new article, an edit, a scheduled article coming due or an article
    leaving the site each change the list or its modification times.
    """
    if not hasattr(request, "feed_freshness"):
        articles = Article.objects.published()
        if "section" in kwargs:
            articles = articles.filter(section__slug=kwargs["section"])
        if "tag" in kwargs:
            articles = articles.filter(tags__slug=kwargs["tag"])
        if "author" in kwargs:
            articles = articles.filter(bylines__author__slug=kwargs["author"])
        rows = list(
            articles.order_by("-publish_at", "-id").values_list("pk", "publish_at", "modified_at")[
                :FEED_SIZE
            ]
        )
        moments = [moment for row in rows for moment in row[1:] if moment]
        fingerprint = "|".join(f"{pk}:{modified.isoformat()}" for pk, _, modified in rows)
        request.feed_freshness = (max(moments) if moments else None, fingerprint)
    return request.feed_freshness


def _last_modified(request, **kwargs):
    return _freshness(request, **kwargs)[0]


def _etag(request, **kwargs):
    _latest, fingerprint = _freshness(request, **kwargs)
    return hashlib.sha256(f"{request.path}|{fingerprint}".encode()).hexdigest()[:32]


def feed_view(feed_class, owner=None):
    """`feed_class` behind ETag and Last-Modified checks: an unchanged feed answers 304.

    A new feed object serves each request, so no request state is shared between threads.
    """

    def view(request, slug=None):
        kwargs = {owner: slug} if owner else {}
        if owner and not _freshness(request, **kwargs)[1] and not _shown_when_empty(owner, slug):
            if owner == "tag" and (kept := merged_tag_target(slug)):
                # The query string goes along, as on the page's redirect.
                return redirect(with_query(kept.get_feed_url(), request), permanent=True)
            # As on the owner's page (articles/public/views.py): a feed titled with a section or an
            # author that no public article uses would reveal unpublished topics and bylines.
            # The freshness rows are the ones the ETag check reads anyway: no extra query.
            raise Http404(_("That page does not exist."))

        @condition(etag_func=_etag, last_modified_func=_last_modified)
        def respond(request, **ignored):
            response = feed_class()(request, slug) if owner else feed_class()(request)
            # The feed dates itself by its items; `condition` sets the date it checks against.
            del response["Last-Modified"]
            return response

        return respond(request, **kwargs)

    return view


def _shown_when_empty(owner, slug):
    """Whether the owner's feed exists without a public article (sections in navigation)."""
    return owner == "section" and Section.objects.filter(slug=slug, in_navigation=True).exists()


def merged_tag_target(slug):
    """The tag that the tag once at `slug` was merged into (or that had `slug` before it was
    changed), or None (asked only on a miss). None too while that tag has no public article:
    its own page answers 404 then, and a redirect would reveal its name and address."""
    found = TagRedirect.objects.filter(old_slug=slug).select_related("tag").first()
    if found is None or not Article.objects.published().filter(tags=found.tag_id).exists():
        return None
    return found.tag


def with_query(url, request):
    """`url` with the request's query string, if it has one."""
    query = request.META.get("QUERY_STRING", "")
    return url + (f"?{query}" if query else "")


site_feed = feed_view(ArticleFeed)
section_feed = feed_view(SectionFeed, owner="section")
tag_feed = feed_view(TagFeed, owner="tag")
author_feed = feed_view(AuthorFeed, owner="author")
