"""`import_wxr --media-dir DIR`: WordPress attachments -> library images, in three steps.

1. Each attachment of the export not yet in the library is read from DIR (a local copy of
   `wp-content/uploads`) at its `_wp_attached_file` path and added through
   `image_create_from_file`, the same gate as an admin upload (decoding checks, limits,
   metadata stripped). Alt text comes from `_wp_attachment_image_alt`, the caption from the
   attachment's excerpt, the credit from the credit (else copyright) WordPress read from the
   photo's IPTC data, else it stays empty. The image is remembered on the `ImportedAttachment`
   row, so a re-run adds nothing twice. A missing or refused file fails that attachment only.
2. Every `<img>` of the export's articles that shows an uploaded file (the original or any of
   WordPress's size variants, `photo-300x200.jpg`, `photo-scaled.jpg`, `photo-e1556012345.jpg`)
   is pointed at the library image, so the page shows it as a responsive <picture>. WordPress's
   `wp-image-<id>` class names the attachment when the address does not (a CDN address, say).
3. A post's featured image (`_thumbnail_id`) becomes its lead image, unless it already has one
   (an editor's choice is never overwritten).

Publishing requires alt text and a credit on every picture, but that rule belongs to the
workflow's publish transition: the importer writes history, so a published post whose picture
has no credit still imports as published (editors see what is missing when they next publish).

A dry run validates every file (and reports the same counts and failures) but stores nothing,
neither rows nor files.
"""

import html
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

PICTURE_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".avif", ".gif"}
UPLOADS = "/wp-content/uploads/"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SRC_ATTRIBUTE = re.compile(r'(\bsrc=")([^"]*)(")', re.IGNORECASE)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# WordPress's names for the copies it makes of an upload: "-300x200" (a size), "-scaled" (a big
# upload shrunk), "-e1556012345678" (edited in WordPress), "-rotated".
VARIANT_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})$")
# PHP-serialised `_wp_attachment_metadata`: the photo's credit and copyright, when WordPress
# read them from the file's IPTC data.
SERIALISED_TEXT = r's:{length}:"{key}";s:\d+:"(.*?)";'


def attachment_file_path(attachment_url, attached_file):
    """The path under wp-content/uploads: `_wp_attached_file`, else read from the address."""
    if attached_file.strip():
        return attached_file.strip().lstrip("/")
    path = unquote(urlsplit(attachment_url.strip()).path)
    _before, found, after = path.partition(UPLOADS)
    return after if found else ""


def serialised_credit(metadata):
    for key in ("credit", "copyright"):
        pattern = SERIALISED_TEXT.format(length=len(key), key=key)
        found = re.search(pattern, metadata or "", re.DOTALL)
        if found and found.group(1).strip():
            return found.group(1).strip()
    return ""


def upload_key(src):
    """The canonical "2019/05/photo.jpg" a body address points at (size suffix removed), or ""."""
    path = unquote(urlsplit(html.unescape(src)).path)
    _before, found, after = path.partition(UPLOADS)
    if not found:
        return ""
    return canonical_key(after)


def canonical_key(relative):
    path = PurePosixPath(relative.strip().lstrip("/"))
    stem = VARIANT_SUFFIX.sub("", path.stem)
    # A "-scaled" original may itself be what the attachment names: strip twice at most.
    stem = VARIANT_SUFFIX.sub("", stem)
    return str(path.with_name(stem + path.suffix.lower()))


def resolve_in(media_dir, relative):
    """The file under `media_dir`, or None when the path tries to leave it."""
    root = Path(media_dir).resolve()
    candidate = (root / relative).resolve()
    if candidate != root and root in candidate.parents:
        return candidate
    return None
