import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from tests.sign_in import sign_in

from .conftest import METADATA_MARKERS, encoded, photo_with_secrets, picture, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.ma", "pw-123456")
    sign_in(client, user)
    client.user = user
    return client


def upload(client, data, name="photo.jpg", **fields):
    payload = {
        "upload": SimpleUploadedFile(name, data, content_type="image/jpeg"),
        "alt_text": "طفل يحمل علما",
        "caption": "",
        "credit": "مصور الجريدة",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    return client.post(reverse("admin:articles_image_add"), payload)


def test_add_page_offers_a_file_field(editor_client):
    response = editor_client.get(reverse("admin:articles_image_add"))

    assert response.status_code == 200
    assert 'type="file" name="upload"' in response.content.decode()


def test_upload_through_the_admin_stores_a_clean_picture(editor_client, media_root):
    response = upload(editor_client, photo_with_secrets("JPEG", size=(1000, 700)))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == editor_client.user
    assert image.alt_text == "طفل يحمل علما"
    files = stored_files(media_root)
    assert len(files) == 1 + len(image.renditions)
    for path in files:
        data = path.read_bytes()
        assert not any(marker in data for marker in METADATA_MARKERS), path.name
        with PILImage.open(path) as stored:
            assert not stored.getexif().get_ifd(0x8825)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"),
        ("cut.jpg", encoded(picture((800, 600)), "JPEG")[:3000]),
    ],
)
def test_refused_upload_shows_an_error_and_stores_nothing(editor_client, media_root, name, data):
    response = upload(editor_client, data, name=name)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["upload"]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_change_page_has_the_focal_point_picker_and_crop_previews(editor_client, make_image):
    image = make_image()

    html = editor_client.get(
        reverse("admin:articles_image_change", args=[image.pk])
    ).content.decode()

    assert "data-focal-picker" in html
    assert "admin-images/focal-point.js" in html
    assert 'id="id_focal_x"' in html
    assert html.count("data-focal-crop") == 2
    assert image.renditions["share.jpg"]["name"] in html


def test_saving_a_new_focal_point_recuts_the_share_picture(editor_client, make_image):
    image = make_image()
    old_share = image.renditions["share.jpg"]["name"]

    response = editor_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {
            "alt_text": image.alt_text,
            "caption": "",
            "credit": image.credit,
            "focal_x": "0.25",
            "focal_y": "0.75",
        },
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.25, 0.75)
    assert image.renditions["share.jpg"]["name"] != old_share


def test_focal_point_outside_the_picture_is_refused(editor_client, make_image):
    image = make_image()

    response = editor_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"alt_text": "x", "caption": "", "credit": "y", "focal_x": "1.2", "focal_y": "0.5"},
    )

    assert response.status_code == 200
    image.refresh_from_db()
    assert image.focal_x == 0.5


def test_library_list_shows_thumbnails_and_finds_by_credit(editor_client, make_image):
    make_image(credit="وكالة المغرب العربي")
    make_image(credit="مصور آخر")

    response = editor_client.get(reverse("admin:articles_image_changelist"), {"q": "المغرب"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="image-thumbnail"') == 1


def test_article_form_picks_the_lead_image_by_autocomplete(editor_client, make_image):
    image = make_image(alt_text="ميناء طنجة المتوسط")

    add_page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
            "term": "طنجة",
        },
    ).json()

    assert 'name="lead_image"' in add_page
    assert "admin-autocomplete" in add_page
    assert found["results"] == [{"id": str(image.pk), "text": "ميناء طنجة المتوسط"}]


def test_image_used_as_a_lead_image_cannot_be_deleted(editor_client, make_image, make_article):
    image = make_image()
    make_article(lead_image=image)

    response = editor_client.post(
        reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"}
    )

    assert response.status_code == 200  # the page lists the protected articles instead
    assert Image.objects.filter(pk=image.pk).exists()


def test_unused_image_is_deleted_with_its_files(
    editor_client, make_image, media_root, django_capture_on_commit_callbacks
):
    image = make_image()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_png_named_jpg_is_stored_as_png(editor_client):
    upload(editor_client, encoded(picture((300, 200)), "PNG"), name="looks-like.jpg")

    assert Image.objects.get().file.name.endswith(".png")


def test_a_refused_upload_does_not_block_the_next_one(editor_client):
    upload(editor_client, b"garbage", name="bad.jpg")
    upload(editor_client, encoded(picture((300, 200)), "JPEG"))

    assert Image.objects.count() == 1
