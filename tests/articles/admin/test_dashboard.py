"""The desk on the admin's home page: the right lists for each role, only what the person may
see, Casablanca's days, and a query count that does not grow with the items."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin.dashboard import LIMIT, desk_lists
from articles.models import Article, CommentStatus, Correction, Status, StatusChange
from articles.services.live import live_coverage_end, live_coverage_start, live_entry_post
from tests.sign_in import sign_in

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def lists_for(user, now=None):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {desk.key: desk for desk in desk_lists(request, now=now)}


def titles(desk):
    return [item.title for item in desk.items]


@pytest.fixture
def newsroom(staff, make_author, make_article, make_comment):
    """A reporter's draft and submission, a colleague's draft and submission, a public article
    with a correction, a taken-down article and a comment waiting."""
    reporter = staff["reporter"]
    mine = make_author(user=reporter)
    now = timezone.now()
    made = {
        "my_draft": make_article(status=Status.DRAFT, authors=[mine], headline="مسودتي"),
        "their_draft": make_article(status=Status.DRAFT, headline="مسودة زميل"),
        "my_review": make_article(
            status=Status.IN_REVIEW, authors=[mine], headline="مقالي للمراجعة"
        ),
        "their_review": make_article(status=Status.IN_REVIEW, headline="مقال زميل للمراجعة"),
        "fresh": make_article(
            status=Status.PUBLISHED, publish_at=now - timedelta(hours=2), headline="خبر اليوم"
        ),
        "old": make_article(
            status=Status.PUBLISHED, publish_at=now - timedelta(days=3), headline="خبر قديم"
        ),
        "soon": make_article(
            status=Status.SCHEDULED, publish_at=now + timedelta(hours=1), headline="خبر مبرمج"
        ),
        "gone": make_article(status=Status.ARCHIVED, headline="مقال مسحوب"),
    }
    StatusChange.objects.create(
        article=made["gone"],
        from_status=Status.PUBLISHED,
        to_status=Status.ARCHIVED,
        actor=staff["chief"],
        note="بأمر من المحكمة",
    )
    Correction.objects.create(article=made["fresh"], text="صُحح اسم المدينة.")
    make_comment(made["fresh"], status=CommentStatus.PENDING, name="قارئ ينتظر")
    return made


def test_an_editor_sees_every_list(staff, newsroom):
    desk = lists_for(staff["editor"])
    assert list(desk) == [
        "live",
        "review",
        "scheduled",
        "drafts",
        "published",
        "corrections",
        "takedowns",
        "comments",
    ]
    assert titles(desk["review"]) == ["مقالي للمراجعة", "مقال زميل للمراجعة"]
    assert titles(desk["scheduled"]) == ["خبر مبرمج"]
    assert titles(desk["drafts"]) == []  # none of the drafts is the editor's own
    assert titles(desk["published"]) == ["خبر اليوم"]
    assert titles(desk["corrections"]) == ["خبر اليوم"]
    assert desk["takedowns"].items[0].detail == "بأمر من المحكمة"
    assert desk["comments"].items[0].detail == "قارئ ينتظر"


def test_live_articles_are_listed_the_silent_longest_first_with_their_last_entry(
    staff, make_article
):
    editor = staff["editor"]
    quiet = live_coverage_start(article=make_article(headline="تغطية هادئة"), actor=editor)
    busy = live_coverage_start(article=make_article(headline="تغطية نشطة"), actor=editor)
    ended = live_coverage_start(article=make_article(headline="تغطية منتهية"), actor=editor)
    live_coverage_end(article=ended, actor=editor)
    now = timezone.now()
    live_entry_post(article=quiet, actor=editor, body="<p>قديم</p>", now=now - timedelta(hours=1))
    entry = live_entry_post(article=busy, actor=editor, body="<p>جديد</p>", now=now)
    desk = lists_for(editor)["live"]
    assert titles(desk) == ["تغطية هادئة", "تغطية نشطة"]
    assert desk.items[1].when == entry.created_at
    assert desk.items[0].url == reverse("admin:articles_article_live", args=[quiet.pk])


def test_a_reporter_sees_only_what_the_article_admin_shows_them(staff, newsroom):
    desk = lists_for(staff["reporter"])
    assert "takedowns" not in desk and "comments" not in desk
    assert titles(desk["drafts"]) == ["مسودتي"]
    assert titles(desk["review"]) == ["مقالي للمراجعة"]
    assert titles(desk["published"]) == ["خبر اليوم"]
    # Not public yet, and not theirs.
    assert titles(desk["scheduled"]) == []


def test_waiting_for_review_lists_the_longest_waiting_first(staff, make_article, now):
    later = make_article(status=Status.IN_REVIEW, headline="أُرسل لاحقا")
    earlier = make_article(status=Status.IN_REVIEW, headline="أُرسل أولا")
    for article, minutes in [(later, 5), (earlier, 50)]:
        row = StatusChange.objects.create(
            article=article, from_status=Status.DRAFT, to_status=Status.IN_REVIEW
        )
        StatusChange.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=minutes))
    assert titles(lists_for(staff["editor"])["review"]) == ["أُرسل أولا", "أُرسل لاحقا"]


def test_today_and_tomorrow_are_casablanca_days(staff, make_article):
    now = datetime(2026, 6, 10, 23, 30, tzinfo=CASABLANCA)
    for headline, at in [
        ("الليلة", datetime(2026, 6, 10, 23, 45, tzinfo=CASABLANCA)),
        ("بعد منتصف الليل", datetime(2026, 6, 11, 0, 10, tzinfo=CASABLANCA)),
        ("آخر الغد", datetime(2026, 6, 11, 23, 50, tzinfo=CASABLANCA)),
        ("بعد الغد", datetime(2026, 6, 12, 0, 10, tzinfo=CASABLANCA)),
    ]:
        make_article(status=Status.SCHEDULED, publish_at=at, headline=headline)
    scheduled = lists_for(staff["editor"], now=now)["scheduled"]
    assert [(item.title, item.day) for item in scheduled.items] == [
        ("الليلة", "today"),
        ("بعد منتصف الليل", "tomorrow"),
        ("آخر الغد", "tomorrow"),
    ]


def test_each_list_is_bounded_and_links_to_the_filtered_list(staff, make_article):
    for n in range(LIMIT + 3):
        make_article(status=Status.IN_REVIEW, headline=f"مقال {n}")
    review = lists_for(staff["editor"])["review"]
    assert len(review.items) == LIMIT
    assert review.more_url.endswith("?status__exact=in_review")


def test_staff_who_do_not_work_on_articles_get_no_desk(make_staff):
    assert lists_for(make_staff()) == {}


def page(client, user):
    sign_in(client, user)
    return client.get(reverse("admin:index"))


def test_the_home_page_shows_the_desk_in_arabic_with_links_to_the_articles(client, staff, newsroom):
    response = page(client, staff["editor"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "في انتظار المراجعة" in html and "مبرمج لليوم والغد" in html
    fresh = newsroom["fresh"]
    assert reverse("admin:articles_article_change", args=[fresh.pk]) in html
    # Moroccan month names and the 24-hour clock.
    when = timezone.localtime(fresh.publish_at)
    months = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ]
    assert f"{when.day} {months[when.month - 1]} {when.year}، {when:%H:%M}" in html
    assert "بأمر من المحكمة" in html
    assert 'class="app-list"' in html  # the list of models is still there, below


def test_a_reporter_s_home_page_shows_no_other_s_draft(client, staff, newsroom):
    html = page(client, staff["reporter"]).content.decode()
    assert "مسودتي" in html
    assert "مسودة زميل" not in html
    assert "بأمر من المحكمة" not in html
    assert "قارئ ينتظر" not in html


def fill(staff, make_article, make_comment, count):
    now = timezone.now()
    author = staff["editor_author"]
    for n in range(count):
        make_article(status=Status.IN_REVIEW)
        make_article(status=Status.DRAFT, authors=[author])
        make_article(status=Status.SCHEDULED, publish_at=now + timedelta(minutes=30 + n))
        published = make_article(status=Status.PUBLISHED, publish_at=now - timedelta(hours=1))
        Correction.objects.create(article=published, text="تصويب")
        make_comment(published, status=CommentStatus.PENDING)
        live = make_article(status=Status.PUBLISHED, publish_at=now - timedelta(hours=2))
        Article.objects.filter(pk=live.pk).update(live_started_at=now - timedelta(minutes=n))
        gone = make_article(status=Status.ARCHIVED)
        StatusChange.objects.create(
            article=gone, from_status=Status.PUBLISHED, to_status=Status.ARCHIVED, note="سبب"
        )


@pytest.fixture
def editor_with_byline(staff, make_author):
    staff["editor_author"] = make_author(user=staff["editor"])
    return staff


def count_queries(client, user):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_queries_for_one_item_as_for_full_lists(
    client, editor_with_byline, make_article, make_comment, django_assert_num_queries
):
    staff = editor_with_byline
    sign_in(client, staff["editor"])
    client.get(reverse("admin:index"))  # the session and permission caches warm up
    fill(staff, make_article, make_comment, 1)
    few = count_queries(client, staff["editor"])
    fill(staff, make_article, make_comment, LIMIT + 2)
    with django_assert_num_queries(few):
        response = client.get(reverse("admin:index"))
    assert response.content.decode().count("desk-list") == 8
    # The session, the account and its second factor, its permissions, the 8 lists, the
    # recent actions box and the session's renewal.
    assert few == 19


def test_the_desk_itself_is_one_query_per_list(
    editor_with_byline, make_article, make_comment, django_assert_num_queries
):
    staff = editor_with_byline
    fill(staff, make_article, make_comment, LIMIT + 2)
    editor = staff["editor"]
    editor.has_perm("articles.view_article")  # permissions cached on the user, as in a request
    with django_assert_num_queries(8):
        desk = lists_for(editor)
    assert all(len(desk_list.items) == LIMIT for desk_list in desk.values())
