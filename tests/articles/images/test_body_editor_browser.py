"""Pictures in the body editor, in a real browser (Debian's chromium through Playwright).

An editor writes an article, picks a library picture from the toolbar's picker, drops a photo
file into the text (after an SVG the library refuses), saves, and the published page shows a
responsive <picture> for both. Screenshots at 1280 and 390 px go to test-artifacts/.
"""

import base64
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article, Image, Section
from articles.services import article_publish, article_submit_for_review
from authors.models import Author
from tests.browser_fixtures import WatchedPage, serve_media_from, sign_in_through_the_forms

from .conftest import photo_with_secrets, stored_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
WIDTHS = (1280, 390)
EDITOR = ".prose-editor .ProseMirror[contenteditable=true]"
DIALOG = "dialog.body-images[open]"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle r="20"/></svg>'

# Drops `files` ([name, type, base64]) on the editor at (x, y), as a file manager does.
DROP = """([selector, files, x, y]) => {
  const target = document.querySelector(selector)
  const transfer = new DataTransfer()
  for (const [name, type, data] of files) {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
    transfer.items.add(new File([bytes], name, { type }))
  }
  for (const kind of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(kind, {
      dataTransfer: transfer, clientX: x, clientY: y, bubbles: true, cancelable: true,
    }))
  }
}"""


@pytest.fixture
def new_page(browser, media_root):
    """Pages of the shared chromium, each in its own context, serving the test's MEDIA_ROOT
    (which the live server does not serve) and recording CSP violations."""
    contexts = []

    serve_media = serve_media_from(media_root)

    def new_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar-MA")
        contexts.append(context)
        watched = WatchedPage(context.new_page())
        watched.page.route("**/media/**", serve_media)
        return watched

    yield new_page
    for context in contexts:
        context.close()


def shoot(page, name, full_page=True):
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=full_page)
    page.set_viewport_size({"width": 1280, "height": 900})


def pick_autocomplete(page, container, text):
    page.locator(f"{container} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def drop_files(page, files):
    """Drop files at the end of the editor's last paragraph."""
    box = page.locator(f"{EDITOR} > p").last.bounding_box()
    x, y = box["x"] + 5, box["y"] + box["height"] / 2
    payload = [[name, kind, base64.b64encode(data).decode()] for name, kind, data in files]
    page.evaluate(DROP, [EDITOR, payload, x, y])


def test_an_editor_picks_a_library_picture_and_drops_a_photo_into_the_body(
    new_page, live_server, make_image, make_staff_user, media_root
):
    editor_user = make_staff_user("mona", role="editor")
    Section.objects.create(name="مجتمع", slug="mujtama")
    Author.objects.create(name="منى الإدريسي", user=editor_user)
    for n in range(3):
        make_image(alt_text=f"صورة أرشيفية رقم {n}", caption="", credit="أرشيف الجريدة")
    harbour = make_image(
        alt_text="قوارب صيد زرقاء راسية في ميناء الصويرة",
        caption="ميناء الصويرة صباح اليوم",
        credit="وكالة الصور",
    )

    watched = new_page()
    page = watched.page
    sign_in_through_the_forms(page, live_server.url, editor_user)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_headline", "الصيادون يعودون إلى ميناء الصويرة")
    page.locator(EDITOR).click()
    page.keyboard.type("عادت قوارب الصيد صباح اليوم بعد أسبوع من العواصف.")

    # The toolbar's picture button opens the library; a search narrows it.
    page.click(".prose-menubar__button[data-name=figure]")
    dialog = page.locator(DIALOG)
    dialog.locator(".body-images__choice").nth(3).wait_for()
    assert dialog.locator(".body-images__choice").count() == 4
    assert dialog.locator(".prose-editor-dialog-title").inner_text() == "إدراج صورة"
    shoot(page, "body-images-01-picker", full_page=False)
    dialog.locator("input[type=search]").fill("الصويرة")
    page.wait_for_function(
        "() => document.querySelectorAll('dialog[open] .body-images__choice').length === 1"
    )
    assert "صورة واحدة" in dialog.locator(".body-images__status").inner_text()
    dialog.locator(".body-images__choice").click()

    # The details step: the library's alt text, ready to be adjusted; caption; credit.
    assert dialog.locator("input[name=alt_text]").input_value() == harbour.alt_text
    assert dialog.locator("input[name=caption]").input_value() == "ميناء الصويرة صباح اليوم"
    assert "وكالة الصور" in dialog.locator(".body-images__credit-line").inner_text()
    shoot(page, "body-images-02-details", full_page=False)
    dialog.locator("button[type=submit]").click()
    page.locator(DIALOG).wait_for(state="detached")
    figure = page.locator(f"{EDITOR} figure").first
    assert str(harbour.key) in figure.locator("img").get_attribute("src")
    assert figure.locator("img").get_attribute("alt") == harbour.alt_text
    assert figure.locator("figcaption").inner_text() == (
        "ميناء الصويرة صباح اليوم (الصورة: وكالة الصور)"
    )

    # The cursor waits in a new paragraph after the picture.
    page.keyboard.type("وقال أحد البحارة إن الموسم سيعوض ما فات.")
    assert page.locator(f"{EDITOR} > p").last.inner_text() == (
        "وقال أحد البحارة إن الموسم سيعوض ما فات."
    )

    # An SVG dropped into the text: the library refuses it, in Arabic, and keeps nothing.
    images_before, files_before = Image.objects.count(), stored_files(media_root)
    drop_files(page, [("شعار.svg", "image/svg+xml", SVG)])
    dialog = page.locator(DIALOG)
    dialog.wait_for()
    assert dialog.locator(".prose-editor-dialog-title").inner_text() == (
        "إضافة هذه الصورة إلى المقال"
    )
    dialog.locator("input[name=alt_text]").fill("شعار")
    dialog.locator("input[name=credit]").fill("الجريدة")
    dialog.locator("button[type=submit]").click()
    error = dialog.locator(".body-images__error")
    error.filter(has_text="شيفرة").wait_for()
    shoot(page, "body-images-03-refused", full_page=False)
    assert Image.objects.count() == images_before
    assert stored_files(media_root) == files_before
    dialog.locator("button", has_text="إلغاء").click()
    page.locator(DIALOG).wait_for(state="detached")
    assert page.locator(f"{EDITOR} figure").count() == 1

    # A phone photo (with GPS and a serial number in it) dropped into the text.
    drop_files(page, [("IMG_2041.jpg", "image/jpeg", photo_with_secrets("JPEG", (1600, 1000)))])
    dialog = page.locator(DIALOG)
    dialog.wait_for()
    assert dialog.locator(".body-images__file").inner_text() == "IMG_2041.jpg"
    dialog.locator("input[name=alt_text]").fill("بحار يرتب شباكه على رصيف الميناء")
    dialog.locator("input[name=caption]").fill("استعدادات لرحلة الغد")
    dialog.locator("input[name=credit]").fill("منى الإدريسي")
    shoot(page, "body-images-04-drop", full_page=False)
    dialog.locator("button[type=submit]").click()
    page.locator(DIALOG).wait_for(state="detached")
    assert page.locator(f"{EDITOR} figure").count() == 2
    uploaded = Image.objects.get(uploaded_by=editor_user)
    assert uploaded.alt_text == "بحار يرتب شباكه على رصيف الميناء"
    assert uploaded.credit == "منى الإدريسي"
    assert str(uploaded.key) in page.locator(f"{EDITOR} figure img").nth(1).get_attribute("src")

    pick_autocomplete(page, ".field-section", "مجتمع")
    pick_autocomplete(page, "#bylines-0 .field-author", "منى الإدريسي")
    page.locator(f"{EDITOR} figure img").nth(1).wait_for()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ProseMirror figure img')]"
        ".every((i) => i.naturalWidth > 0)"
    )
    shoot(page, "body-images-05-editor")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get()
    assert article.body.count("<figure>") == 2
    assert str(harbour.key) in article.body and str(uploaded.key) in article.body
    assert "figcaption>استعدادات لرحلة الغد (الصورة: منى الإدريسي)</figcaption>" in article.body

    # Saved again untouched, the figures come back from the editor unchanged.
    page.locator(f"{EDITOR} figure").nth(1).wait_for()
    body_before = article.body
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.body == body_before
    assert watched.csp_violations() == []
    assert watched.dialogs == []

    # Published, the page shows a responsive picture for each.
    article_submit_for_review(article=article, actor=editor_user)
    article_publish(article=article, actor=editor_user)
    reader = new_page()
    reader.page.goto(live_server.url + article.get_absolute_url())
    pictures = reader.page.locator(".article__body figure picture")
    assert pictures.count() == 2
    for index, image in enumerate((harbour, uploaded)):
        picture = pictures.nth(index)
        assert str(image.key) in picture.locator("source[type='image/webp']").get_attribute(
            "srcset"
        )
        assert picture.locator("img").get_attribute("loading") == "lazy"
        assert picture.locator("img").get_attribute("width") == str(image.width)
    reader.page.wait_for_function(
        "() => [...document.querySelectorAll('.article__body picture img')]"
        ".every((i) => i.complete && i.naturalWidth > 0)"
    )
    shoot(reader.page, "body-images-06-public")
    assert reader.csp_violations() == []


def test_a_reporter_uploads_a_picture_from_the_picker_into_their_draft(
    new_page, live_server, make_staff_user, media_root, tmp_path
):
    reporter = make_staff_user("salma", role="reporter")
    photo = tmp_path / "souk.png"
    photo.write_bytes(photo_with_secrets("PNG", (900, 600)))

    watched = new_page()
    page = watched.page
    sign_in_through_the_forms(page, live_server.url, reporter)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.locator(EDITOR).click()
    page.keyboard.type("افتتح السوق الأسبوعي أبوابه.")

    page.click(".prose-menubar__button[data-name=figure]")
    dialog = page.locator(DIALOG)
    dialog.locator(".body-images__status", has_text="مكتبة الصور فارغة").wait_for()
    shoot(page, "body-images-07-empty-library", full_page=False)
    dialog.locator("input[type=file]").set_input_files(str(photo))
    dialog.locator("input[name=credit]").wait_for()
    dialog.locator("input[name=alt_text]").fill("باعة الخضر في السوق الأسبوعي")
    dialog.locator("input[name=credit]").fill("سلمى")
    dialog.locator("button[type=submit]").click()
    page.locator(DIALOG).wait_for(state="detached")

    image = Image.objects.get()
    assert image.uploaded_by == reporter
    figure = page.locator(f"{EDITOR} figure")
    assert str(image.key) in figure.locator("img").get_attribute("src")
    assert figure.locator("figcaption").inner_text() == "الصورة: سلمى"
    assert watched.csp_violations() == []
