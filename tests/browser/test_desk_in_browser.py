"""The desk on the admin's home page in Debian's chromium, on a phone and on a desk: every list
inside the screen, no CSP violation. Screenshots at 390 and 1280 px go to test-artifacts/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment, CommentStatus, Correction, Status, StatusChange
from tests.browser_fixtures import WatchedPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_desk_fits_the_screen_in_arabic(
    width,
    browser,
    live_server,
    sign_in_in_browser,
    make_staff_user,
    make_author,
    make_article,
):
    editor = make_staff_user(role="editor")
    mine = make_author(user=editor)
    now = timezone.now()
    make_article(status=Status.IN_REVIEW, headline="طنجة: مجلس الجهة يصادق على ميزانية النقل")
    make_article(status=Status.DRAFT, authors=[mine], headline="مسودة عن موسم الحصاد في سايس")
    make_article(
        status=Status.SCHEDULED,
        publish_at=now + timedelta(hours=2),
        headline="الرباط: افتتاح معرض الكتاب غدا",
    )
    fresh = make_article(
        status=Status.PUBLISHED,
        publish_at=now - timedelta(hours=3),
        headline="فاس: أمطار غزيرة تغمر أحياء المدينة القديمة",
    )
    Correction.objects.create(article=fresh, text="صُحح عدد الأحياء المتضررة.")
    gone = make_article(status=Status.ARCHIVED, headline="مقال سُحب بطلب من المحكمة")
    StatusChange.objects.create(
        article=gone,
        from_status=Status.PUBLISHED,
        to_status=Status.ARCHIVED,
        actor=editor,
        note="حكم قضائي يمنع النشر",
    )
    Comment.objects.create(
        article=fresh,
        name="قارئ من مكناس",
        body="متى تتدخل السلطات؟",
        status=CommentStatus.PENDING,
        created_at=now,
    )
    context = browser.new_context(locale="ar-MA", viewport={"width": width, "height": 900})
    try:
        watched = WatchedPage(context.new_page())
        sign_in_in_browser(watched, editor)
        watched.visit(live_server.url + reverse("admin:index"))
        page = watched.page
        assert page.locator(".desk .desk-list").count() == 8
        assert page.get_by_text("في انتظار المراجعة").count() == 1
        assert page.evaluate(OVERFLOW) <= 0
        assert watched.csp_violations() == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"desk-{width}.png"), full_page=True)
        watched.visit(live_server.url + reverse("staff:account"))
        assert page.evaluate(OVERFLOW) <= 0
        page.screenshot(path=str(ARTIFACTS / f"account-notifications-{width}.png"), full_page=True)
    finally:
        context.close()
