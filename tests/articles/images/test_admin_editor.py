"""The body editor's picture endpoints: the library picker (JSON) and drop-to-upload."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage

from articles.images import admin_editor
from articles.images.body import body_with_pictures
from articles.models import Image
from tests.sign_in import sign_in

from .conftest import (
    METADATA_MARKERS,
    encoded,
    photo_with_secrets,
    picture,
    png_declaring,
    stored_files,
)

pytestmark = pytest.mark.django_db

LIBRARY = reverse("admin:articles_image_editor_library")
UPLOAD = reverse("admin:articles_image_editor_upload")
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
)


@pytest.fixture
def staff_without_image_rights(make_staff):
    """A staff member whose group may write articles but has no image permission."""
    group = Group.objects.create(name="كتاب بلا صور")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=["add_article", "change_article"]
        )
    )
    user = make_staff()
    user.groups.add(group)
    return user


def client_for(client, staff, role):
    if role == "anonymous":
        return client
    return sign_in(client, staff[role])


def upload(client, data, name="photo.jpg", **fields):
    payload = {
        "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
        "alt_text": "صيادون يفرغون شباكهم في ميناء الصويرة",
        "caption": "عودة قوارب الصيد صباحا",
        "credit": "مصور الجريدة",
        **fields,
    }
    return client.post(UPLOAD, payload)


# Who may use them: anonymous visitors are sent to the sign-in page, staff without the image
# permission are refused, every newsroom role may pick and upload.


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("reporter", 200), ("editor", 200), ("chief", 200)],
)
def test_the_library_answers_each_role(client, staff, make_image, role, status):
    make_image()

    response = client_for(client, staff, role).get(LIBRARY)

    assert response.status_code == status
    if role == "anonymous":
        assert reverse("admin:login") in response["Location"]
    else:
        assert len(response.json()["results"]) == 1


def test_staff_without_view_image_get_no_library(client, staff_without_image_rights, make_image):
    make_image()

    response = sign_in(client, staff_without_image_rights).get(LIBRARY)

    assert response.status_code == 403
    assert "results" not in response.json()


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("reporter", 201), ("editor", 201), ("chief", 201)]
)
def test_the_upload_answers_each_role(client, staff, role, status, media_root):
    response = upload(client_for(client, staff, role), encoded(picture((800, 600)), "JPEG"))

    assert response.status_code == status
    assert Image.objects.count() == (0 if role == "anonymous" else 1)


def test_staff_without_add_image_cannot_upload(client, staff_without_image_rights, media_root):
    response = upload(sign_in(client, staff_without_image_rights), encoded(picture(), "JPEG"))

    assert response.status_code == 403
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_upload_needs_the_csrf_token(staff, media_root):
    client = sign_in(Client(enforce_csrf_checks=True), staff["editor"])

    response = upload(client, encoded(picture(), "JPEG"))

    assert response.status_code == 403
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_upload_only_accepts_post(client, staff):
    assert sign_in(client, staff["editor"]).get(UPLOAD).status_code == 405


# The picker.


def test_the_library_gives_what_the_editor_inserts(client, staff, make_image):
    image = make_image(caption="ساحة جامع الفنا مساء", credit="وكالة الصور")

    item = sign_in(client, staff["reporter"]).get(LIBRARY).json()["results"][0]

    assert item["id"] == image.pk
    assert str(image.key) in item["src"]  # so the page serves it as a <picture>
    assert item["thumbnail"] == image.rendition_url("w320.webp")
    assert (item["width"], item["height"]) == (image.width, image.height)
    assert item["alt"] == image.alt_text
    assert item["caption"] == "ساحة جامع الفنا مساء"
    assert item["credit"] == "وكالة الصور"
    assert item["missing"] == []


def test_the_library_says_what_a_picture_lacks_in_arabic(client, staff, make_image):
    make_image(credit="")

    item = sign_in(client, staff["editor"]).get(LIBRARY).json()

    with translation.override("ar-ma"):
        assert item["results"][0]["missing"] == [translation.gettext("credit")] == ["المصدر"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("البرلمان", ["parliament"]),  # alt text
        ("الشاون", ["market"]),  # caption
        ("رويترز", ["agency"]),  # credit
        ("مطر", []),
    ],
)
def test_the_library_searches_alt_text_caption_and_credit(
    client, staff, make_image, query, expected
):
    made = {
        "parliament": make_image(alt_text="متظاهرون أمام البرلمان", caption="", credit="ج"),
        "market": make_image(alt_text="سوق", caption="سوق أسبوعي في الشاون", credit="ج"),
        "agency": make_image(alt_text="ميناء", caption="", credit="رويترز"),
    }

    results = sign_in(client, staff["reporter"]).get(LIBRARY, {"q": query}).json()["results"]

    assert [item["id"] for item in results] == [made[name].pk for name in expected]


def test_the_library_comes_in_pages_newest_first(client, staff, make_image, monkeypatch):
    monkeypatch.setattr(admin_editor, "PICKER_PAGE_SIZE", 2)
    images = [make_image(size=(400, 300), alt_text=f"صورة {n}") for n in range(5)]
    newest_first = [image.pk for image in reversed(images)]
    client = sign_in(client, staff["reporter"])

    first = client.get(LIBRARY).json()
    third = client.get(LIBRARY, {"page": 3}).json()
    beyond = client.get(LIBRARY, {"page": "99"}).json()

    assert [item["id"] for item in first["results"]] == newest_first[:2]
    assert (first["page"], first["pages"], first["count"]) == (1, 3, 5)
    assert first["next"] and not first["previous"]
    assert [item["id"] for item in third["results"]] == newest_first[4:]
    assert third["previous"] and not third["next"]
    assert beyond["page"] == 3  # a page past the end shows the last one


def test_a_library_page_costs_the_same_queries_for_one_and_for_many_pictures(
    client, staff, make_image
):
    client = sign_in(client, staff["reporter"])
    make_image(size=(400, 300))
    with CaptureQueriesContext(connection) as one:
        client.get(LIBRARY)
    for _n in range(4):
        make_image(size=(400, 300))
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(LIBRARY).json()["results"]) == 5

    assert len(five.captured_queries) == len(one.captured_queries)


# Dropping a file: the admin upload's gate, the admin upload's storage.


def test_a_dropped_photo_is_stored_clean_with_its_texts_and_renditions(client, staff, media_root):
    client = sign_in(client, staff["reporter"])

    response = upload(client, photo_with_secrets("JPEG", size=(1200, 800)), name="IMG_2041.jpg")

    assert response.status_code == 201
    image = Image.objects.get()
    assert image.uploaded_by == staff["reporter"]
    assert image.alt_text == "صيادون يفرغون شباكهم في ميناء الصويرة"
    assert image.caption == "عودة قوارب الصيد صباحا"
    assert image.credit == "مصور الجريدة"
    assert "w960.webp" in image.renditions and "share.jpg" in image.renditions
    item = response.json()
    assert item["id"] == image.pk and item["src"] == image.fallback_url
    files = stored_files(media_root)
    assert len(files) == 1 + len(image.renditions)
    for path in files:
        data = path.read_bytes()
        assert "IMG_2041" not in path.name
        assert not any(marker in data for marker in METADATA_MARKERS), path.name
        with PILImage.open(path) as stored:
            assert not stored.getexif().get_ifd(0x8825)  # no GPS
    # The <img> the editor inserts becomes a responsive <picture> on the page.
    html = body_with_pictures(f'<figure><img src="{item["src"]}" alt="{item["alt"]}"></figure>')
    assert "<picture>" in html and 'type="image/webp"' in html


def big_jpeg():
    return encoded(picture((1600, 1200)), "JPEG", quality=95)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("drawing.svg", SVG, "شيفرة"),
        ("page.jpg", b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>", "شيفرة"),
        (
            "poly.jpg",
            encoded(picture((200, 150)), "JPEG") + b"<script>alert(document.cookie)</script>",
            "شيفرة",
        ),
        ("bomb.png", png_declaring(40_000, 40_000), "ميغابكسل"),
        ("cut.jpg", encoded(picture((800, 600)), "JPEG")[:3000], "تالفة"),
        ("empty.jpg", b"", ""),
        ("big.jpg", None, "أكبر من"),
    ],
)
def test_a_refused_file_stores_nothing_and_says_why_in_arabic(
    client, staff, media_root, settings, name, data, message
):
    if data is None:
        data = big_jpeg()
        settings.IMAGE_MAX_BYTES = len(data) - 1
    client = sign_in(client, staff["editor"])

    response = upload(client, data, name=name)

    assert response.status_code == 400
    error = response.json()["error"]
    assert re.search(r"[\u0600-\u06ff]", error), error  # Arabic, for the Arabic admin
    assert message in error
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize("missing", ["alt_text", "credit"])
def test_alt_text_and_credit_are_required_for_a_dropped_file(client, staff, media_root, missing):
    response = upload(
        sign_in(client, staff["editor"]), encoded(picture(), "JPEG"), **{missing: " "}
    )

    assert response.status_code == 400
    assert missing in response.json()["errors"]
    assert response.json()["error"]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_limits_are_the_admin_uploads(client, staff, media_root, settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    client = sign_in(client, staff["editor"])

    refused = upload(client, encoded(picture((101, 100)), "PNG"), name="wide.png")
    accepted = upload(client, encoded(picture((100, 100)), "PNG"), name="ok.png")

    assert refused.status_code == 400
    assert accepted.status_code == 201
    assert Image.objects.count() == 1


# The article form tells the editor which of them the user may use.


def editor_config(html):
    found = re.search(r'data-body-editor="([^"]+)"', html).group(1)
    return json.loads(found.replace("&quot;", '"').replace("&amp;", "&"))


def test_the_body_editor_gets_the_picture_endpoints_the_user_may_use(client, staff, settings):
    html = sign_in(client, staff["reporter"]).get(reverse("admin:articles_article_add"))

    images = editor_config(html.content.decode())["images"]

    assert images["libraryUrl"] == LIBRARY
    assert images["uploadUrl"] == UPLOAD
    assert images["maxBytes"] == settings.IMAGE_MAX_BYTES
    assert "25" in images["tooLarge"]


def test_without_image_permissions_the_body_editor_gets_no_picture_endpoint(
    client, staff_without_image_rights
):
    html = sign_in(client, staff_without_image_rights).get(reverse("admin:articles_article_add"))

    assert editor_config(html.content.decode())["images"] == {}


def test_a_picked_picture_survives_the_article_form(
    client, staff, make_image, make_section, make_author
):
    from tests.articles.admin.test_workflow import article_form_data

    image = make_image()
    figure = (
        f'<figure class="figure"><img src="{image.fallback_url}" alt="وصف" data-file="{image.pk}">'
        '<figcaption class="figure-caption">تعليق (الصورة: وكالة الصور)</figcaption></figure>'
    )
    client = sign_in(client, staff["reporter"])

    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(make_section(), make_author(), body=f"<p>نص</p>{figure}"),
    )

    assert response.status_code == 302
    from articles.models import Article

    body = Article.objects.get().body
    assert body == (
        f'<p>نص</p><figure><img src="{image.fallback_url}" alt="وصف">'
        "<figcaption>تعليق (الصورة: وكالة الصور)</figcaption></figure>"
    )
    assert "<picture>" in body_with_pictures(body)
