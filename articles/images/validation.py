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
# unzip tool would treat as something else. Such uploads are refused outright. The compressed
# pixel data is not searched (see `pixel_data_ranges`): it is random-looking, and "<sVg" turns
# up in about one 400 kB JPEG in 600 by chance, so real photos were refused.
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
        raise ImageRejectedError(too_large_message(max_bytes), code="too_large")
    if not data:
        raise ImageRejectedError(_("The file is empty."), code="empty")
    return data


def too_large_message(max_bytes):
    """The refusal of a file over `max_bytes` (the body editor shows it before uploading, too)."""
    return _("The file is larger than %(limit)s. Export a smaller version and upload it again.") % {
        "limit": filesizeformat(max_bytes)
    }


def refuse_polyglot(data):
    if markup_outside_pixels(data) or zipfile.is_zipfile(io.BytesIO(data)):
        raise ImageRejectedError(
            _(
                "The file contains web page code or an archive besides the picture. "
                "Only plain photos are accepted."
            ),
            code="polyglot",
        )


def markup_outside_pixels(data):
    """Whether markup occurs anywhere but in the compressed pixel data: headers, metadata,
    comments, text chunks, and whatever follows the end of the picture are all searched."""
    start = 0
    for pixels_start, pixels_end in pixel_data_ranges(data):
        if MARKUP_PATTERN.search(data, start, pixels_start):
            return True
        start = max(start, pixels_end)
    return bool(MARKUP_PATTERN.search(data, start))


def pixel_data_ranges(data):
    """(start, end) byte ranges of compressed pixels, in order, read from the container's
    structure (JPEG scans, PNG IDAT/fdAT, WebP VP8/VP8L/ALPH/ANMF, AVIF mdat). Anything not
    understood yields no range, so it is searched whole."""
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg_scans(data)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _chunks(data, 8, {b"IDAT", b"fdAT"}, png=True)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _chunks(data, 12, {b"VP8 ", b"VP8L", b"ALPH", b"ANMF"}, png=False)
        if data[4:8] == b"ftyp":
            return _iso_boxes(data, {b"mdat"})
    except (IndexError, ValueError, struct.error):
        pass
    return []


def _jpeg_scans(data):
    ranges, position, end = [], 2, len(data)
    while position + 4 <= end and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:  # end of image: what follows is searched
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
            continue
        segment_end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if marker != 0xDA:
            position = segment_end
            continue
        # Start of scan: entropy-coded data runs to the next marker that is neither a stuffed
        # 0xFF00 nor a restart marker.
        scan = segment_end
        while True:
            scan = data.find(b"\xff", scan)
            if scan < 0 or scan + 1 >= end:
                scan = end
                break
            following = data[scan + 1]
            if following != 0x00 and not 0xD0 <= following <= 0xD7:
                break
            scan += 2
        ranges.append((segment_end, scan))
        position = scan
    return ranges


def _chunks(data, position, pixel_types, *, png):
    """PNG chunks (big-endian length, type, data, CRC) or RIFF chunks (type, little-endian
    length, data padded to an even length)."""
    ranges, end = [], len(data)
    if not png:
        end = min(end, 8 + struct.unpack_from("<I", data, 4)[0])
    while position + 8 <= end:
        if png:
            length, kind = struct.unpack_from(">I4s", data, position)
            body, after = position + 8, position + 12 + length
        else:
            kind, length = struct.unpack_from("<4sI", data, position)
            body, after = position + 8, position + 8 + length + (length & 1)
        if kind in pixel_types:
            ranges.append((body, min(body + length, len(data))))
        if png and kind == b"IEND":
            break
        position = after
    return ranges


def _iso_boxes(data, pixel_types):
    ranges, position, end = [], 0, len(data)
    while position + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif size == 0:
            size = end - position
        if size < header:
            break
        if kind in pixel_types:
            ranges.append((position + header, min(position + size, end)))
        position += size
    return ranges


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
