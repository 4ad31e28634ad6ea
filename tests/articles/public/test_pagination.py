"""Section, tag, author and date-archive lists paged by cursor (articles/public/pagination.py)."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.utils import timezone

from articles.models import Article, SiteSettings, Status
from articles.public import navigation
from articles.public.pagination import OFFSET_PAGE_LIMIT, BadCursor, Cursor, older_than
from articles.public.views import PAGE_SIZE

# The 404 page's heading ("Page not found"), in Arabic.
NOT_FOUND = "الصفحة غير موجودة"
# 47 articles over three publish times (ties broken by id), one of them a second earlier:
# pages of 20 break inside each group of equal times.
TIES = (20, 5, 17, 5)


@pytest.fixture
def listed(make_article, make_section, make_tag, make_author):
    """`listed()`: the articles of a section, a tag, an author and one archive day, newest
    first as readers must see them, and each list's address."""
    section, tag, author = make_section(), make_tag(), make_author()
    # Microseconds too: a cursor names the exact time (SQLite compares times as text).
    moment = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=250000)
    moment -= timedelta(days=2)
    times = [moment, moment - timedelta(seconds=1), moment - timedelta(hours=1), moment]
    for group, count in zip(times, TIES, strict=True):
        for _ in range(count):
            make_article(section=section, tags=[tag], authors=[author], publish_at=group)
    # Others of the same day and time, in none of the lists but the archive's.
    make_article(publish_at=moment)
    make_article(status=Status.DRAFT, publish_at=None, section=section, authors=[author])
    expected = list(
        Article.objects.published().filter(section=section).order_by("-publish_at", "-id")
    )
    day = f"/{moment.year}/{moment.month}/{moment.day}/"
    in_day = list(
        Article.objects.published()
        .filter(publish_at__date=moment.date())
        .order_by("-publish_at", "-id")
    )
    return {
        "section": (section.get_absolute_url(), expected),
        "tag": (tag.get_absolute_url(), expected),
        "author": (author.get_absolute_url(), expected),
        "archive": (day, in_day),
    }


def shown(html):
    """The article ids of a list page's cards, in order."""
    cards = html.split('<div class="list">', 1)[1].split("</div>\n", 1)[0]
    return list(dict.fromkeys(int(pk) for pk in re.findall(r'href="/article/(\d+)/', cards)))


def link(html, rel):
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return unescape(found[1]) if found else None


@pytest.mark.parametrize("kind", ["section", "tag", "author", "archive"])
def test_walking_older_then_newer_shows_every_article_once(client, listed, kind):
    url, expected = listed[kind]
    ids = [article.pk for article in expected]
    pages, address = [], url
    while address:
        response = client.get(address if address.startswith("/") else url + address)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(shown(html))
        address = link(html, "next")
        assert address is None or "before=" in address
    assert [pk for page in pages for pk in page] == ids
    assert [len(page) for page in pages] == [20, 20, len(ids) - 40]

    # Back, newer and newer: the same articles, each once, up to the newest.
    back, address = [], link(html, "prev")
    while address:
        html = client.get(address if address.startswith("/") else url + address).content.decode()
        back.append(shown(html))
        address = link(html, "prev")
    walked_back = [pk for page in reversed(back) for pk in page]
    assert walked_back == ids[: len(walked_back)]
    assert len(set(walked_back)) == len(walked_back)
    assert walked_back[0] == ids[0] and walked_back[-1] == ids[39]


def test_a_cursor_names_the_last_card_shown_and_the_next_page_starts_after_it(client, listed):
    url, expected = listed["section"]
    html = client.get(url).content.decode()
    last = expected[PAGE_SIZE - 1]
    assert link(html, "next") == f"{url}?before={Cursor.of(last)}"
    assert str(Cursor.of(last)) == f"{int(last.publish_at.timestamp() * 1_000_000)}-{last.pk}"


def test_a_newer_page_shows_the_twenty_cards_before_its_cursor(client, listed):
    url, expected = listed["section"]
    cursor = Cursor.of(expected[30])
    html = client.get(url, {"after": str(cursor)}).content.decode()
    assert shown(html) == [article.pk for article in expected[10:30]]
    assert link(html, "prev") == f"{url}?after={Cursor.of(expected[10])}"
    assert link(html, "next") == f"{url}?before={Cursor.of(expected[29])}"


def test_other_query_parameters_are_kept_in_the_links(client, listed):
    url, _expected = listed["section"]
    html = client.get(url, {"utm_source": "x"}).content.decode()
    assert link(html, "next").startswith(f"{url}?utm_source=x&before=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "garbage",
        "1",
        "1-",
        "-1",
        "1-0",
        "1-2-3",
        "1.5-2",
        " 1-2",
        "1-2 ",
        "1-2\n",
        "١٧٣٣-٢",  # Arabic-Indic digits
        "0x10-2",
        "1-" + "9" * 19,  # past the largest id a bigint holds
        "1-9223372036854775808",
        "9" * 18 + "-1",  # the year 31,000-odd
        "-" + "9" * 18 + "-1",
        "9" * 40 + "-1",
        "1-" + "9" * 40,
        "'; DROP TABLE x; --",
        "%00",
    ],
)
@pytest.mark.parametrize("direction", ["before", "after"])
def test_a_malformed_cursor_answers_an_arabic_404(client, listed, direction, cursor):
    url, _expected = listed["section"]
    response = client.get(url, {direction: cursor})
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


def test_a_cursor_with_a_nul_byte_is_refused_before_the_view(client, listed):
    url, _expected = listed["tag"]
    response = client.get(url, {"before": "1\x00-2"})
    # The request guard answers every parameter carrying NUL (tests/newsroom/test_request_guard.py).
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"before": "1-2", "after": "1-2"},
        {"page": "2", "before": "1-2"},
        {"page": "1", "after": "1-2"},
    ],
)
def test_two_page_parameters_at_once_answer_404(client, listed, query):
    url, _expected = listed["author"]
    assert client.get(url, query).status_code == 404


@pytest.mark.parametrize("direction", ["before", "after"])
def test_a_cursor_past_the_list_s_end_answers_404(client, listed, direction):
    url, expected = listed["section"]
    end = expected[-1] if direction == "before" else expected[0]
    response = client.get(url, {direction: str(Cursor.of(end))})
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()


def test_cursors_at_the_ends_of_time_answer_404_not_500(client, listed):
    url, _expected = listed["archive"]
    first = datetime(1, 1, 1, tzinfo=UTC)
    last = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert client.get(url, {"before": str(Cursor(first, 1))}).status_code == 404
    assert client.get(url, {"after": str(Cursor(last, 1))}).status_code == 404


def test_old_page_numbers_are_served_without_a_count(client, listed, django_assert_num_queries):
    url, expected = listed["section"]
    SiteSettings.load()
    navigation.load()
    with django_assert_num_queries(5):
        response = client.get(url, {"page": "2"})
    html = response.content.decode()
    assert shown(html) == [article.pk for article in expected[20:40]]
    # Its links lead on by cursor; the page before the second is the first.
    assert link(html, "prev") == url
    assert link(html, "next") == f"{url}?before={Cursor.of(expected[39])}"
    third = client.get(url, {"page": "3"}).content.decode()
    assert shown(third) == [article.pk for article in expected[40:]]
    assert link(third, "prev") == f"{url}?after={Cursor.of(expected[40])}"
    assert link(third, "next") is None
    assert client.get(url, {"page": "1"}).status_code == 200


@pytest.mark.parametrize(
    "page", ["4", str(OFFSET_PAGE_LIMIT), "0", "-1", "abc", "٢", " 2", "+2", "", "9" * 31]
)
def test_old_page_numbers_past_the_end_or_invalid_answer_404(client, listed, page):
    url, _expected = listed["tag"]
    assert client.get(url, {"page": page}).status_code == 404


def test_old_page_numbers_too_deep_to_serve_are_sent_to_the_first_page(client, listed):
    url, _expected = listed["section"]
    response = client.get(url, {"page": str(OFFSET_PAGE_LIMIT + 1), "utm_source": "x"})
    assert response.status_code == 301
    assert response["Location"] == f"{url}?utm_source=x"
    huge = client.get(url, {"page": "9" * 30})
    assert (huge.status_code, huge["Location"]) == (301, url)
    # Named like the list's pages: purging the section purges the redirect from the caches.
    assert response["Surrogate-Key"] == client.get(url)["Surrogate-Key"]


def test_every_page_of_a_list_names_the_list_s_surrogate_keys(client, listed):
    url, expected = listed["tag"]
    first = client.get(url)["Surrogate-Key"]
    assert first.split()[-1].endswith("-list")
    for query in (
        {"before": str(Cursor.of(expected[19]))},
        {"after": str(Cursor.of(expected[40]))},
    ):
        assert client.get(url, query)["Surrogate-Key"] == first


@pytest.mark.parametrize("kind", ["section", "tag", "author", "archive"])
def test_every_page_of_a_list_makes_the_same_queries(
    client, listed, kind, django_assert_num_queries
):
    url, expected = listed[kind]
    # The settings row, the menu, the next scheduled update and the "most read" block come
    # from the shared cache once a first page has read them.
    client.get(url)
    addresses = [
        url,
        f"{url}?before={Cursor.of(expected[19])}",
        f"{url}?before={Cursor.of(expected[39])}",
        f"{url}?after={Cursor.of(expected[40])}",
        f"{url}?page=2",
    ]
    budget = {"section": 3, "tag": 3, "author": 3, "archive": 2}[kind]
    for address in addresses:
        with django_assert_num_queries(budget):
            assert client.get(address).status_code == 200


def test_the_older_page_condition_is_one_row_comparison(db):
    cursor = Cursor(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), 42)
    sql = str(older_than(Article.objects.all(), cursor).query)
    # A range bound on the (…, publish_at, id) indexes, not an OR that PostgreSQL reads as a
    # filter (the EXPLAIN: docs/decisions/keyset-pagination.md).
    assert '("articles_article"."publish_at", "articles_article"."id") <' in sql
    assert " OR " not in sql


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 6, 2, 9, 48, 123456, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_a_cursor_reads_back_as_the_same_position(moment):
    cursor = Cursor(moment, 9223372036854775807)
    assert Cursor.parse(str(cursor)) == cursor


def test_a_cursor_of_the_wrong_shape_is_refused():
    with pytest.raises(BadCursor):
        Cursor.parse("1-2-3")


@pytest.mark.parametrize(
    ("url", "inside", "outside"),
    [
        # Moroccan time: the day begins at local midnight, not UTC's.
        ("/2024/12/31/", (2024, 12, 31, 0, 0), (2024, 12, 30, 23, 59)),
        ("/2024/12/31/", (2024, 12, 31, 23, 59), (2025, 1, 1, 0, 0)),
        ("/2024/12/", (2024, 12, 1, 0, 0), (2025, 1, 1, 0, 0)),
        ("/2024/2/", (2024, 2, 29, 23, 59), (2024, 3, 1, 0, 0)),
        ("/2024/", (2024, 1, 1, 0, 0), (2023, 12, 31, 23, 59)),
        ("/2024/", (2024, 12, 31, 23, 59), (2025, 1, 1, 0, 0)),
    ],
)
def test_an_archive_holds_its_period_in_local_time_to_the_minute(
    client, make_article, url, inside, outside
):
    zone = timezone.get_current_timezone()
    kept = make_article(publish_at=datetime(*inside, tzinfo=zone))
    left = make_article(publish_at=datetime(*outside, tzinfo=zone))
    ids = shown(client.get(url).content.decode())
    assert kept.pk in ids and left.pk not in ids


@pytest.mark.parametrize("url", ["/1/", "/1/1/", "/1/1/1/", "/9999/", "/9999/12/", "/9999/12/31/"])
def test_archives_at_the_ends_of_the_calendar_answer_empty_not_500(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "لا توجد مقالات هنا بعد." in response.content.decode()


def test_a_cursor_page_is_cached_no_longer_than_the_first_expiry_it_shows(
    page_cache_on, client, listed
):
    url, expected = listed["section"]
    expiring = expected[25]
    expiring.expires_at = timezone.now() + timedelta(seconds=30)
    expiring.save(update_fields=["expires_at"])
    older = client.get(url, {"before": str(Cursor.of(expected[19]))})
    first = client.get(url)
    assert expiring.pk in shown(older.content.decode())
    assert "s-maxage=29" in older["Cache-Control"] or "s-maxage=30" in older["Cache-Control"]
    # The first page does not show it: its lifetime is not cut.
    assert "s-maxage=60," in first["Cache-Control"]


# Hostile or odd page parameters and archive ends: a 404 (or a redirect), never a 500.
EDGE_QUERIES = [
    "?before=253402300799999999-1",  # 9999-12-31T23:59:59.999999Z
    "?before=253402300800000000-1",  # past the year 9999
    "?after=-62135596800000000-1",  # 0001-01-01T00:00Z
    "?after=-62135596800000001-1",
    "?before=-999999999999999999-1",
    "?before=999999999999999999-1",
    "?before=1-9223372036854775807",
    "?after=1-9223372036854775807",
    "?before=1-9223372036854775808",
    "?before=1-0",
    "?before=-0-1",
    "?before=000000000000000001-1",
    "?before=%D9%A1%D9%A2-%D9%A3",  # Arabic-Indic digits
    "?before=1-1&after=1-1",
    "?before=1-1&before=2-2",
    "?before=",
    "?before=1-",
    "?before=1--1",
    "?before=1-1%00",
    "?page=",
    "?page=0",
    "?page=00",
    "?page=002",
    "?page=51",
    "?page=999999999999999999999999999999",
    "?page=9999999999999999999999999999999",
    "?page=%D9%A2",
    "?page=2&page=3",
    "?page=1e3",
]


@pytest.mark.parametrize("query", EDGE_QUERIES)
@pytest.mark.parametrize("where", ["section", "archive", "archive-day"])
def test_odd_page_parameters_never_500(query, where, client, make_article, make_section):
    section = make_section()
    for n in range(25):
        make_article(section=section, publish_at=timezone.now() - timedelta(minutes=n + 1))
    path = {
        "section": section.get_absolute_url(),
        "archive": f"/{timezone.localdate().year}/",
        "archive-day": f"/{timezone.localdate().year}/{timezone.localdate().month}/"
        f"{timezone.localdate().day}/",
    }[where]
    response = client.get(path + query)
    assert response.status_code in (200, 301, 400, 404), (path + query, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/1/",
        "/1/1/1/",
        "/9999/",
        "/9999/12/",
        "/9999/12/31/",
        "/99999999999999999999/",
        "/2024/99999999999999999999/",
        "/0/",
        "/2024/0/",
    ],
)
def test_archive_ends_never_500(path, client, db):
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)


@pytest.mark.parametrize(
    ("url", "inside", "outside"),
    [
        # Ramadan 2025: UTC+1 until 23 Feb 03:00, UTC+0 until 6 Apr 02:00, then UTC+1.
        ("/2025/2/23/", (2025, 2, 23, 0, 0), (2025, 2, 22, 23, 59)),
        ("/2025/2/23/", (2025, 2, 23, 23, 59), (2025, 2, 24, 0, 0)),
        ("/2025/4/6/", (2025, 4, 6, 0, 0), (2025, 4, 5, 23, 59)),
        ("/2025/4/5/", (2025, 4, 5, 23, 59), (2025, 4, 6, 0, 0)),
        ("/2025/3/", (2025, 3, 1, 0, 0), (2025, 2, 28, 23, 59)),
        ("/2025/3/", (2025, 3, 31, 23, 59), (2025, 4, 1, 0, 0)),
        # 2009: DST ended at local midnight (21 Aug 00:00 -> 20 Aug 23:00).
        ("/2009/8/20/", (2009, 8, 20, 23, 30), (2009, 8, 21, 0, 0)),
        ("/2009/8/21/", (2009, 8, 21, 0, 0), (2009, 8, 20, 23, 59)),
    ],
)
def test_archives_across_moroccan_clock_changes(client, make_article, url, inside, outside):
    zone = timezone.get_current_timezone()
    kept = make_article(publish_at=datetime(*inside, tzinfo=zone))
    left = make_article(publish_at=datetime(*outside, tzinfo=zone))
    ids = shown(client.get(url).content.decode())
    assert kept.pk in ids and left.pk not in ids
