import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Image

pytestmark = pytest.mark.django_db


def strip_renditions(image, *keys):
    renditions = {k: v for k, v in image.renditions.items() if k not in keys}
    Image.objects.filter(pk=image.pk).update(renditions=renditions)


def run(*args):
    out = io.StringIO()
    call_command("generate_renditions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_fills_in_missing_renditions(make_image):
    image = make_image()
    strip_renditions(image, "w320.webp", "share.jpg")

    output = run()

    image.refresh_from_db()
    assert "made 2 renditions for 1 images" in output
    assert {"w320.webp", "share.jpg"} <= set(image.renditions)


def test_dry_run_reports_without_writing(make_image):
    image = make_image()
    strip_renditions(image, "w320.webp")

    output = run("--dry-run")

    image.refresh_from_db()
    assert "would make 1 renditions for 1 images" in output
    assert "w320.webp" not in image.renditions


def test_complete_library_needs_nothing(make_image):
    make_image()

    assert "made 0 renditions for 0 images" in run()


def test_image_whose_original_is_lost_fails_the_command(make_image, media_root):
    image = make_image()
    strip_renditions(image, "w320.jpg")
    (media_root / image.file.name).unlink()

    with pytest.raises(CommandError, match="1 images could not be processed"):
        run()
