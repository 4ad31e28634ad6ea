"""Hostile query strings and path parameters on every public URL that takes any: never a 500.

Bots send NUL bytes (`%00`), broken UTF-8, very long values, SQL and markup. PostgreSQL refuses
NUL in text, so a NUL that reached a query was a 500 there (SQLite accepted it, which is why
the suite missed it); the request guard (newsroom/request_guard.py) answers 400 instead.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse

LONG = "ب" * 5000
# Raw, already percent-encoded as a client sends them.
HOSTILE_VALUES = {
    "nul alone": "%00",
    "nul inside words": quote("الرباط") + "%00" + quote("فاس"),
    "lone surrogate": "%ED%A0%80",
    "lone surrogate inside a word": "ab%ED%A0%80cd",
    "5,000 characters": quote(LONG),
    "sql": quote("1' OR '1'='1'; DROP TABLE articles_article; --"),
    "markup": quote('<script>alert(1)</script><img src=x onerror="alert(2)">'),
}
HAS_NUL = {"nul alone", "nul inside words"}


@pytest.fixture
def site(make_article, make_section, make_tag, make_author):
    section, tag, author = make_section(), make_tag(), make_author()
    article = make_article(section=section, tags=[tag], authors=[author])
    return {"article": article, "section": section, "tag": tag, "author": author}


def urls_with_parameters(site):
    """(path, query parameter names) of every public URL; `{}` marks a path parameter."""
    article = site["article"]
    year = article.publish_at.year
    return [
        ("/", ["p", "page_id", "attachment_id", "page"]),
        (reverse("articles:search"), ["q", "page"]),
        (site["section"].get_absolute_url(), ["page"]),
        (site["tag"].get_absolute_url(), ["page"]),
        (site["author"].get_absolute_url(), ["page"]),
        (f"/{year}/", ["page"]),
        (f"/{year}/01/", ["page"]),
        (f"/{year}/01/02/", ["page"]),
        (article.get_absolute_url(), ["page"]),
        ("/feed/", ["page", "format"]),
        (reverse("articles:section-feed", args=[site["section"].slug]), ["page"]),
        (reverse("authors:feed", args=[site["author"].slug]), ["page"]),
        ("/sitemap.xml", ["p"]),
        ("/sitemap-articles.xml", ["p"]),
        ("/sitemap-sections.xml", ["p"]),
        ("/sitemap-authors.xml", ["p"]),
        ("/news-sitemap.xml", ["p"]),
        ("/robots.txt", ["p"]),
        ("/category/{}/", ["page"]),
        ("/category/{}/feed/", []),
        ("/tag/{}/", ["page"]),
        ("/author/{}/", ["page"]),
        ("/author/{}/feed/", []),
        (f"/article/{article.pk}/{{}}/", []),
        ("/sitemap-{}.xml", []),
        ("/preview/link/{}/", []),
        ("/{}", []),  # the old-permalink catch-all
        ("/2019/05/{}/", []),
    ]


def requests_to_send(site):
    for path, parameters in urls_with_parameters(site):
        for label, value in HOSTILE_VALUES.items():
            if "{}" in path:
                yield label, path.replace("{}", value)
                continue
            for name in parameters:
                yield label, f"{path}?{name}={value}"
            # A hostile name, and a hostile value after a harmless parameter.
            yield label, f"{path}?{value}=1&x={value}"


@pytest.mark.django_db
def test_no_public_url_answers_500_to_hostile_parameters(client, site):
    client.raise_request_exception = False
    failures = []
    sent = 0
    for label, url in requests_to_send(site):
        sent += 1
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{label}: {url[:120]} -> {response.status_code}")
        elif label in HAS_NUL and response.status_code != 400:
            failures.append(f"{label}: {url[:120]} -> {response.status_code}, not 400")
    assert sent > 300
    assert not failures, "\n".join(failures)


def test_a_nul_byte_in_the_search_answers_400_naming_the_parameter_in_arabic(client, db):
    response = client.get("/search/?q=" + quote("المغرب") + "%00")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="ar-ma"' in page and 'dir="rtl"' in page
    assert "طلب غير صالح" in page and "«q»" in page and "NUL" in page


def test_a_nul_byte_in_the_path_answers_400(client, db):
    response = client.get("/category/%00/")

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_clean_requests_pass_the_guard(client, site):
    assert client.get("/search/?q=" + quote("الرباط")).status_code == 200
    assert client.get(site["section"].get_absolute_url() + "?page=1").status_code == 200


def test_a_session_cookie_with_a_nul_byte_is_dropped_not_looked_up(client, db):
    """A quoted cookie's octal escape decodes to NUL: as a session key it reached PostgreSQL."""
    client.cookies.load('sessionid="aaaaaaaa\\000bbbb"')

    response = client.get("/search/", {"q": "مغرب"})

    assert response.status_code == 200
