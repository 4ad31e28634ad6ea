"""Queries per public page: constant in the number of articles, within DESIGN.md's budgets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleReadCount, Image, SiteSettings
from articles.public import navigation
from articles.public.most_read import most_read_articles
from articles.public.pins import pin_rows
from articles.services.reads import hour_of
from articles.services.scheduled_updates import next_update_time


@pytest.fixture
def populate(make_article, make_section, make_tag, make_author, site_settings):
    """`populate(n)`: n public articles sharing a section, a tag and an author, plus others,
    each read in the last two hours (the "most read" blocks show min(n, 5) of them)."""

    def populate(count):
        section, tag, author = make_section(), make_tag(), make_author()
        others = [make_section() for _ in range(3)]
        articles = []
        for i in range(count):
            articles.append(
                make_article(
                    section=section if i % 2 == 0 else others[i % 3],
                    tags=[tag, make_tag()],
                    authors=[author, make_author()],
                    is_featured=i == 0,
                    is_breaking=i < 3,
                )
            )
        hour = hour_of(timezone.now())
        ArticleReadCount.objects.bulk_create(
            ArticleReadCount(article=article, hour=hour - timedelta(hours=back), count=i + back)
            for i, article in enumerate(articles)
            for back in (0, 1)
        )
        return {"section": section, "tag": tag, "author": author, "article": articles[-1]}

    return populate


def page_urls(objects):
    article = objects["article"]
    return {
        # The window of newest articles; the chosen cards and their bylines. The editors' pins,
        # the "most read" block (here, on the article and section pages) and the time of the
        # next scheduled update of any article (lists, below too: applied first when due, and
        # no cache keeps the list past it) come from the shared cache.
        "home": ("/", 3),
        # The article with its section and lead image (and whether it has approved comments);
        # authors, tags, corrections; related articles (two short index walks in one UNION:
        # faster than one OR). The comments only when there are some (below). The next
        # scheduled update of any article comes from the shared cache (the article's own is
        # asked only once one is due).
        "article": (article.get_absolute_url(), 5),
        # Lists: the section, tag or author; the page's cards, one more than shown (whether an
        # older page exists: no COUNT) and their bylines. The next scheduled update and a
        # section's "most read" block come from the shared cache. Every page of a list costs
        # the same (cursor pages: tests/articles/public/test_pagination.py).
        "section": (objects["section"].get_absolute_url(), 3),
        "tag": (objects["tag"].get_absolute_url(), 3),
        "author": (objects["author"].get_absolute_url(), 3),
        "archive": (f"/{article.publish_at.year}/", 2),
        "search": (reverse("articles:search") + "?q=" + "عنوان", 3),
        "feed": ("/feed/", 3),
        "section feed": (reverse("articles:section-feed", args=[objects["section"].slug]), 4),
        "tag feed": (reverse("articles:tag-feed", args=[objects["tag"].slug]), 4),
        "author feed": (reverse("authors:feed", args=[objects["author"].slug]), 4),
        "sitemap index": ("/sitemap.xml", 4),
        "article sitemap": ("/sitemap-articles.xml", 2),
        "section sitemap": ("/sitemap-sections.xml", 1),
        "news sitemap": ("/news-sitemap.xml", 1),
    }


BUDGETS = {
    "home": 12,
    "article": 8,
    "section": 8,
    "tag": 8,
    "author": 8,
    "archive": 8,
    "search": 6,
    "feed": 5,
    "section feed": 5,
    "tag feed": 5,
    "author feed": 5,
    "sitemap index": 5,
    "article sitemap": 5,
    "section sitemap": 5,
    "news sitemap": 5,
}


def warm_shared_cache(section):
    """The settings row, the menu, the pins, the next update's time and the "most read"
    rankings come from the shared cache on every page but the first after a change (what a
    cold menu costs: tests/articles/public/test_navigation.py; the pins and the block:
    test_home_pins.py, test_most_read.py)."""
    SiteSettings.load()
    navigation.load()
    pin_rows()
    next_update_time()
    most_read_articles()
    most_read_articles(section=section)


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("page", list(BUDGETS))
def test_page_queries_are_pinned_and_within_budget(
    page, count, populate, client, django_assert_num_queries
):
    objects = populate(count)
    url, expected = page_urls(objects)[page]
    assert expected <= BUDGETS[page]
    assert Article.objects.count() == count
    warm_shared_cache(objects["section"])
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    if page in ("home", "article", "section"):
        assert b'class="most-read"' in response.content


@pytest.mark.parametrize(
    ("statuses", "shown", "queries"),
    [
        # Most articles have no approved comment: the article's row says so, no comments' query.
        ([], [], 5),
        (["pending", "rejected", "spam"], [], 5),
        # One approved among others: the thread's query, and only the approved one shows.
        (["approved", "pending"], ["approved"], 6),
    ],
)
def test_the_comments_query_runs_only_for_an_article_with_approved_comments(
    statuses, shown, queries, populate, make_comment, client, django_assert_num_queries
):
    article = populate(1)["article"]
    for status in statuses:
        make_comment(article, status=status, body=f"تعليق {status}")
    warm_shared_cache(article.section)

    with django_assert_num_queries(queries):
        html = client.get(article.get_absolute_url()).content.decode()

    assert [status for status in statuses if f"تعليق {status}" in html] == shown


def test_a_share_picture_costs_a_query_only_on_the_articles_that_have_one(
    populate, client, django_assert_num_queries
):
    article = populate(1)["article"]
    warm_shared_cache(article.section)
    with django_assert_num_queries(5):
        client.get(article.get_absolute_url())

    article.share_image = Image.objects.create(
        file="share.jpg", width=1200, height=630, renditions={"share.jpg": {"name": "share.jpg"}}
    )
    article.save(update_fields=["share_image"])
    with django_assert_num_queries(6):
        html = client.get(article.get_absolute_url()).content.decode()

    assert '<meta property="og:image" content="http://testserver/media/share.jpg">' in html
