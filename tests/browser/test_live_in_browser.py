"""A live blog in Debian's chromium at phone and desktop widths: the reader's page receives an
entry posted through the service without reloading, announces it in its polite live region,
and stops when the coverage ends; axe-core finds no serious problem, the page no CSP violation.
Screenshots land in test-artifacts/."""

import pytest
from django.urls import reverse

from articles.public import views
from articles.services.live import (
    live_coverage_end,
    live_coverage_start,
    live_entry_edit,
    live_entry_post,
    live_entry_withdraw,
)
from tests.browser_fixtures import ARTIFACTS, AXE

pytestmark = pytest.mark.browser


@pytest.fixture
def live(transactional_db, make_article, make_staff_user, site_settings, monkeypatch):
    # The page asks every second instead of every 15: the test waits less.
    monkeypatch.setattr(views, "LIVE_POLL_SECONDS", 1)
    editor = make_staff_user(role="editor")
    article = make_article(headline="الانتخابات الجماعية: النتائج أولًا بأول")
    live_coverage_start(article=article, actor=editor)
    live_entry_post(article=article, actor=editor, body="<p>فتحت مكاتب التصويت أبوابها.</p>")
    live_entry_post(
        article=article, actor=editor, body="<p>نسبة المشاركة حتى الظهر 20٪.</p>", pinned=True
    )
    return {"article": article, "editor": editor}


def axe_problems(browser, url, width, name):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    context.close()
    problems = [
        f"{name} at {width}px: {v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    if overflow > 0:
        problems.append(f"{name} at {width}px overflows by {overflow}px")
    return problems


@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_entry_appears_without_reloading_and_is_announced(
    width, live_server, live, browser, watched_page
):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does it)"
    ARTIFACTS.mkdir(exist_ok=True)
    article, editor = live["article"], live["editor"]
    url = live_server.url + article.get_absolute_url()
    page = watched_page.page
    page.set_viewport_size({"width": width, "height": 900})
    watched_page.visit(url)
    entries = page.locator("[data-live-entry]")
    assert entries.count() == 2
    assert "live-entry--pinned" in entries.first.get_attribute("class")
    page.evaluate("window.__loadedOnce = true")  # gone if the page reloads

    entry = live_entry_post(
        article=article, actor=editor, body="<p>النتائج الأولى: فرز 10٪ من المكاتب.</p>"
    )
    new = page.locator(f'[data-live-entry="{entry.pk}"]')
    new.wait_for(timeout=30_000)
    assert page.evaluate("window.__loadedOnce") is True
    # Newest first under the pinned entry.
    ids = page.eval_on_selector_all("[data-live-entry]", "els => els.map(e => e.dataset.liveEntry)")
    assert ids[:2] == [ids[0], str(entry.pk)] and len(ids) == 3
    page.wait_for_function(
        "() => document.querySelector('[data-live-announcer]').textContent.length > 0"
    )
    assert page.locator("[data-live-announcer]").text_content() == (
        "مداخلة جديدة في التغطية المباشرة."
    )
    page.screenshot(path=str(ARTIFACTS / f"live-new-entry-{width}.png"), full_page=True)
    problems = axe_problems(browser, url, width, "running live blog")

    # An older entry edited, then withdrawn: the open page follows, still without reloading.
    first = article.live_entries.order_by("id").first()
    live_entry_edit(entry=first, actor=editor, body="<p>فتحت المكاتب في الثامنة صباحًا.</p>")
    edited = page.locator(f'[data-live-entry="{first.pk}"] .live-entry__edited')
    edited.wait_for(timeout=30_000)
    assert "عُدّل" in edited.text_content()
    live_entry_withdraw(entry=first, actor=editor)
    page.locator(f'[data-live-entry="{first.pk}"]').wait_for(state="detached", timeout=30_000)
    assert page.evaluate("window.__loadedOnce") is True

    # An entry embedding a post arrives as a placeholder whose player loads on a press: the
    # running blog's page frames every provider (no internet here: the player is a stub).
    page.route(
        "https://www.instagram.com/**",
        lambda route: route.fulfill(
            status=200, body="<title>stub</title>", content_type="text/html"
        ),
    )
    embedded = live_entry_post(
        article=article, actor=editor, body="<p>https://www.instagram.com/p/C1a2B3c4D5e/</p>"
    )
    button = page.locator(f'[data-live-entry="{embedded.pk}"] .embed__load')
    button.wait_for(state="visible", timeout=30_000)
    button.click()
    frame = page.locator(f'[data-live-entry="{embedded.pk}"] iframe.embed__frame')
    frame.wait_for()
    assert frame.get_attribute("src").startswith("https://www.instagram.com/p/C1a2B3c4D5e/embed")
    assert watched_page.csp_violations() == []

    live_coverage_end(article=article, actor=editor)
    page.locator(".live-blog__status--ended").wait_for(timeout=30_000)
    assert page.locator(".live-blog__badge").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"live-ended-{width}.png"), full_page=True)
    assert watched_page.csp_violations() == []
    problems += axe_problems(browser, url, width, "ended live blog")
    assert problems == []


def test_an_editor_posts_from_the_live_screen_and_a_reader_sees_it(
    live_server, live, browser, watched_page, sign_in_in_browser
):
    ARTIFACTS.mkdir(exist_ok=True)
    article, editor = live["article"], live["editor"]
    # The reader's page, in a context of its own (no session cookie).
    reader_context = browser.new_context(locale="ar-MA", viewport={"width": 390, "height": 900})
    reader = reader_context.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.locator("[data-live-entry]").count() == 2

    page = watched_page.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_in_browser(watched_page, editor)
    watched_page.visit(
        live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    )
    page.get_by_role("link", name="التغطية المباشرة (جارية)").click()
    page.fill("#id_body", "أعلنت اللجنة النتائج الأولية.\n\nنسبة المشاركة 42٪.")
    page.get_by_role("button", name="نشر المداخلة").click()
    page.locator(".messagelist .success").wait_for()
    page.screenshot(path=str(ARTIFACTS / "live-admin-1280.png"), full_page=True)
    assert watched_page.csp_violations() == []

    reader.get_by_text("أعلنت اللجنة النتائج الأولية.").wait_for(timeout=30_000)
    reader.screenshot(path=str(ARTIFACTS / "live-reader-after-admin-390.png"), full_page=True)
    reader_context.close()
