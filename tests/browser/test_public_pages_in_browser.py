"""Each public page type in Debian's chromium: axe-core finds no serious or critical problem,
nothing overflows sideways, and screenshots at phone and desktop widths land in test-artifacts/.
"""

import pytest

from articles.models import Language
from tests.browser_fixtures import ARTIFACTS, AXE

WIDTHS = (390, 1280)

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(transactional_db, make_article, make_author, make_section, make_tag, site_settings):
    section = make_section(name="اقتصاد")
    tag = make_tag(name="موانئ")
    reporter = make_author(name="Karim Ait Lahcen", job_title="مراسل", bio="يكتب من طنجة.")
    second = make_author(name="سعاد بنعلي")
    lead = make_article(
        headline="طنجة: ارتفاع صادرات الميناء المتوسطي بنسبة 12% خلال 2025-2026",
        kicker="اقتصاد",
        standfirst="أرقام جديدة تؤكد مكانة الميناء بوابةً للتجارة بين إفريقيا وأوروبا.",
        dateline="طنجة",
        body="<p>سجل ميناء طنجة المتوسط ارتفاعا في حجم الحاويات، حسب تقرير TangerMed 2025.</p>"
        "<blockquote><p>“المطر جاء في وقته”</p></blockquote>",
        section=section,
        tags=[tag],
        authors=[reporter, second],
        is_featured=True,
        is_breaking=True,
    )
    for n in range(6):
        make_article(headline=f"خبر رقم {n + 1} من الأخبار المتفرقة", section=section)
    french = make_article(headline="Le port de Tanger bat un record", language=Language.FRENCH)
    tamazight = make_article(headline="ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ", language=Language.TAMAZIGHT)
    return {
        "home": "/",
        "article": lead.get_absolute_url(),
        "article-fr": french.get_absolute_url(),
        "article-zgh": tamazight.get_absolute_url(),
        "section": section.get_absolute_url(),
        "author": reporter.get_absolute_url(),
        "search": "/search/?q=طنجة",
        "archive": f"/{lead.publish_at.year}/",
        "404": "/لا-توجد-صفحة-هنا/",
    }


def test_pages_are_accessible_rtl_and_fit_the_screen(live_server, pages, browser):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does it)"
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for width in WIDTHS:
        # axe-core is injected as an inline script, which the strict CSP rightly refuses; this
        # test is about accessibility and layout (tests/browser/test_csp.py checks the policy).
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for name, url in pages.items():
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.dir") == "rtl", name
            overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{name} at {width}px overflows by {overflow}px")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("async () => (await axe.run(document)).violations")
            problems.extend(
                f"{name} at {width}px: {v['id']} ({v['impact']}): {v['help']}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            )
        context.close()
    assert problems == []
