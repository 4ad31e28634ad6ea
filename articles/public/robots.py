"""robots.txt: what crawlers may read, and where the sitemaps are."""

from django.http import HttpResponse

from articles.public.absolute import absolute_url


def robots_txt(request):
    """Points crawlers at both sitemaps.

    The admin is not named here (that would publish its address): its responses carry
    `X-Robots-Tag: noindex, nofollow` instead (newsroom/middleware.py).
    """
    lines = [
        "User-agent: *",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",
        f"Sitemap: {absolute_url(request, '/news-sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
