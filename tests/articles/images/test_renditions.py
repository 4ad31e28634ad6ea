import io

import pytest
from PIL import Image as PILImage

from articles.images.renditions import (
    encode,
    focal_crop_box,
    render,
    rendition_specs,
    target_widths,
)

from .conftest import picture


def test_widths_are_never_upscaled():
    assert target_widths(5000) == [320, 640, 960, 1280, 1920]
    assert target_widths(1000) == [320, 640, 960, 1000]
    assert target_widths(960) == [320, 640, 960]
    assert target_widths(200) == [200]


def test_each_width_comes_in_webp_and_jpeg_plus_share_and_square_crops():
    keys = {spec.key for spec in rendition_specs(2000)}

    assert keys == {
        *(f"w{w}.{ext}" for w in (320, 640, 960, 1280, 1920) for ext in ("webp", "jpg")),
        "share.jpg",
        "square.webp",
        "square.jpg",
    }


def test_rendered_files_have_the_promised_sizes_and_formats():
    made = {
        spec.key: (body, size)
        for spec, body, size in render(
            picture((2400, 1600)), rendition_specs(2400), focal=(0.5, 0.5)
        )
    }

    for width in (320, 640, 960, 1280, 1920):
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            body, size = made[f"w{width}.{ext}"]
            with PILImage.open(io.BytesIO(body)) as read:
                assert read.format == fmt
                assert read.size == size == (width, round(width * 1600 / 2400))
    with PILImage.open(io.BytesIO(made["share.jpg"][0])) as share:
        assert (share.format, share.size) == ("JPEG", (1200, 630))
    with PILImage.open(io.BytesIO(made["square.webp"][0])) as square:
        assert (square.format, square.size) == ("WEBP", (600, 600))


def test_crops_of_a_small_picture_are_not_upscaled():
    made = {
        spec.key: size
        for spec, _, size in render(picture((800, 500)), rendition_specs(800), focal=(0.5, 0.5))
    }

    assert made["share.jpg"] == (800, 420)
    assert made["square.jpg"] == (500, 500)


@pytest.mark.parametrize(
    ("focal_x", "expected_left"),
    [(0.0, 0), (0.5, 1048), (1.0, 4000 - 1905)],
)
def test_share_crop_of_a_panorama_keeps_the_full_height_and_slides_across(focal_x, expected_left):
    box = focal_crop_box((4000, 1000), 1200 / 630, (focal_x, 0.5))

    assert box == (expected_left, 0, expected_left + 1905, 1000)


def test_crop_box_is_centred_on_the_focal_point_and_stays_inside_the_picture():
    # Square crop of a 4000×3000 picture: 3000 wide, free to slide across.
    assert focal_crop_box((4000, 3000), 1.0, (0.5, 0.5)) == (500, 0, 3500, 3000)
    assert focal_crop_box((4000, 3000), 1.0, (0.2, 0.5)) == (0, 0, 3000, 3000)
    assert focal_crop_box((4000, 3000), 1.0, (0.95, 0.5)) == (1000, 0, 4000, 3000)
    assert focal_crop_box((4000, 3000), 1.0, (0.6, 0.1)) == (900, 0, 3900, 3000)


def test_share_crop_of_a_portrait_follows_the_focal_point_downwards():
    top_crop = focal_crop_box((1000, 3000), 1200 / 630, (0.5, 0.1))
    bottom_crop = focal_crop_box((1000, 3000), 1200 / 630, (0.5, 0.9))

    assert top_crop[1] < bottom_crop[1]
    assert bottom_crop[3] <= 3000


def test_jpeg_of_a_transparent_picture_is_flattened_and_webp_keeps_alpha():
    transparent = picture((100, 80), mode="RGBA")

    with PILImage.open(io.BytesIO(encode(transparent, "jpg"))) as jpeg:
        assert jpeg.mode == "RGB"
    with PILImage.open(io.BytesIO(encode(transparent, "webp"))) as webp:
        assert webp.mode == "RGBA"
