"""Helpers for the image tests: real files made with Pillow, and a throwaway MEDIA_ROOT."""

import io
import struct
import zlib

import pytest
from PIL import Image as PILImage

from articles.images.services import image_create_from_file

# Things a source's phone writes into a photo that must never reach the site.
SECRET_MODEL = "SourcePhone X9"
SECRET_SERIAL = "SERIAL-4242-SOURCE"
SECRET_COMMENT = b"sent by ahmed from tangier"
SECRET_XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="35,46.0N" '
    b'exif:GPSLongitude="5,48.0W"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
# Byte strings whose presence in a served file would betray metadata.
METADATA_MARKERS = [
    b"Exif\x00\x00",
    b"xmpmeta",
    b"GPSLatitude",
    SECRET_MODEL.encode(),
    SECRET_SERIAL.encode(),
    SECRET_COMMENT,
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def gps_exif(orientation=1):
    exif = PILImage.Exif()
    exif[0x0110] = SECRET_MODEL  # Model
    exif[0x0132] = "2026:11:27 21:14:03"  # DateTime
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = SECRET_SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 46.0, 12.5)
    gps[3], gps[4] = "W", (5.0, 48.0, 3.2)
    return exif


def picture(size=(640, 480), mode="RGB"):
    """A picture with real structure (a gradient and noise), not a flat colour."""
    width, height = size
    gradient = PILImage.linear_gradient("L").resize(size)
    noise = PILImage.effect_noise(size, 30).convert("L")
    bands = [gradient, noise, gradient.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)]
    made = PILImage.merge("RGB", bands)
    if mode == "RGBA":
        made.putalpha(PILImage.linear_gradient("L").resize(size))
    return made


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_with_secrets(fmt="JPEG", size=(640, 480), orientation=1):
    """A photo carrying GPS EXIF, a serial number, XMP and a comment, as phones write them."""
    exif = gps_exif(orientation).tobytes()
    image = picture(size)
    if fmt == "JPEG":
        return encoded(image, "JPEG", exif=exif, comment=SECRET_COMMENT, xmp=SECRET_XMP)
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", SECRET_COMMENT.decode())
        info.add_itxt("XML:com.adobe.xmp", SECRET_XMP.decode())
        return encoded(image, "PNG", pnginfo=info, exif=exif)
    if fmt == "WEBP":
        return encoded(image, "WEBP", exif=exif, xmp=SECRET_XMP)
    raise ValueError(fmt)


def png_declaring(width, height):
    """A tiny, valid-looking PNG whose header claims `width`×`height` pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def make_image(db):
    """A library image stored through the service, from a Pillow-made JPEG."""

    def make(*, size=(1000, 700), data=None, **fields):
        fields.setdefault("alt_text", "متظاهرون أمام البرلمان في الرباط")
        fields.setdefault("credit", "وكالة الصور")
        return image_create_from_file(
            file=io.BytesIO(data or encoded(picture(size), "JPEG", quality=90)),
            filename="photo.jpg",
            **fields,
        )

    return make


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
