"""The admin in Moroccan Arabic, on a phone and on a desk, in a real browser (Debian's chromium).

The date and time pickers: Moroccan months, one-letter day columns, Arabic labels, the popup
inside the screen. Screenshots at 390 and 1280 px go to test-artifacts/ (gitignored).
"""

import re
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from articles.models import Status
from tests.browser_fixtures import WatchedPage, sign_in_through_the_forms
from tests.newsroom.test_locale import MOROCCAN_MONTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = (390, 1280)
LATIN = re.compile(r"[A-Za-z]")
SERVER_ZONE = "Africa/Casablanca"
# Always ahead of Casablanca (no summer time): the field shows its time zone note.
BROWSER_ZONE = "Asia/Tokyo"

RECT = """(element) => {
  const r = element.getBoundingClientRect()
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width }
}"""
# Whether a click at the element's centre lands on it (inside the viewport, not covered).
REACHABLE = """(element) => {
  const r = element.getBoundingClientRect()
  const x = r.left + r.width / 2, y = r.top + r.height / 2
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false
  const hit = document.elementFromPoint(x, y)
  return hit === element || element.contains(hit)
}"""


@pytest.fixture
def open_admin(browser, live_server, make_staff_user):
    """`open_admin(width, user=None)`: a page at `width` px, signed in as `user` (by default an
    editor-in-chief), its browser clock in BROWSER_ZONE."""
    pages = []

    def open_admin(width, user=None):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="ar-MA", timezone_id=BROWSER_ZONE
        )
        page = WatchedPage(context.new_page()).page
        pages.append(page)
        sign_in_through_the_forms(page, live_server.url, user or make_staff_user(role="chief"))
        return page

    yield open_admin
    for page in pages:
        # Leaving an article's page sends a last presence beacon: the live server answers it
        # before the database is flushed (as tests/browser_fixtures.py's watched_page does).
        page.goto("about:blank")
        page.wait_for_timeout(500)
        page.context.close()
    connections.close_all()


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"admin-arabic-{name}-{width}.png"))


def rect(locator):
    return locator.evaluate(RECT)


def inside_viewport(page, locator):
    box, width = rect(locator), page.viewport_size["width"]
    return box["left"] >= 0 and box["right"] <= width


def english(texts):
    return [text for text in texts if LATIN.search(text)]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_date_picker_speaks_moroccan_arabic_and_fits_the_screen(
    open_admin, live_server, make_article, width
):
    article = make_article(status=Status.DRAFT)
    page = open_admin(width)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))

    # The browser's clock is in another zone: the note under the field says so, in Arabic.
    note = page.locator(".timezonewarning").first
    assert note.inner_text().startswith("ملاحظة: أدخل الأوقات بتوقيت")
    assert english([note.inner_text().replace(SERVER_ZONE, "")]) == []

    page.locator("#calendarlink0").scroll_into_view_if_needed()
    page.click("#calendarlink0")
    box = page.locator("#calendarbox0[open]")
    box.wait_for()
    shoot(page, "date-picker")

    # The popup stays on the screen and its seven columns inside it.
    assert inside_viewport(page, box)
    columns = box.locator("th")
    assert columns.count() == 7
    assert rect(columns.last)["left"] >= rect(box)["left"]
    assert rect(columns.first)["right"] <= rect(box)["right"]
    assert columns.all_inner_texts() == ["ن", "ث", "ر", "خ", "ج", "س", "ح"]  # from Monday

    caption = box.locator("caption")
    month, _year = caption.inner_text().split()
    assert month in MOROCCAN_MONTHS
    labels = box.locator("[aria-label]").evaluate_all("(els) => els.map(e => e.ariaLabel)")
    assert len(labels) > 28
    assert english(labels) == []
    assert any(re.fullmatch(rf"\d+ {month} \d{{4}} \(اليوم.*\)", label) for label in labels)
    assert box.locator(".calendar-shortcuts").inner_text().split() == [
        "أمس",
        "|",
        "اليوم",
        "|",
        "غدًا",
    ]

    # Both month arrows can be reached; the next month has its Moroccan name too.
    for arrow in (".calendarnav-previous", ".calendarnav-next"):
        assert box.locator(arrow).evaluate(REACHABLE), arrow
    box.locator(".calendarnav-next").click()
    following = MOROCCAN_MONTHS[(MOROCCAN_MONTHS.index(month) + 1) % 12]
    assert caption.inner_text().split()[0] == following
    box.locator(".calendar-cancel a").click()

    page.click("#clocklink0")
    clock = page.locator("#clockbox0[open]")
    clock.wait_for()
    assert inside_viewport(page, clock)
    assert clock.locator("h2").inner_text() == "اختر وقتًا"
    assert clock.locator(".timelist a").all_inner_texts() == [
        "الآن",
        "منتصف الليل",
        "6 صباحًا",
        "منتصف النهار",
        "6 مساءً",
    ]
    shoot(page, "time-picker")
