import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from articles.images import services
from articles.images.services import (
    image_create_from_file,
    image_delete,
    image_fill_missing_renditions,
    image_update,
)
from articles.images.validation import ImageRejectedError
from articles.models import Image

from .conftest import (
    METADATA_MARKERS,
    encoded,
    photo_with_secrets,
    picture,
    png_declaring,
    stored_files,
)

pytestmark = pytest.mark.django_db


def create(data, filename="upload.jpg", **fields):
    return image_create_from_file(file=io.BytesIO(data), filename=filename, **fields)


def test_upload_stores_original_and_every_rendition_under_media_root(media_root):
    image = create(encoded(picture((1400, 1000)), "JPEG"), alt_text="نص بديل", credit="مصور")

    files = stored_files(media_root)
    assert (image.width, image.height) == (1400, 1000)
    assert (media_root / image.file.name).is_file()
    assert image.file.name.startswith("images/originals/")
    assert set(image.renditions) == {
        *(f"w{w}.{ext}" for w in (320, 640, 960, 1280, 1400) for ext in ("webp", "jpg")),
        "share.jpg",
        "square.webp",
        "square.jpg",
    }
    assert len(files) == 1 + len(image.renditions)
    for entry in image.renditions.values():
        with PILImage.open(media_root / entry["name"]) as stored:
            assert stored.size == (entry["width"], entry["height"])


def test_uploaders_file_name_is_not_kept(media_root):
    image = create(encoded(picture(), "JPEG"), filename="from_ahmed_tangier.jpg")

    assert not any("ahmed" in str(path) for path in stored_files(media_root))
    assert "ahmed" not in image.file.name


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_no_metadata_survives_in_any_stored_file(media_root, fmt):
    create(photo_with_secrets(fmt, size=(1000, 700)))

    files = stored_files(media_root)
    assert len(files) > 10
    for path in files:
        data = path.read_bytes()
        for marker in METADATA_MARKERS:
            assert marker not in data, f"{marker!r} found in {path.name}"
        with PILImage.open(path) as stored:
            exif = stored.getexif()
            assert len(exif) == 0, path.name
            assert not exif.get_ifd(0x8825), f"GPS tags in {path.name}"
            assert not {
                "exif",
                "xmp",
                "comment",
                "icc_profile",
                "XML:com.adobe.xmp",
                "Comment",
            } & set(stored.info), path.name


def test_bytes_appended_to_an_upload_do_not_reach_the_stored_file(media_root):
    payload = b"TRAILING-PAYLOAD-" * 20
    create(encoded(picture(), "JPEG") + payload)

    for path in stored_files(media_root):
        assert b"TRAILING-PAYLOAD" not in path.read_bytes()


def test_refused_upload_stores_nothing(media_root):
    with pytest.raises(ImageRejectedError) as caught:
        create(png_declaring(100_000, 100_000), filename="bomb.png")

    assert "bomb.png" in caught.value.messages[0]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_failure_while_writing_renditions_removes_the_files_already_written(
    media_root, monkeypatch
):
    real_render = services.render

    def render_then_fail(*args, **kwargs):
        for count, made in enumerate(real_render(*args, **kwargs)):
            if count == 3:
                raise OSError("disk full")
            yield made

    monkeypatch.setattr(services, "render", render_then_fail)

    with pytest.raises(OSError):
        create(encoded(picture((1400, 1000)), "JPEG"))

    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_out_of_range_focal_point_is_refused_before_anything_is_written(media_root):
    with pytest.raises(ValidationError):
        create(encoded(picture(), "JPEG"), focal_x=1.5)

    assert stored_files(media_root) == []


def test_moving_the_focal_point_recuts_crops_and_removes_the_old_ones_after_commit(
    make_image, media_root, django_capture_on_commit_callbacks
):
    image = make_image()
    old_share = image.renditions["share.jpg"]["name"]
    old_w640 = image.renditions["w640.webp"]["name"]

    with django_capture_on_commit_callbacks(execute=True):
        image_update(
            image=image, alt_text="جديد", caption="", credit="مصور", focal_x=0.9, focal_y=0.2
        )

    new_share = image.renditions["share.jpg"]["name"]
    assert new_share != old_share
    assert image.renditions["share.jpg"]["focal"] == [0.9, 0.2]
    assert image.renditions["w640.webp"]["name"] == old_w640
    assert not (media_root / old_share).exists()
    assert (media_root / new_share).is_file()
    assert image.alt_text == "جديد"


def test_changing_only_texts_keeps_the_crops(make_image):
    image = make_image()
    before = dict(image.renditions)

    image_update(
        image=image, alt_text="نص", caption="تعليق", credit="مصور", focal_x=0.5, focal_y=0.5
    )

    assert image.renditions == before
    assert image.caption == "تعليق"


def test_missing_renditions_are_filled_from_the_stored_original(make_image, media_root):
    image = make_image()
    lost = image.renditions.pop("w960.webp")
    (media_root / lost["name"]).unlink()
    Image.objects.filter(pk=image.pk).update(renditions=image.renditions)
    image.refresh_from_db()

    made = image_fill_missing_renditions(image=image)

    image.refresh_from_db()
    assert made == ["w960.webp"]
    assert (media_root / image.renditions["w960.webp"]["name"]).is_file()


def test_verify_files_notices_a_file_lost_from_storage(make_image, media_root):
    image = make_image()
    (media_root / image.renditions["w320.jpg"]["name"]).unlink()

    assert image_fill_missing_renditions(image=image, dry_run=True) == []
    assert image_fill_missing_renditions(image=image, dry_run=True, verify_files=True) == [
        "w320.jpg"
    ]


def test_deleting_an_image_removes_its_files_after_commit(
    make_image, media_root, django_capture_on_commit_callbacks
):
    image = make_image()

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=image)

    assert Image.objects.count() == 0
    assert stored_files(media_root) == []
