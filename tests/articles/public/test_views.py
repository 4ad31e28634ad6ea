import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import CommentPolicy, Status

CASABLANCA = ZoneInfo("Africa/Casablanca")
CLOSED_NOTICE = "التعليقات مغلقة."


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_home_lists_public_articles_grouped_by_section(client, make_article, make_section):
    politics, sport = make_section(name="سياسة", order=1), make_section(name="رياضة", order=2)
    make_article(headline="خبر سياسي", section=politics)
    make_article(headline="خبر رياضي", section=sport)
    make_article(headline="مسودة سرية", status=Status.DRAFT, publish_at=None)

    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar-ma"' in html_tag(response) and 'dir="rtl"' in html_tag(response)
    assert "خبر سياسي" in page and "خبر رياضي" in page
    assert "مسودة سرية" not in page
    assert page.index(">سياسة<") < page.index(">رياضة<")


def test_article_page_shows_every_part(client, make_article, make_author, make_section, make_tag):
    first, second = make_author(name="سعاد بنعلي"), make_author(name="يوسف الإدريسي")
    article = make_article(
        kicker="حصري",
        headline="فاس: افتتاح سوق جديد",
        dateline="فاس",
        standfirst="مقدمة المقال",
        body="<p>الفقرة الأولى</p>",
        section=make_section(name="مجتمع"),
        tags=[make_tag(name="أسواق")],
        authors=[first, second],
        publish_at=datetime(2026, 11, 28, 9, 5, tzinfo=CASABLANCA),
    )

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html_tag(response)
    for text in ("حصري", "فاس: افتتاح سوق جديد", "مقدمة المقال", "<p>الفقرة الأولى</p>", "مجتمع"):
        assert text in page
    assert "أسواق" in page
    assert "28 نونبر 2026، 09:05" in page
    assert page.index("سعاد بنعلي") < page.index("يوسف الإدريسي")
    assert first.get_absolute_url() in page and second.get_absolute_url() in page


@pytest.mark.parametrize(
    ("site_enabled", "policy", "closed"),
    [
        (False, CommentPolicy.SITE_DEFAULT, True),
        (False, CommentPolicy.OPEN, True),
        (True, CommentPolicy.CLOSED, True),
        (True, CommentPolicy.SITE_DEFAULT, False),
    ],
)
def test_article_page_says_comments_are_closed_wherever_they_are(
    client, make_article, change_site_settings, site_enabled, policy, closed
):
    change_site_settings(comments_enabled=site_enabled)
    article = make_article(comment_policy=policy)

    page = client.get(article.get_absolute_url()).content.decode()

    assert (CLOSED_NOTICE in page) is closed


@pytest.mark.parametrize(
    ("month", "name"),
    [
        (1, "يناير"),
        (5, "ماي"),
        (7, "يوليوز"),
        (8, "غشت"),
        (9, "شتنبر"),
        (11, "نونبر"),
        (12, "دجنبر"),
    ],
)
def test_dates_use_moroccan_month_names(client, make_article, month, name):
    article = make_article(publish_at=datetime(2025, month, 3, 18, 30, tzinfo=CASABLANCA))

    page = client.get(article.get_absolute_url()).content.decode()

    assert f"3 {name} 2025، 18:30" in page


def test_wrong_or_missing_slug_answers_301_to_the_canonical_url(client, make_article):
    article = make_article(headline="عنوان صحيح")
    canonical = article.get_absolute_url()

    wrong = client.get(f"/article/{article.pk}/{quote('عنوان-قديم')}/")
    missing = client.get(f"/article/{article.pk}/")

    assert (wrong.status_code, wrong["Location"]) == (301, canonical)
    assert (missing.status_code, missing["Location"]) == (301, canonical)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.DRAFT, "publish_at": None},
        {"status": Status.IN_REVIEW, "publish_at": None},
        {"status": Status.SCHEDULED, "publish_at": "future"},
    ],
    ids=["draft", "in-review", "scheduled-early"],
)
def test_articles_never_public_answer_an_arabic_404(client, make_article, now, fields):
    # Taken-down and expired articles answer 410 (tests/newsroom/http/test_takedown.py).
    fields = dict(fields)
    if fields.get("publish_at") == "future":
        fields["publish_at"] = now + timedelta(hours=1)
    article = make_article(**fields)

    response = client.get(article.get_absolute_url())
    short = client.get(f"/article/{article.pk}/")

    assert response.status_code == 404
    assert short.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()
    assert 'dir="rtl"' in html_tag(response)


@pytest.mark.parametrize(
    "path", ["/article/999999/x/", "/category/لا-يوجد/", "/author/لا-أحد/", "/nothing/here/"]
)
def test_unknown_addresses_answer_404(client, db, path):
    assert client.get(path).status_code == 404


def test_section_page_is_paginated_newest_first(client, make_article, make_section, now):
    section = make_section(name="اقتصاد")
    for hours in range(25):
        make_article(
            headline=f"خبر اقتصادي {hours}",
            section=section,
            publish_at=now - timedelta(hours=hours + 1),
        )

    first = client.get(section.get_absolute_url()).content.decode()
    older = re.search(r'<a rel="next" href="([^"]+)"', first)[1]
    second = client.get(unescape(older)).content.decode()

    assert "خبر اقتصادي 0<" in first and "خبر اقتصادي 19<" in first
    assert "خبر اقتصادي 20<" not in first
    assert "?before=" in older
    assert "خبر اقتصادي 20<" in second and "خبر اقتصادي 24<" in second
    assert "خبر اقتصادي 19<" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("page", ["abc", "0", "3", "-1"])
def test_bad_page_numbers_answer_404(client, make_article, make_section, page):
    section = make_section()
    make_article(section=section)

    assert client.get(section.get_absolute_url(), {"page": page}).status_code == 404


def test_author_page_lists_only_their_public_articles(client, make_article, make_author):
    author, other = make_author(name="كريم"), make_author(name="ليلى")
    make_article(headline="مقال كريم", authors=[author])
    make_article(headline="مقال ليلى", authors=[other])
    make_article(headline="مسودة كريم", authors=[author], status=Status.DRAFT, publish_at=None)

    page = client.get(author.get_absolute_url()).content.decode()

    assert "مقال كريم" in page
    assert "مقال ليلى" not in page and "مسودة كريم" not in page


def test_tag_page_lists_tagged_articles(client, make_article, make_tag):
    tag = make_tag(name="انتخابات")
    make_article(headline="موسوم", tags=[tag])
    make_article(headline="غير موسوم")

    page = client.get(tag.get_absolute_url()).content.decode()

    assert "موسوم" in page and "غير موسوم" not in page


def test_headline_typed_by_staff_is_escaped(client, make_article):
    article = make_article(headline='<script>alert("x")</script>عنوان')

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("stored", "requested"),
    [("/old/خبر", "/old/خبر/"), ("/old/خبر/", "/old/خبر"), ("/old/خبر/", "/old/خبر/")],
)
def test_old_paths_redirect_with_or_without_the_trailing_slash(
    client, make_article, stored, requested
):
    from articles.models import Redirect

    article = make_article()
    Redirect.objects.create(old_path=stored, article=article)

    response = client.get(quote(requested))

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def unpublished_only(make_article, **relations):
    """A draft and an expired article using `relations`; no public article does."""
    make_article(headline="مسودة سرية", status=Status.DRAFT, publish_at=None, **relations)
    make_article(
        headline="خبر منتهي",
        expires_at=timezone.now() - timedelta(minutes=1),
        publish_at=timezone.now() - timedelta(days=1),
        **relations,
    )


def test_a_tag_used_only_by_unpublished_articles_answers_404(client, make_article, make_tag):
    tag = make_tag(name="صفقة سرية")
    unpublished_only(make_article, tags=[tag])

    response = client.get(tag.get_absolute_url())

    assert response.status_code == 404
    assert "صفقة سرية" not in response.content.decode()


def test_an_author_with_only_unpublished_articles_answers_404(client, make_article, make_author):
    author = make_author(name="مراسل جديد", bio="سيرة لم تنشر بعد")
    unpublished_only(make_article, authors=[author])
    never_used = make_author(name="كاتب بلا مقالات")

    response = client.get(author.get_absolute_url())

    assert response.status_code == 404
    assert "سيرة لم تنشر بعد" not in response.content.decode()
    assert client.get(never_used.get_absolute_url()).status_code == 404


def test_an_empty_section_answers_404_unless_it_is_in_the_navigation(
    client, make_article, make_section
):
    hidden = make_section(name="ملف قيد الإعداد")
    unpublished_only(make_article, section=hidden)
    navigation = make_section(name="رياضة", in_navigation=True)

    response = client.get(hidden.get_absolute_url())

    assert response.status_code == 404
    assert "ملف قيد الإعداد" not in response.content.decode()
    assert client.get(navigation.get_absolute_url()).status_code == 200


def test_tag_author_and_section_pages_answer_once_one_article_is_public(
    client, make_article, make_tag, make_author, make_section
):
    tag, author, section = make_tag(), make_author(), make_section()
    unpublished_only(make_article, tags=[tag], authors=[author], section=section)
    make_article(tags=[tag], authors=[author], section=section)

    for owner in (tag, author, section):
        assert client.get(owner.get_absolute_url()).status_code == 200
