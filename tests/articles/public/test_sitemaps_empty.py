"""Sitemaps with nothing to list: left out of the index, 404 themselves (articles/public/sitemaps.py).

The sitemap schema requires at least one <url> per <urlset> and one <sitemap> per index, so
every document served here is validated against the schemas in ../shared/fixtures/xsd/.
"""

from datetime import timedelta

import pytest

from articles.models import Article, Section, Status
from authors.models import Author

from .test_sitemaps import SITEMAP, assert_valid, parse

ALL = ["articles", "sections", "authors"]


def index_locations(client):
    index = parse(client.get("/sitemap.xml"))
    assert_valid(index, "siteindex.xsd")
    return [node.findtext(f"{SITEMAP}loc").rsplit("/", 1)[1] for node in index]


def assert_sitemaps(client, listed):
    assert index_locations(client) == [f"sitemap-{part}.xml" for part in listed]
    for part in ALL:
        response = client.get(f"/sitemap-{part}.xml")
        if part in listed:
            document = parse(response)
            assert_valid(document, "sitemap.xsd")
            assert len(document)
        else:
            assert response.status_code == 404, part


@pytest.fixture
def article_alone(make_article):
    """A public article with neither section nor byline, beside an empty section and an author
    with no public article."""
    article = make_article(authors=[])
    Article.objects.filter(pk=article.pk).update(section=None)
    Section.objects.create(name="قسم فارغ", slug="قسم-فارغ")
    Author.objects.create(name="كاتب بلا مقال", slug="كاتب-بلا-مقال")
    return article


def test_empty_sections_and_authors_sitemaps_are_left_out_and_answer_404(client, article_alone):
    assert_sitemaps(client, ["articles"])


def test_authors_listed_without_sections(client, article_alone, make_author):
    from articles.models import Byline

    Byline.objects.create(article=article_alone, author=make_author(), position=0)

    assert_sitemaps(client, ["articles", "authors"])


def test_every_sitemap_listed_when_each_has_something(client, make_article):
    make_article()

    assert_sitemaps(client, ALL)


def test_a_site_with_nothing_public_has_no_sitemap(client, make_article):
    make_article(status=Status.DRAFT, publish_at=None)

    assert client.get("/sitemap.xml").status_code == 404
    for part in ALL:
        assert client.get(f"/sitemap-{part}.xml").status_code == 404
    assert client.get("/news-sitemap.xml").status_code == 404


def test_the_news_sitemap_is_valid_or_404(client, make_article, now):
    old = make_article(publish_at=now - timedelta(days=3))
    assert client.get("/news-sitemap.xml").status_code == 404
    # The older article still has its place in the other sitemaps.
    assert_sitemaps(client, ALL)
    assert old.get_absolute_url().split("/")[2] == str(old.pk)

    make_article()
    document = parse(client.get("/news-sitemap.xml"))
    assert_valid(document, "news-sitemap-all.xsd")
    assert len(document) == 1
