"""The "most read" block in Debian's chromium at phone and desktop widths: opening an article
sends one beacon, counted once in Redis even when the page comes from the page cache, and a
reload within the minute is not counted again; once the scheduler has folded the counts, the
home page shows the block; axe-core finds no serious problem, the pages no CSP violation.
Screenshots land in test-artifacts/."""

import time

import pytest

from articles.models import ArticleReadCount
from articles.services.reads import read_counts_fold
from tests.articles.reads_fixtures import BROWSER_AGENT, counted, redis_for_counting
from tests.browser_fixtures import ARTIFACTS, AXE, WatchedPage

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, make_section, make_article, site_settings):
    economy = make_section(name="اقتصاد")
    read = make_article(headline="ارتفاع صادرات الفوسفاط بنسبة 12 في المائة", section=economy)
    other = make_article(headline="افتتاح ميناء الناظور غرب المتوسط", section=economy)
    return {"article": read, "other": other, "section": economy}


@pytest.fixture
def counting_redis(settings, monkeypatch):
    yield from redis_for_counting(settings, monkeypatch)


def wait_for_count(client, article_id, expected, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if counted(client, article_id) == expected:
            return True
        time.sleep(0.05)
    return counted(client, article_id) == expected


def test_an_article_sends_one_beacon_and_the_home_page_shows_the_block(
    live_server, site, browser, counting_redis, settings
):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does it)"
    ARTIFACTS.mkdir(exist_ok=True)
    settings.NEWSROOM_PAGE_CACHE = True
    article = site["article"]
    article_url = live_server.url + article.get_absolute_url()

    # A reader's browser (headless chromium names itself "HeadlessChrome", a bot).
    context = browser.new_context(locale="ar-MA", user_agent=BROWSER_AGENT)
    watched = WatchedPage(context.new_page())
    page = watched.page
    beacons = []
    page.on("request", lambda request: "/r/" in request.url and beacons.append(request))
    try:
        page.set_viewport_size({"width": 390, "height": 800})
        with page.expect_response(lambda response: "/r/" in response.url) as answer:
            first = watched.visit(article_url)
        assert first.headers.get("x-cache") == "MISS"
        assert answer.value.status == 204
        assert answer.value.request.method == "POST"
        assert wait_for_count(counting_redis, article.pk, 1)
        page.wait_for_timeout(300)
        assert len(beacons) == 1

        # The same page for another browser (a fresh context: no HTTP cache of its own), now
        # from the page cache: the script still sends its beacon, but the same address within
        # a minute is not counted twice; once that minute is over (its key gone), it is.
        for expected in (1, 2):
            other = browser.new_context(locale="ar-MA", user_agent=BROWSER_AGENT)
            other_page = other.new_page()
            try:
                with other_page.expect_response(lambda response: "/r/" in response.url) as sent:
                    again = other_page.goto(article_url, wait_until="load")
                assert again.headers.get("x-cache") == "HIT"
                assert sent.value.status == 204
                other_page.wait_for_timeout(300)
                assert wait_for_count(counting_redis, article.pk, expected)
            finally:
                other.close()
            for name in counting_redis.scan_iter("*:seen:*"):
                counting_redis.delete(name)

        # The scheduler folds the counts; the home page shows the block.
        read_counts_fold()
        assert ArticleReadCount.objects.get(article=article).count == 2
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            watched.visit(live_server.url + "/")
            block = page.locator("aside.most-read")
            assert block.is_visible()
            assert block.locator("h2").text_content() == "الأكثر قراءة"
            assert block.locator("li a").all_text_contents() == [article.headline]
            block.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"most-read-home-{width}.png"), full_page=True)
            watched.visit(live_server.url + site["other"].get_absolute_url())
            assert page.locator("aside.most-read li a").all_text_contents() == [article.headline]
            page.screenshot(path=str(ARTIFACTS / f"most-read-article-{width}.png"), full_page=True)
            watched.visit(live_server.url + site["section"].get_absolute_url())
            assert page.locator("aside.most-read h2").text_content() == "الأكثر قراءة في اقتصاد"
        assert watched.csp_violations() == []
        assert watched.dialogs == []
    finally:
        page.goto("about:blank")
        page.wait_for_timeout(300)
        context.close()

    # axe-core is injected as an inline script, which the strict CSP rightly refuses: checked
    # in a context that bypasses it.
    problems = []
    pages = {
        "home": "/",
        "article": site["other"].get_absolute_url(),
        "section": site["section"].get_absolute_url(),
    }
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        axe_page = context.new_page()
        for name, url in pages.items():
            axe_page.goto(live_server.url + url)
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
        axe_page.goto("about:blank")
        context.close()
    assert problems == []
