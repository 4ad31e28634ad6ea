"""Which files are made from an original, and how: pure functions over Pillow pictures.

Widths are made largest first, each from the previous one, so the 12-megapixel original is
resampled only once; crops (the 1200×630 share picture and a square) are cut around the focal
point from the original. Nothing here touches storage or the database.
"""

import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image as PILImage

from articles.models.image import RENDITION_WIDTHS

SHARE_SIZE = (1200, 630)
SQUARE_SIZE = (600, 600)
# method 2 instead of the default 4: much faster encoding for slightly larger files
# (docs/performance.md, "Measurements behind the code").
WEBP_OPTIONS = {"format": "WEBP", "quality": 78, "method": 2}
JPEG_OPTIONS = {"format": "JPEG", "quality": 82, "progressive": True, "optimize": True}
# reduce() by whole factors first and resample only the last step: far faster on big photos
# and visually the same as a full Lanczos pass.
REDUCING_GAP = 3.0


@dataclass(frozen=True)
class RenditionSpec:
    key: str  # manifest key, e.g. "w640.webp" or "share.jpg"
    extension: str  # "webp" or "jpg"
    width: int | None = None  # for responsive widths
    crop: tuple[int, int] | None = None  # for crops: the size wanted

    @property
    def is_crop(self):
        return self.crop is not None


def target_widths(width):
    """The responsive widths for a picture `width` pixels wide: never upscaled.

    A picture narrower than the next step is also offered at its own width, so the sharpest
    version a reader can get is the original's.
    """
    widths = [w for w in RENDITION_WIDTHS if w <= width]
    if width < RENDITION_WIDTHS[-1] and width not in widths:
        widths.append(width)
    return widths


def rendition_specs(width):
    specs = [
        RenditionSpec(key=f"w{w}.{ext}", extension=ext, width=w)
        for w in sorted(target_widths(width), reverse=True)
        for ext in ("webp", "jpg")
    ]
    specs.append(RenditionSpec(key="share.jpg", extension="jpg", crop=SHARE_SIZE))
    specs += [
        RenditionSpec(key=f"square.{ext}", extension=ext, crop=SQUARE_SIZE)
        for ext in ("webp", "jpg")
    ]
    return specs


def focal_crop_box(size, aspect, focal):
    """The largest box of `aspect` (width/height) inside `size`, centred on `focal` if it can be.

    `focal` is (x, y) in 0..1; near an edge the box slides inward rather than leaving the picture.
    """
    width, height = size
    if width / height > aspect:
        box_w, box_h = round(height * aspect), height
    else:
        box_w, box_h = width, round(width / aspect)
    left = min(max(round(focal[0] * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal[1] * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def crop_around(picture, size, focal):
    box = focal_crop_box(picture.size, size[0] / size[1], focal)
    cropped = picture.crop(box)
    if cropped.width > size[0]:
        cropped = cropped.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
    return cropped


def encode(picture, extension):
    """The bytes of `picture` as WebP or JPEG, with no metadata (nothing is passed to save)."""
    if extension == "jpg" and picture.mode != "RGB":
        picture = flatten(picture)
    options = WEBP_OPTIONS if extension == "webp" else JPEG_OPTIONS
    buffer = io.BytesIO()
    picture.save(buffer, **options)
    return buffer.getvalue()


def flatten(picture):
    """JPEG has no transparency: put transparent pixels on white, as a page would show them."""
    background = PILImage.new("RGB", picture.size, (255, 255, 255))
    background.paste(picture, mask=picture.getchannel("A") if "A" in picture.getbands() else None)
    return background


def render(picture, specs, *, focal):
    """Yield (spec, bytes, (width, height)) for each spec, from a clean picture.

    Resizing is done in order (each width from the previous one); the encodes are independent
    and Pillow releases the GIL while encoding, so they run on all CPUs.
    """
    jobs = []
    resized = {}
    current = picture
    for spec in sorted((s for s in specs if not s.is_crop), key=lambda s: -s.width):
        if spec.width not in resized:
            # Heights follow from the original, so rounding does not add up along the chain.
            height = max(1, round(picture.height * spec.width / picture.width))
            if spec.width != current.width:
                current = current.resize(
                    (spec.width, height), PILImage.Resampling.LANCZOS, reducing_gap=REDUCING_GAP
                )
            resized[spec.width] = current
        jobs.append((spec, resized[spec.width]))
    # Crops are cut from the largest width made (1920 wide at most, still more than any crop
    # needs) rather than from the original: the same picture for a fraction of the work.
    crop_source = resized[max(resized)] if resized else picture
    crops = {}
    for spec in (s for s in specs if s.is_crop):
        if spec.crop not in crops:
            crops[spec.crop] = crop_around(crop_source, spec.crop, focal)
        jobs.append((spec, crops[spec.crop]))
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        bodies = pool.map(lambda job: encode(job[1], job[0].extension), jobs)
        for (spec, made), body in zip(jobs, bodies, strict=True):
            yield spec, body, made.size


ORIGINAL_FORMATS = {
    # Uploaded format → (Pillow format, extension, save options) of the stored original.
    "JPEG": ("JPEG", "jpg", {"quality": 92}),
    "PNG": ("PNG", "png", {}),
    "WEBP": ("WEBP", "webp", {"quality": 92}),
    "AVIF": ("AVIF", "avif", {"quality": 80}),
}


def encode_original(picture, source_format):
    """The stored original: a fresh encode in the uploaded format (no byte of the upload)."""
    pillow_format, extension, options = ORIGINAL_FORMATS[source_format]
    if pillow_format == "JPEG" and picture.mode != "RGB":
        picture = flatten(picture)
    buffer = io.BytesIO()
    picture.save(buffer, format=pillow_format, **options)
    return buffer.getvalue(), extension
