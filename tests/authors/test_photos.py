"""Author photos go through the picture gate: content decides, metadata and names are dropped."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from authors.models import Author
from tests.articles.images.conftest import (
    METADATA_MARKERS,
    encoded,
    photo_with_secrets,
    picture,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def change_author(client, author, photo):
    return client.post(
        reverse("admin:authors_author_change", args=[author.pk]),
        {
            "name": author.name,
            "slug": author.slug,
            "job_title": "",
            "bio": "",
            "user": "",
            "is_active": "on",
            "photo": photo,
        },
    )


def stored_photo(author):
    author.refresh_from_db()
    with author.photo.open("rb") as file:
        return file.read()


def test_a_phone_photo_named_pdf_is_stored_as_a_clean_jpeg_under_a_fresh_name(
    admin_client, make_author
):
    author = make_author()
    upload = SimpleUploadedFile(
        "hind-alfassi-home-address.pdf", photo_with_secrets("JPEG"), "application/pdf"
    )

    response = change_author(admin_client, author, upload)

    assert response.status_code == 302, response.content.decode()[:2000]
    data = stored_photo(author)
    assert re.fullmatch(r"authors/[0-9a-f]{32}\.jpg", author.photo.name)
    with PILImage.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    for marker in METADATA_MARKERS:
        assert marker not in data


def test_a_png_named_jpg_is_stored_as_png(admin_client, make_author):
    author = make_author()

    change_author(
        admin_client, author, SimpleUploadedFile("x.jpg", photo_with_secrets("PNG"), "image/jpeg")
    )

    assert stored_photo(author) and author.photo.name.endswith(".png")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 not a picture at all",
        encoded(picture(), "JPEG") + b"<script>alert(1)</script>",
        encoded(picture(), "BMP"),
    ],
    ids=["pdf", "polyglot", "bmp"],
)
def test_anything_but_a_plain_accepted_picture_is_refused_and_nothing_changes(
    admin_client, make_author, content
):
    author = make_author()

    response = change_author(
        admin_client, author, SimpleUploadedFile("portrait.jpg", content, "image/jpeg")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    author.refresh_from_db()
    assert not author.photo


def test_a_large_photo_is_kept_at_a_portrait_size(admin_client, make_author):
    author = make_author()

    change_author(
        admin_client,
        author,
        SimpleUploadedFile("big.webp", encoded(picture((3000, 2000)), "WEBP"), "image/webp"),
    )

    with PILImage.open(io.BytesIO(stored_photo(author))) as stored:
        assert stored.format == "WEBP" and stored.size == (1200, 800)


def test_removing_a_photo_still_works(admin_client, make_author):
    author = make_author(photo="authors/old.jpg")

    admin_client.post(
        reverse("admin:authors_author_change", args=[author.pk]),
        {"name": author.name, "slug": author.slug, "is_active": "on", "photo-clear": "on"},
    )

    author.refresh_from_db()
    assert not author.photo
    assert Author.objects.get(pk=author.pk).photo.name == ""
