"""Galleries in Debian's chromium (articles/images/body.py, static/css/site.css, static/articles/
js/body-gallery.js): on a phone the gallery is a strip swiped sideways, each picture snapping
into place; on a desktop a grid of two columns. Captions and credits show, axe-core finds no
serious problem and the CSP reports no violation. In the admin an imported gallery survives
open and save unchanged, and an editor inserts a gallery from the library. Screenshots land in
test-artifacts/."""

import io

import pytest
from django.db import connections
from django.urls import reverse
from PIL import Image as PILImage

from articles.images.services import image_create_from_file
from articles.models import Article, Status
from tests.browser_fixtures import ARTIFACTS, AXE, CSP_LISTENER, serve_media_from

pytestmark = pytest.mark.browser

EDITOR = ".prose-editor .ProseMirror[contenteditable=true]"
DIALOG = "dialog.body-images[open]"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def library_picture(n, **fields):
    made = PILImage.linear_gradient("L").resize((1200, 800)).convert("RGB")
    made = PILImage.merge(
        "RGB", [made.getchannel(0), made.rotate(90 * n).getchannel(0), made.getchannel(0)]
    )
    data = io.BytesIO()
    made.save(data, "JPEG", quality=85)
    fields.setdefault("alt_text", f"باعة في سوق الخضر، الصورة {n}")
    fields.setdefault("credit", "حميد الزكي")
    return image_create_from_file(file=io.BytesIO(data.getvalue()), filename="p.jpg", **fields)


def gallery_body(images):
    figures = "".join(
        f'<figure><img src="{image.fallback_url}" alt="{image.alt_text}">'
        f'<figcaption>سوق الأحد {n} <span class="credit">الصورة: {image.credit}</span>'
        "</figcaption></figure>"
        for n, image in enumerate(images, start=1)
    )
    return f'<p>فقرة قبل المعرض.</p><figure class="gallery">{figures}</figure><p>فقرة بعده.</p>'


@pytest.fixture
def article(transactional_db, media_root, make_article):
    images = [library_picture(n) for n in range(1, 5)]
    return make_article(headline="سوق الأحد في صور", body=gallery_body(images))


def new_page(browser, media_root, width, **options):
    context = browser.new_context(
        locale="ar-MA", viewport={"width": width, "height": 900}, **options
    )
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    page.route("**/media/**", serve_media_from(media_root))
    return context, page


@pytest.mark.parametrize("width", [390, 1280])
def test_a_gallery_is_a_strip_on_a_phone_and_a_grid_on_a_desktop(
    live_server, article, browser, media_root, width
):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = new_page(browser, media_root, width)
    try:
        page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
        gallery = page.locator("figure.gallery[role=region]")
        assert gallery.get_attribute("aria-label") == "معرض صور"
        pictures = gallery.locator("figure")
        assert pictures.count() == 4
        assert pictures.first.locator("figcaption .credit").inner_text() == "الصورة: حميد الزكي"
        assert pictures.first.locator("figcaption").is_visible()
        boxes = [pictures.nth(i).bounding_box() for i in range(4)]
        if width == 390:
            # One row, running right to left, wider than the screen: it scrolls sideways.
            assert len({round(box["y"]) for box in boxes}) == 1
            assert boxes[1]["x"] < boxes[0]["x"]
            assert page.evaluate(
                "() => { const g = document.querySelector('figure.gallery');"
                " return g.scrollWidth > g.clientWidth }"
            )
            assert gallery.evaluate("g => getComputedStyle(g).scrollSnapType").startswith("inline")
            page.screenshot(path=str(ARTIFACTS / "gallery-390.png"), full_page=True)
            # The keyboard reaches the strip and scrolls it.
            gallery.focus()
            page.keyboard.press("ArrowLeft")
            # The strip snaps the next picture to its start (its right edge, in Arabic).
            page.wait_for_function(
                """() => {
                  const g = document.querySelector('figure.gallery')
                  const edge = (n) => n.getBoundingClientRect().right
                  return g.scrollLeft !== 0 && Math.abs(edge(g) - edge(g.children[1])) < 2
                }""",
                timeout=5000,
            )
            page.screenshot(path=str(ARTIFACTS / "gallery-390-scrolled.png"))
        else:
            # Two columns: the first row's pictures side by side, the third under the first.
            assert round(boxes[0]["y"]) == round(boxes[1]["y"])
            assert boxes[2]["y"] > boxes[0]["y"] + boxes[0]["height"] / 2
            assert abs(boxes[2]["x"] - boxes[0]["x"]) < 2
            page.screenshot(path=str(ARTIFACTS / "gallery-1280.png"), full_page=True)
        # Every picture of the grid (and the strip's first) is loaded from its renditions.
        first = pictures.first.locator("img")
        assert first.get_attribute("loading") == "lazy"
        assert first.get_attribute("sizes") == "(min-width: 44rem) 21rem, 85vw"
        assert page.evaluate("() => document.querySelector('figure.gallery img').naturalWidth") > 0
        assert page.evaluate("() => window.__cspViolations") == []
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        context.close()
        connections.close_all()


def test_a_gallery_is_accessible(live_server, article, browser, media_root):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does it)"
    problems = []
    for width in (390, 1280):
        # axe-core is injected as an inline script, which the strict CSP refuses.
        context, page = new_page(browser, media_root, width, bypass_csp=True)
        try:
            page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("async () => (await axe.run(document)).violations")
            problems.extend(
                f"{width}px: {v['id']} ({v['impact']}): {v['help']}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            )
        finally:
            context.close()
            connections.close_all()
    assert problems == []


def test_the_editor_keeps_an_imported_gallery_and_inserts_a_new_one(
    live_server, watched_page, make_staff_user, make_article, sign_in_in_browser, media_root
):
    editor = make_staff_user(role="editor")
    images = [library_picture(n) for n in range(1, 4)]
    body = gallery_body(images[:2])
    article = make_article(status=Status.DRAFT, created_by=editor, body=body)
    sign_in_in_browser(watched_page, editor)
    page = watched_page.page
    page.route("**/media/**", serve_media_from(media_root))
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    watched_page.visit(url)
    prose = page.locator(EDITOR)
    prose.locator("figure.gallery figure").nth(1).wait_for()
    assert prose.locator("figure.gallery .credit").count() == 2

    # Opened and saved untouched: the gallery comes back as it was.
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get(pk=article.pk).body == body

    # A new gallery from the library: the third picture, then the first, in that order.
    prose = page.locator(EDITOR)
    prose.locator("p").last.click()
    page.click(".prose-menubar__button[data-name=gallery]")
    dialog = page.locator(DIALOG)
    dialog.locator(".body-images__choice").nth(2).wait_for()
    assert dialog.locator(".prose-editor-dialog-title").inner_text() == "إدراج معرض صور"
    choices = dialog.locator(".body-images__choice")
    third = choices.filter(has_text="الصورة 3")
    first = choices.filter(has_text="الصورة 1")
    third.click()
    first.click()
    assert third.get_attribute("aria-pressed") == "true"
    assert dialog.locator(".body-gallery__chosen li").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gallery-editor-picker-1280.png"))
    dialog.locator("button", has_text="أدرج المعرض").click()
    page.locator(DIALOG).wait_for(state="detached")
    new = prose.locator("figure.gallery").nth(1)
    assert new.locator("figure").count() == 2
    # The second picture moved before the first.
    new.locator("figure").nth(1).locator("img").click()
    page.click(".prose-menubar__button[data-name=galleryEarlier]")
    page.screenshot(path=str(ARTIFACTS / "gallery-editor-1280.png"), full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    saved = Article.objects.get(pk=article.pk).body
    assert saved.startswith(body)
    second = saved[len(body) :]
    assert second.count('<figure class="gallery">') == 1
    assert second.index(str(images[0].key)) < second.index(str(images[2].key))
    assert "الصورة: حميد الزكي</span>" in second
    assert watched_page.csp_violations() == []
