"""The image admin in a real browser: upload a photo, click its focal point, save."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Image
from tests.browser_fixtures import serve_media_from, sign_in_through_the_forms

from .conftest import photo_with_secrets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, media_root):
    """A page of the shared chromium (tests/browser_fixtures.py)."""
    context = browser.new_context(locale="ar-MA", viewport={"width": 1280, "height": 1000})
    page = context.new_page()

    serve_media = serve_media_from(media_root)

    page.route("**/media/**", serve_media)
    yield page
    context.close()


def test_editor_uploads_a_photo_and_sets_its_focal_point_by_clicking(page, live_server, tmp_path):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.ma", "pw-123456")
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(photo_with_secrets("JPEG", size=(1600, 1000)))

    # A superuser: the password, then a code from a confirmed authenticator.
    sign_in_through_the_forms(page, live_server.url, editor, password="pw-123456")
    page.goto(f"{live_server.url}/admin/articles/image/add/")
    page.set_input_files("#id_upload", str(photo))
    page.fill("#id_alt_text", "سوق شعبي في الدار البيضاء")
    page.fill("#id_credit", "مصور الجريدة")
    page.click("input[name=_continue]")

    page.wait_for_selector("[data-focal-picker] img")
    image = Image.objects.get()
    old_share = image.renditions["share.jpg"]["name"]
    picker = page.locator("[data-focal-picker] img")
    page.wait_for_function("document.querySelector('[data-focal-picker] img').naturalWidth > 0")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.25, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.75, abs=0.01)
    crop_position = page.eval_on_selector("[data-focal-crop]", "img => img.style.objectPosition")
    assert crop_position.startswith("25")

    page.click("input[name=_continue]")
    page.wait_for_selector("[data-focal-picker] img")

    image.refresh_from_db()
    assert image.focal_x == pytest.approx(0.25, abs=0.01)
    assert image.focal_y == pytest.approx(0.75, abs=0.01)
    assert image.renditions["share.jpg"]["name"] != old_share
