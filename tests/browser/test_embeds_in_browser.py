"""Embedded posts in Debian's chromium at phone and desktop widths (articles/public/embeds.py,
static/articles/js/embeds.js): the placeholder is shown and nothing is requested from any
provider until the reader presses its button; the button then inserts the provider's iframe
(youtube-nocookie for YouTube), which the page's CSP lets through. The machine has no internet:
the provider's answer is a stub served by Playwright, and the test checks the iframe and the
request, not the player. axe-core finds no serious problem; without script the placeholder is
a plain link. Screenshots land in test-artifacts/."""

import re

import pytest
from django.db import connections
from playwright.sync_api import expect

from articles.sanitize import sanitize_body_html
from tests.browser_fixtures import ARTIFACTS, AXE, CSP_LISTENER, put_caret_at_body_end

PROVIDERS = re.compile(
    r"^https?://([a-z0-9-]+\.)*(youtube|youtube-nocookie|youtu|ytimg|google|gstatic|twitter|"
    r"twimg|x|instagram|cdninstagram|tiktok|tiktokcdn|facebook|fbcdn|fb)\.(com|be|net|watch)/"
)
VIDEO_ID = "dQw4w9WgXcQ"
STUB = b"<!doctype html><title>stub</title><body style='background:#222;color:#fff'>player"

pytestmark = pytest.mark.browser


@pytest.fixture
def article(transactional_db, make_article):
    body = sanitize_body_html(
        "<p>فقرة قبل الفيديو.</p>"
        f"<p>https://www.youtube.com/watch?v={VIDEO_ID}</p>"
        "<p>فقرة بين المنشورين.</p>"
        "<p>https://www.instagram.com/p/C1a2B3c4D5e/</p>"
        "<p>فقرة بعد المنشور.</p>"
    )
    assert body.count('<figure class="embed"') == 2
    return make_article(headline="مباراة الأمس في فيديو", body=body)


def new_page(browser, width, requests, **options):
    context = browser.new_context(
        locale="ar-MA", viewport={"width": width, "height": 900}, **options
    )
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    page.on("request", lambda request: requests.append(request.url))

    # No internet here: a provider's address gets a stub page (after being recorded above).
    def stub(route):
        if PROVIDERS.match(route.request.url):
            route.fulfill(status=200, body=STUB, content_type="text/html")
        else:
            route.continue_()

    page.route("**/*", stub)
    return context, page


@pytest.mark.parametrize("width", [390, 1280])
def test_an_embed_loads_nothing_from_its_provider_until_the_reader_asks(
    live_server, article, browser, width
):
    ARTIFACTS.mkdir(exist_ok=True)
    requests = []
    context, page = new_page(browser, width, requests)
    try:
        page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
        youtube = page.locator("figure.embed--youtube")
        button = youtube.locator("button.embed__load")
        assert youtube.locator(".embed__provider").text_content() == "يوتيوب"
        assert button.is_visible() and button.text_content() == "شاهد على يوتيوب"
        assert page.locator("figure.embed--instagram button.embed__load").text_content() == (
            "اعرض المنشور"
        )
        assert youtube.locator("a.embed__link").get_attribute("href") == (
            f"https://www.youtube.com/watch?v={VIDEO_ID}"
        )
        page.screenshot(path=str(ARTIFACTS / f"embeds-before-{width}.png"), full_page=True)
        assert [url for url in requests if PROVIDERS.match(url)] == []
        assert page.locator("iframe").count() == 0
        assert page.evaluate("() => window.__cspViolations") == []

        if width == 390:
            button.click()
        else:
            button.focus()
            page.keyboard.press("Enter")
        frame = youtube.locator("iframe.embed__frame")
        frame.wait_for()
        assert frame.get_attribute("src") == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"
        assert frame.get_attribute("title") == "منشور على يوتيوب"
        page.wait_for_load_state("networkidle")
        # The page asked for the player, and for nothing of the other, untouched, embed.
        asked = [url for url in requests if PROVIDERS.match(url)]
        assert asked == [f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"]
        assert page.locator("figure.embed--instagram iframe").count() == 0
        # The link to the original stays under the player; the frame was allowed by the CSP.
        assert youtube.locator("figcaption a.embed__link").is_visible()
        assert page.evaluate("() => window.__cspViolations") == []
        box = frame.bounding_box()
        assert box["width"] > 300 and abs(box["height"] - box["width"] * 9 / 16) < 2
        page.screenshot(path=str(ARTIFACTS / f"embeds-after-{width}.png"), full_page=True)
    finally:
        context.close()
        connections.close_all()


def test_without_script_an_embed_is_a_plain_link(live_server, article, browser):
    requests = []
    context, page = new_page(browser, 390, requests, java_script_enabled=False)
    try:
        page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
        youtube = page.locator("figure.embed--youtube")
        assert not youtube.locator("button").is_visible()
        assert youtube.locator("a.embed__link").is_visible()
        assert youtube.locator("a.embed__link").text_content() == "افتح على يوتيوب"
        assert [url for url in requests if PROVIDERS.match(url)] == []
        page.screenshot(path=str(ARTIFACTS / "embeds-no-script-390.png"), full_page=True)
    finally:
        context.close()
        connections.close_all()


def test_embeds_are_accessible_before_and_after_loading(live_server, article, browser):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does it)"
    problems = []
    for width in (390, 1280):
        # axe-core is injected as an inline script, which the strict CSP rightly refuses:
        # checked in a context that bypasses it.
        context, page = new_page(browser, width, [], bypass_csp=True)
        try:
            page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
            for state in ("before", "after"):
                if state == "after":
                    page.locator("figure.embed--youtube button.embed__load").click()
                    page.locator("iframe.embed__frame").wait_for()
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate(
                    "async () => (await axe.run(document, {iframes: false})).violations"
                )
                problems.extend(
                    f"{state} at {width}px: {v['id']} ({v['impact']}): {v['help']}"
                    for v in violations
                    if v["impact"] in ("serious", "critical")
                )
                overflow = page.evaluate(
                    "document.scrollingElement.scrollWidth - window.innerWidth"
                )
                if overflow > 0:
                    problems.append(f"{state} at {width}px overflows by {overflow}px")
        finally:
            context.close()
            connections.close_all()
    assert problems == []


def test_the_editor_shows_an_embed_as_its_address_and_saving_keeps_it(
    live_server, watched_page, make_staff_user, make_article, sign_in_in_browser
):
    from django.urls import reverse

    from articles.models import Article, Status

    editor = make_staff_user(role="editor")
    body = sanitize_body_html(f"<p>قبل.</p><p>https://youtu.be/{VIDEO_ID}</p>")
    article = make_article(status=Status.DRAFT, created_by=editor, body=body)
    sign_in_in_browser(watched_page, editor)
    page = watched_page.page
    watched_page.visit(
        live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    )
    prose = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    link = prose.locator("p > a")
    link.wait_for()
    # The marker is shown as what makes one: the address alone in its paragraph.
    assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO_ID}"
    assert prose.locator("figure").count() == 0
    # An address typed on a line of its own becomes a second embed when the form is saved.
    put_caret_at_body_end(page)
    page.keyboard.press("Enter")
    page.keyboard.type("https://x.com/jack/status/20")
    expect(prose.locator("p").last).to_have_text("https://x.com/jack/status/20")
    expect(prose.locator("p").first).to_have_text("قبل.")
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    saved = Article.objects.get(pk=article.pk).body
    assert saved == body + sanitize_body_html("<p>https://x.com/jack/status/20</p>")
    assert watched_page.csp_violations() == []
