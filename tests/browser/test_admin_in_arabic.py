"""The admin in Moroccan Arabic, on a phone and on a desk, in a real browser (Debian's chromium).

The date and time pickers (Moroccan months, one-letter day columns, Arabic labels, the popup
inside the screen), the body editor's toolbar and link dialog, the app names of the index and
sidebar, the article form's long text inputs and the backup codes page. Screenshots at 390 and
1280 px go to test-artifacts/ (gitignored).
"""

import re
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from articles.models import Article, Status
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
        watched = WatchedPage(context.new_page())
        pages.append(watched)
        page = watched.page
        sign_in_through_the_forms(page, live_server.url, user or make_staff_user(role="chief"))
        return page

    yield open_admin
    for watched in pages:
        # Leaving an article's page sends a last presence beacon: the live server answers it
        # before the database is flushed (as tests/browser_fixtures.py's watched_page does).
        # A form left with unsaved changes asks first: the teardown leaves anyway.
        watched.leaving = True
        watched.page.goto("about:blank")
        watched.page.wait_for_timeout(500)
        watched.page.context.close()
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


@pytest.mark.parametrize("width", WIDTHS)
def test_the_body_editors_toolbar_and_link_dialog_speak_arabic(
    open_admin, live_server, make_article, width
):
    article = make_article(status=Status.DRAFT, body="<p>نص المقال الأول في المتن.</p>")
    page = open_admin(width)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    page.locator(".prose-menubar button[data-name=bold]").wait_for()

    buttons = page.locator(".prose-menubar button")
    tooltips = buttons.evaluate_all(
        "(els) => els.filter(e => e.offsetParent).map(e => [e.title, e.ariaLabel])"
    )
    assert len(tooltips) == 11  # "remove link" shows only on a link
    assert [pair for pair in tooltips if not all(pair) or english(pair)] == []
    assert ["عريض", "عريض"] in tooltips and ["إدراج رابط", "إدراج رابط"] in tooltips
    assert ["إدراج معرض صور", "إدراج معرض صور"] in tooltips

    # The block type menu: its options and each heading button, in Arabic.
    page.locator(".prose-editor").evaluate("(e) => e.scrollIntoView()")
    page.click(".prose-menubar__selected")
    options = page.locator(".prose-menubar__option:not(.hidden)")
    options.first.wait_for()
    assert options.all_inner_texts() == ["عنوان 2", "عنوان 3", "فقرة"]
    # The list opens under its button's right edge (the toolbar is right to left), on screen.
    picker = page.locator(".prose-menubar__picker:popover-open")
    assert abs(rect(picker)["right"] - rect(page.locator(".prose-menubar__selected"))["right"]) <= 1
    assert inside_viewport(page, picker)
    shoot(page, "editor-block-types")
    options.first.click()
    assert page.locator(".prose-menubar__selected button").get_attribute("aria-label") == (
        "عنوان 2"
    )

    # The line selected, the link button opens the link dialog: Arabic throughout.
    page.locator(".prose-editor .ProseMirror[contenteditable=true] h2").click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.click(".prose-menubar button[data-name=link]")
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.wait_for()
    assert dialog.locator("h3").inner_text() == "تعديل الرابط"
    assert dialog.locator("label").all_inner_texts() == ["الرابط", "العنوان"]
    assert dialog.locator("button").all_inner_texts() == ["تحديث", "إلغاء"]
    # The address is typed left to right.
    address = dialog.locator("input[name=href]")
    assert address.evaluate("(e) => getComputedStyle(e).direction") == "ltr"
    shoot(page, "editor-link-dialog")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_index_and_sidebar_name_every_app_in_arabic(
    open_admin, live_server, make_staff_user, make_article, width
):
    # One article in a section, one without: the changelist shows its filters in full.
    make_article(status=Status.DRAFT)
    Article.objects.filter(pk=make_article(status=Status.DRAFT).pk).update(section=None)
    # A superuser sees every app, the staff-security packages' among them.
    page = open_admin(width, make_staff_user("admin", is_superuser=True))
    shoot(page, "index")

    names = page.locator("#content-main caption, #content-main th[scope=row]").all_inner_texts()
    assert len(names) > 20
    assert english(names) == []
    assert "العامل الثاني: تطبيقات المصادقة" in names
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    # The sidebar (folded away on a phone) lists the same names.
    sidebar = page.locator("#nav-sidebar caption, #nav-sidebar th[scope=row]").all_text_contents()
    assert sorted(" ".join(name.split()) for name in sidebar) == sorted(names)
    shoot(page, "changelist")
    filters = page.locator("#changelist-filter summary").all_inner_texts()
    assert {"حسب الحالة", "حسب القسم", "حسب الكاتب"} <= {" ".join(f.split()) for f in filters}
    assert page.locator("#changelist-filter a", has_text="بدون قسم").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_headline_kicker_and_slug_inputs_use_the_width_of_the_form(
    open_admin, live_server, make_article, width
):
    headline = (
        "تطوان: الأمطار الغزيرة تغمر أحياء المدينة القديمة وتقطع الطريق نحو المضيق طوال الليل"
    )
    article = make_article(status=Status.DRAFT, headline=headline)
    page = open_admin(width)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editor = page.locator(".prose-editor")
    editor.wait_for()
    shoot(page, "article-form")

    for field in ("kicker", "headline", "slug"):
        field_input = page.locator(f"#id_{field}")
        # As wide as the body editor under them, and inside the screen.
        assert abs(rect(field_input)["width"] - rect(editor)["width"]) <= 2, field
        assert inside_viewport(page, field_input), field
    if width == 1280:
        headline_input = page.locator("#id_headline")
        assert rect(headline_input)["width"] > 600
        # The whole headline shows: the text is no wider than the input.
        assert headline_input.evaluate("(e) => e.scrollWidth <= e.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_backup_codes_sit_on_the_right_with_the_text_of_the_page(
    open_admin, live_server, width
):
    page = open_admin(width)
    page.goto(live_server.url + reverse("staff:account"))
    page.locator("form[action$='backup-codes/'] button").click()
    codes = page.locator(".backup-codes code")
    codes.first.wait_for()
    shoot(page, "backup-codes")

    text = rect(page.locator("#content-main > p").first)
    codes_list = page.locator(".backup-codes")
    assert codes_list.evaluate("(e) => getComputedStyle(e).direction") == "rtl"
    # The list lines up with the paragraph above it; each code reads left to right.
    assert abs(rect(codes_list)["right"] - text["right"]) <= 1
    for code in codes.all():
        assert code.evaluate("(e) => getComputedStyle(e).direction") == "ltr"
        assert rect(code)["right"] > text["left"] + text["width"] / 2
