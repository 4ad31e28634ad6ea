import os
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree

from articles.models import Status

# ../shared beside the checkout; NEWSROOM_SHARED_DIR names it for a checkout elsewhere (a git
# worktree).
SHARED_DIR = (
    os.environ.get("NEWSROOM_SHARED_DIR") or Path(__file__).resolve().parents[3] / ".." / "shared"
)
XSD_DIR = Path(SHARED_DIR) / "fixtures" / "xsd"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def schema(name):
    path = XSD_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared fixtures not available)")
    return etree.XMLSchema(etree.parse(str(path)))


def parse(response):
    assert response.status_code == 200
    return etree.fromstring(response.content)


def assert_valid(document, xsd):
    validator = schema(xsd)
    assert validator.validate(document), validator.error_log


@pytest.fixture
def content(make_article, make_author, make_section, now):
    section = make_section(name="اقتصاد")
    author = make_author(name="Karim Ait Lahcen")
    fresh = make_article(section=section, authors=[author], headline="خبر اليوم")
    old = make_article(section=section, publish_at=now - timedelta(days=5), headline="خبر قديم")
    make_article(status=Status.DRAFT, headline="مسودة")
    return {"fresh": fresh, "old": old, "section": section, "author": author}


def test_sitemap_index_lists_the_three_sitemaps_with_lastmod(client, content):
    index = parse(client.get("/sitemap.xml"))
    assert_valid(index, "siteindex.xsd")
    locations = [node.findtext(f"{SITEMAP}loc") for node in index]
    assert locations == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-authors.xml",
    ]
    assert all(node.findtext(f"{SITEMAP}lastmod") for node in index)


@pytest.mark.parametrize("part", ["articles", "sections", "authors"])
def test_each_sitemap_is_valid_absolute_and_ascii(client, content, part):
    document = parse(client.get(f"/sitemap-{part}.xml"))
    assert_valid(document, "sitemap.xsd")
    locations = [node.findtext(f"{SITEMAP}loc") for node in document]
    assert locations
    assert all(loc.startswith("http://testserver/") and loc.isascii() for loc in locations)
    assert all(node.findtext(f"{SITEMAP}lastmod") for node in document)


def test_article_sitemap_lists_only_public_articles(client, content):
    document = parse(client.get("/sitemap-articles.xml"))
    assert len(document) == 2


def test_news_sitemap_lists_the_last_48_hours_with_publication_and_language(
    client, content, site_settings
):
    document = parse(client.get("/news-sitemap.xml"))
    assert_valid(document, "news-sitemap-all.xsd")
    (url,) = document
    assert (
        url.findtext(f"{SITEMAP}loc") == "http://testserver" + content["fresh"].get_absolute_url()
    )
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == site_settings.name
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "ar"
    assert news.findtext(f"{NEWS}title") == "خبر اليوم"
    assert news.findtext(f"{NEWS}publication_date")


def test_news_sitemap_answers_404_when_nothing_is_fresh(client, make_article, now):
    # An empty <urlset> is invalid (the schema wants one <url>): tests/articles/public/test_sitemaps_empty.py
    make_article(publish_at=now - timedelta(days=3))
    assert client.get("/news-sitemap.xml").status_code == 404


def test_robots_points_at_both_sitemaps(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text


def test_robots_does_not_name_the_secret_admin_address(client, db, settings):
    # robots.txt is public: naming the admin there would publish the address
    # DJANGO_ADMIN_URL keeps secret. Admin responses say noindex themselves instead.
    settings.ADMIN_URL = "desk-4f9c2a/"
    text = client.get("/robots.txt").content.decode()
    assert "desk-4f9c2a" not in text
    assert "Disallow: /admin" not in text


def test_sitemaps_use_the_configured_site_url(client, content, settings):
    settings.SITE_URL = "https://www.example.ma"
    index = parse(client.get("/sitemap.xml"))
    assert index[0].findtext(f"{SITEMAP}loc") == "https://www.example.ma/sitemap-articles.xml"
    articles = parse(client.get("/sitemap-articles.xml"))
    assert articles[0].findtext(f"{SITEMAP}loc").startswith("https://www.example.ma/article/")
