"""Deciding whether uploaded bytes are a real photo, and making a clean copy of it.

An upload is judged by decoding it with Pillow, never by its name or declared type. What comes
out is a freshly decoded, upright, sRGB picture with no metadata at all: every file the site
stores or serves is encoded from it, so nothing the source camera or phone wrote (GPS position,
serial number, timestamps, XMP, IPTC, comments) and no payload appended to the file survives.
"""

import io
import re
import struct
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

# Pillow's own bomb guard warns above this many pixels and refuses above twice as many. The
# header is checked against IMAGE_MAX_PIXELS before any decoding (see `decode_image`); this is
# the second line of defence for any other code path that opens images.
Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS


def accepted_formats():
    """Pillow format names an upload may have: AVIF only where this Pillow can decode it."""
    formats = ["JPEG", "PNG", "WEBP"]
    if features.check("avif"):
        formats.append("AVIF")
    return formats


# Markup or an archive hidden inside image bytes makes a polyglot: a file that a browser or an
# unzip tool would treat as something else. Such uploads are refused outright.
MARKUP_PATTERN = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed|\?php)\b", re.IGNORECASE
)


class ImageRejectedError(ValidationError):
    """The upload is not an image the library accepts; the message says why."""


@dataclass(frozen=True)
class DecodedImage:
    """An accepted upload: the clean picture and the format it arrived in."""

    picture: Image.Image
    source_format: str

    @property
    def width(self):
        return self.picture.width

    @property
    def height(self):
        return self.picture.height


def read_limited(file, max_bytes):
    """The file's bytes, refusing (before reading it all) anything over `max_bytes`."""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejectedError(
            _("The file is larger than %(limit)s. Export a smaller version and upload it again.")
            % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not data:
        raise ImageRejectedError(_("The file is empty."), code="empty")
    return data


def refuse_polyglot(data):
    if MARKUP_PATTERN.search(data) or zipfile.is_zipfile(io.BytesIO(data)):
        raise ImageRejectedError(
            _(
                "The file contains web page code or an archive besides the picture. "
                "Only plain photos are accepted."
            ),
            code="polyglot",
        )


def decode_image(data, *, max_pixels=None):
    """Decode `data` fully, or raise ImageRejectedError naming the problem.

    The dimensions in the header are checked before any pixel is decoded, so a decompression
    bomb (a tiny file that declares gigapixels) is refused in microseconds.
    """
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    not_an_image = ImageRejectedError(
        _("The file is not a JPEG, PNG or WebP picture (or it is damaged)."),
        code="not_an_image",
    )
    with warnings.catch_warnings():
        # Pillow signals a possible bomb with a warning first: treat it as the error it is.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=accepted_formats()) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise too_many_pixels(max_pixels)
                probe.verify()
            picture = Image.open(io.BytesIO(data), formats=accepted_formats())
            source_format = picture.format
            # Animated WebP and PNG: the first frame is the photo.
            picture.seek(0)
            picture.load()
            # Inside the guard: a malformed EXIF block or an odd pixel mode is a damaged file.
            clean = clean_picture(picture)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels(max_pixels) from None
        except UnidentifiedImageError:
            raise not_an_image from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
            # Pillow reports truncated and corrupt data with these.
            raise ImageRejectedError(
                _("The picture is damaged or incomplete. Export it again and upload the new file."),
                code="corrupt",
            ) from error
    return DecodedImage(picture=clean, source_format=source_format)


def too_many_pixels(max_pixels):
    return ImageRejectedError(
        _(
            "The picture has more than %(limit)s megapixels. "
            "Resize it to a smaller size and upload it again."
        )
        % {"limit": max_pixels // 1_000_000},
        code="too_many_pixels",
    )


SRGB_PROFILE = ImageCms.createProfile("sRGB")


def clean_picture(picture):
    """An upright, sRGB copy of `picture` that carries no metadata whatsoever."""
    upright = ImageOps.exif_transpose(picture)
    icc = picture.info.get("icc_profile")
    mode = "RGBA" if has_alpha(upright) else "RGB"
    if icc:
        # Browsers assume sRGB; a camera's wide-gamut profile is converted rather than kept,
        # because the profile itself can name the device.
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            upright = ImageCms.profileToProfile(
                upright, source_profile, SRGB_PROFILE, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # A broken profile is dropped; the pixels are shown as they are.
    if upright.mode != mode:
        upright = upright.convert(mode)
    clean = upright if upright is not picture else picture.copy()
    # Nothing read from the file is carried into any file written from this picture.
    clean.info = {}
    return clean


def has_alpha(picture):
    return picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )


def validate_upload(file, *, max_bytes=None, max_pixels=None):
    """Read, check and decode an uploaded file: the single gate for admin and importers."""
    data = read_limited(file, max_bytes or settings.IMAGE_MAX_BYTES)
    refuse_polyglot(data)
    return decode_image(data, max_pixels=max_pixels)
