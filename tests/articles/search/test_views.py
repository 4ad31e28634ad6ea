import pytest

from articles.models import Article
from articles.search import highlight


@pytest.fixture
def article(make_article):
    return make_article(
        headline="أمطار غزيرة في الرباط",
        standfirst="نشرة إنذارية من مديرية الأرصاد.",
        body="<p>هطلت <strong>أمطار</strong> قوية على العاصمة &lt;script&gt; ليلا.</p>",
    )


def test_search_page_lists_matches_with_highlighted_escaped_snippet(client, article):
    response = client.get("/search/", {"q": "امطار"})
    html = response.content.decode()
    assert response.status_code == 200
    assert article.get_absolute_url() in html
    assert "<mark>" in html
    assert "<script>" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("query", ["", "!!!", "؟؟؟", "x" * 5000])
def test_empty_junk_or_overlong_queries_get_a_helpful_page(client, db, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert 'class="search-help"' in response.content.decode()


def test_search_results_are_paginated_keeping_the_query(client, make_article):
    for _ in range(21):
        make_article(headline="مهرجان الفيلم بطنجة")
    first = client.get("/search/", {"q": "مهرجان"}).content.decode()
    assert "page=2" in first and "q=" in first
    second = client.get("/search/", {"q": "مهرجان", "page": 2})
    assert second.status_code == 200
    assert Article.objects.count() == 21


def test_a_snippet_cut_from_a_longer_text_says_so_with_an_ellipsis():
    words = [f"كلمة{n}" for n in range(100)]
    middle = highlight(" ".join(words[:50] + ["الرباط"] + words[50:]), "الرباط")
    assert middle.startswith("… ") and middle.endswith(" …")
    assert "<mark>الرباط</mark>" in middle
    whole = highlight("أمطار على الرباط", "الرباط")
    assert whole == "أمطار على <mark>الرباط</mark>"
