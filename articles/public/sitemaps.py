"""Sitemaps: an index over articles (paged), sections and authors, and a Google News sitemap.

Every list comes from `Article.objects.published()`. Query counts stay constant: sections and
authors are few and listed with their latest article date in one query each; articles are
paged, and their index `lastmod` is one aggregate.

A sitemap with nothing to list answers 404 and is left out of the index (an index with none
answers 404 too): the sitemap schema requires at least one <url> in a <urlset> and one
<sitemap> in an index, and search engines reject an empty one as invalid.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Section, SiteSettings
from articles.public.absolute import absolute_url
from authors.models import Author
from newsroom.http.surrogate_keys import SITEMAP, cache_publicly

ARTICLES_PER_SITEMAP = 5000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap.


class SiteSitemap(Sitemap):
    """Uses `DJANGO_SITE_URL`'s host and scheme when set, else the request's."""

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_SITEMAP
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.published()
            .only("pk", "slug", "publish_at", "updated_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at or article.publish_at

    def get_latest_lastmod(self):
        summary = Article.objects.published().aggregate(
            published=Max("publish_at"), updated=Max("updated_at")
        )
        moments = [m for m in summary.values() if m]
        return max(moments) if moments else None


def _latest_public_date(**match):
    return Subquery(
        Article.objects.published().filter(**match).order_by("-publish_at").values("publish_at")[:1]
    )


class _ListedOnceSitemap(SiteSitemap):
    """Few items, each with its latest article date: listed once, then reused."""

    changefreq = "daily"

    def items(self):
        if not hasattr(self, "_listed"):
            self._listed = list(self.listing())
        return self._listed

    def lastmod(self, obj):
        return obj.latest_article_at

    def get_latest_lastmod(self):
        moments = [obj.latest_article_at for obj in self.items()]
        return max(moments) if moments else None


class SectionSitemap(_ListedOnceSitemap):
    def listing(self):
        return (
            Section.objects.annotate(latest_article_at=_latest_public_date(section=OuterRef("pk")))
            .filter(latest_article_at__isnull=False)
            .only("pk", "slug")
            .order_by("order", "name")
        )


class AuthorSitemap(_ListedOnceSitemap):
    def listing(self):
        return (
            Author.objects.annotate(
                latest_article_at=_latest_public_date(bylines__author=OuterRef("pk"))
            )
            .filter(latest_article_at__isnull=False)
            .only("pk", "slug")
            .order_by("name")
        )


def sitemaps():
    """Fresh sitemap objects for each request (they cache their items)."""
    return {"articles": ArticleSitemap(), "sections": SectionSitemap(), "authors": AuthorSitemap()}


def news_sitemap(request, now=None):
    """The Google News sitemap: public articles of the last 48 hours."""
    cache_publicly(request, SITEMAP)
    now = now or timezone.now()
    site_settings = SiteSettings.load()
    articles = (
        Article.objects.published(now=now)
        .filter(publish_at__gte=now - NEWS_WINDOW)
        .only("pk", "slug", "headline", "publish_at", "language")
        .order_by("-publish_at", "-id")[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": absolute_url(request, article.get_absolute_url()),
            "article": article,
        }
        for article in articles
    ]
    if not entries:
        raise Http404(_("No article was published in the last 48 hours."))
    return render(
        request,
        "sitemaps/news_sitemap.xml",
        {"entries": entries, "publication_name": site_settings.name},
        content_type="application/xml; charset=utf-8",
    )


def sitemap_index(request):
    """The index over every sitemap page, with absolute URLs from `absolute_url`.

    Django's own index view builds its URLs from the request's host only, ignoring
    `DJANGO_SITE_URL`; the rest of the work is the same.
    """
    cache_publicly(request, SITEMAP)
    entries = []
    for section, sitemap in sitemaps().items():
        paginator = sitemap.paginator  # a new one (and a new count) at each access
        if not paginator.count:
            continue
        location = absolute_url(
            request, reverse("articles:sitemap-section", kwargs={"section": section})
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, paginator.num_pages + 1)
        )
    if not entries:
        raise Http404(_("No sitemap has anything to list yet."))
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap_section(request, section):
    cache_publicly(request, SITEMAP)
    response = sitemap_views.sitemap(request, sitemaps(), section=section)
    # Django's view renders an empty <urlset> for a first page with nothing on it.
    if not response.context_data["urlset"]:
        raise Http404(_("This sitemap has nothing to list yet."))
    return response
