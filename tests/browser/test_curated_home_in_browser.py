"""The curated home page in Debian's chromium at phone and desktop widths: an old article the
editor pinned leads as the top story, the breaking-news strip and the article page's label
show, axe-core finds no serious problem, the pages no CSP violation and no sideways scroll.
Screenshots land in test-artifacts/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import HomeSlot
from articles.services.content import article_update_content
from articles.services.home import home_pin
from tests.browser_fixtures import ARTIFACTS, AXE

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, make_section, make_article, make_staff_user, site_settings):
    editor = make_staff_user(role="editor")
    economy = make_section(name="اقتصاد")
    pinned = make_article(
        headline="تحقيق: مياه الواحات في خطر",
        standfirst="سنة من العمل الميداني في درعة وتافيلالت.",
        section=economy,
        publish_at=timezone.now() - timedelta(days=4),
    )
    for n in range(6):
        make_article(headline=f"خبر رقم {n + 1} من أخبار اليوم", section=economy)
    breaking = make_article(headline="عاجل: زلزال خفيف في الحسيمة دون خسائر")
    article_update_content(article=breaking, actor=editor, changes={"is_breaking": True})
    home_pin(article=pinned, slot=HomeSlot.TOP, actor=editor)
    band = make_article(headline="حوار مع وزير الفلاحة", publish_at=timezone.now() - timedelta(7))
    home_pin(article=band, slot=HomeSlot.BAND, position=1, actor=editor)
    return {
        "home": "/",
        "breaking": breaking.get_absolute_url(),
        "pinned": pinned,
        "band": band,
    }


def test_the_curated_home_page_in_the_browser(live_server, site, browser, watched_page):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does it)"
    ARTIFACTS.mkdir(exist_ok=True)
    page = watched_page.page
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        watched_page.visit(live_server.url + "/")
        top = page.locator(".top-story")
        assert site["pinned"].headline in top.inner_text()
        assert top.is_visible()
        first_band = page.locator(".latest .card").first
        assert site["band"].headline in first_band.inner_text()
        strip = page.locator(".breaking")
        assert strip.is_visible() and "زلزال" in strip.inner_text()
        page.screenshot(path=str(ARTIFACTS / f"curated-home-{width}.png"), full_page=True)
        watched_page.visit(live_server.url + site["breaking"])
        label = page.locator(".breaking-label")
        assert label.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"breaking-article-{width}.png"))
    assert watched_page.csp_violations() == []

    # axe-core is injected as an inline script, which the strict CSP rightly refuses: checked
    # in a context that bypasses it.
    problems = []
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        axe_page = context.new_page()
        for name in ("home", "breaking"):
            axe_page.goto(live_server.url + site[name])
            axe_page.add_script_tag(path=str(AXE))
            violations = axe_page.evaluate("async () => (await axe.run(document)).violations")
            problems.extend(
                f"{name} at {width}px: {v['id']} ({v['impact']}): {v['help']}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            )
            overflow = axe_page.evaluate(
                "document.scrollingElement.scrollWidth - window.innerWidth"
            )
            if overflow > 0:
                problems.append(f"{name} at {width}px overflows by {overflow}px")
        context.close()
    assert problems == []
