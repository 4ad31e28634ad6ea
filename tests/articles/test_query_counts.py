"""Each public page costs the same number of queries for 1 and for 20 articles."""

import pytest
from django.urls import reverse

# DESIGN.md's budgets are upper bounds; these are the exact counts, pinned.
HOME_QUERIES = 3  # site settings, articles with sections, bylines with authors
LIST_QUERIES = 5  # owner, count, page of articles with sections, bylines, site settings
ARTICLE_QUERIES = 5  # article with section, bylines with authors, tags, corrections, settings


@pytest.fixture
def published(make_article, make_author, make_section, make_tag):
    section, tag = make_section(), make_tag()
    authors = [make_author(), make_author()]

    def publish(count):
        return [make_article(section=section, tags=[tag], authors=authors) for _ in range(count)]

    return publish


@pytest.mark.parametrize("count", [1, 20])
def test_home_queries(client, published, django_assert_num_queries, count):
    published(count)

    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_article_queries(client, published, django_assert_num_queries, count):
    article = published(count)[0]

    with django_assert_num_queries(ARTICLE_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("page", ["section", "tag", "author"])
def test_listing_queries(client, published, django_assert_num_queries, count, page):
    article = published(count)[0]
    url = {
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "author": article.bylines.first().author.get_absolute_url(),
    }[page]

    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(url).status_code == 200


def test_budgets_stay_within_design(db):
    assert HOME_QUERIES <= 12 and LIST_QUERIES <= 8 and ARTICLE_QUERIES <= 8
    assert reverse("articles:home") == "/"
