"""Writes to the image library: every upload (admin or importer) goes through here.

Files are written only after the upload has been fully validated, and if anything fails before
the row is saved, the files written so far are deleted again, so a refusal leaves nothing
half-stored. When the row is saved inside a caller's transaction that later rolls back, the
files are deleted once it has (`articles/images/pending_files.py`). Files that a change makes
obsolete are deleted only after the change commits.
"""

import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage

from articles.images.pending_files import files_deleted_unless_committed, keep_only_if_committed
from articles.images.renditions import encode_original, render, rendition_specs
from articles.images.usage import refuse_if_shown_in_bodies
from articles.images.validation import ImageRejectedError, clean_picture, validate_upload
from articles.models import Image
from articles.models.image import RENDITION_WIDTHS

logger = logging.getLogger(__name__)


def original_name(image, extension):
    return f"images/originals/{image.key}.{extension}"


def rendition_name(image, spec):
    stem = spec.key.rsplit(".", 1)[0]
    if spec.is_crop:
        # Crops depend on the focal point: a new point gives a new address, so no cache or
        # CDN keeps serving the old crop.
        stem += f"-{round(image.focal_x * 1000)}-{round(image.focal_y * 1000)}"
    return f"images/renditions/{image.key}/{stem}.{spec.extension}"


def focal_of(image):
    return (image.focal_x, image.focal_y)


def write_renditions(image, picture, specs, written):
    """Render and store `specs`; return their manifest entries. Appends stored names to `written`."""
    entries = {}
    for spec, body, (width, height) in render(picture, specs, focal=focal_of(image)):
        name = default_storage.save(rendition_name(image, spec), ContentFile(body))
        written.append(name)
        entry = {"name": name, "width": width, "height": height}
        if spec.is_crop:
            entry["focal"] = [image.focal_x, image.focal_y]
        entries[spec.key] = entry
    return entries


def delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete image file %s", name, exc_info=True)


def delete_files_after_commit(names):
    names = list(names)
    if names:
        transaction.on_commit(lambda: delete_files(names))


def image_save_new(*, image, decoded, uploaded_by=None):
    """Store a validated upload as `image` (an unsaved Image with its text fields set).

    Writes the re-encoded original and every rendition, then the row. On any failure the
    files written are removed and the error is raised again; if the caller's transaction rolls
    back later, they are removed then.
    """
    image.width, image.height = decoded.width, decoded.height
    image.uploaded_by = uploaded_by
    image.full_clean(exclude=["file", "uploaded_by", "renditions"])
    written = []
    try:
        body, extension = encode_original(decoded.picture, decoded.source_format)
        image.file.name = default_storage.save(original_name(image, extension), ContentFile(body))
        written.append(image.file.name)
        image.renditions = write_renditions(
            image, decoded.picture, rendition_specs(image.width), written
        )
        with transaction.atomic():
            image.save()
    except BaseException:
        delete_files(written)
        raise
    keep_only_if_committed(written)
    return image


def image_create_from_file(
    *,
    file,
    filename,
    alt_text="",
    caption="",
    credit="",
    uploaded_by=None,
    focal_x=0.5,
    focal_y=0.5,
):
    """Validate `file` exactly as the admin does and add it to the library.

    For importers: `filename` only names the file in the error message (it is not stored).
    Raises ImageRejectedError, whose message says what is wrong with which file.
    """
    try:
        decoded = validate_upload(file)
    except ImageRejectedError as error:
        raise ImageRejectedError(
            _("%(file)s: %(problem)s") % {"file": filename, "problem": error.messages[0]},
            code=error.code,
        ) from error
    image = Image(
        alt_text=alt_text, caption=caption, credit=credit, focal_x=focal_x, focal_y=focal_y
    )
    return image_save_new(image=image, decoded=decoded, uploaded_by=uploaded_by)


def image_update(*, image, alt_text, caption, credit, focal_x, focal_y):
    """Change an image's texts and focal point; a moved focal point re-cuts the crops."""
    with files_deleted_unless_committed(), transaction.atomic():
        locked = Image.objects.select_for_update().get(pk=image.pk)
        focal_moved = (locked.focal_x, locked.focal_y) != (focal_x, focal_y)
        locked.alt_text, locked.caption, locked.credit = alt_text, caption, credit
        locked.focal_x, locked.focal_y = focal_x, focal_y
        locked.full_clean(exclude=["file", "uploaded_by"])
        changed = ["alt_text", "caption", "credit", "focal_x", "focal_y"]
        if focal_moved:
            crops = [spec for spec in rendition_specs(locked.width) if spec.is_crop]
            replace_renditions(locked, crops)
            changed.append("renditions")
        locked.save(update_fields=changed)
    image.refresh_from_db()
    return image


def replace_renditions(image, specs):
    """Re-make `specs` from the stored original; old files go once the change commits."""
    old = [image.renditions[s.key]["name"] for s in specs if s.key in image.renditions]
    written = []
    try:
        entries = write_renditions(image, open_original(image), specs, written)
    except BaseException:
        delete_files(written)
        raise
    # If the surrounding transaction rolls back, the new files are orphans, not the old ones.
    keep_only_if_committed(written)
    delete_files_after_commit(name for name in old if name not in written)
    image.renditions = {**image.renditions, **entries}


def open_original(image):
    """The stored original, decoded. It was re-encoded by us, so it carries no metadata."""
    with default_storage.open(image.file.name, "rb") as stored:
        data = stored.read()
    with PILImage.open(io.BytesIO(data)) as picture:
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale for a fraction of the work; no
        # rendition is wider than the widest responsive width.
        widest = RENDITION_WIDTHS[-1]
        picture.draft("RGB", (widest, max(1, round(picture.height * widest / picture.width))))
        picture.load()
        return clean_picture(picture)


def missing_renditions(image, *, verify_files=False):
    """The specs this image should have but lacks (or whose crop is for an old focal point)."""
    missing = []
    for spec in rendition_specs(image.width):
        entry = image.renditions.get(spec.key)
        if (
            entry is None
            or (spec.is_crop and entry.get("focal") != [image.focal_x, image.focal_y])
            or (verify_files and not default_storage.exists(entry["name"]))
        ):
            missing.append(spec)
    return missing


def image_fill_missing_renditions(*, image, verify_files=False, dry_run=False):
    """Make the renditions `image` lacks; return their keys (without writing on a dry run)."""
    missing = missing_renditions(image, verify_files=verify_files)
    if missing and not dry_run:
        with files_deleted_unless_committed(), transaction.atomic():
            locked = Image.objects.select_for_update().get(pk=image.pk)
            replace_renditions(locked, missing_renditions(locked, verify_files=verify_files))
            locked.save(update_fields=["renditions"])
        image.renditions = locked.renditions
    return [spec.key for spec in missing]


def image_delete(*, image):
    """Delete the row, then (after commit) its original and every rendition.

    Refused while an article shows the picture: as its lead picture (the foreign key is
    PROTECT: `ProtectedError`) or in its body (`ImageInBodyError`, a `ProtectedError` too).
    """
    names = [image.file.name, *(entry["name"] for entry in image.renditions.values())]
    with transaction.atomic():
        refuse_if_shown_in_bodies(image)
        image.delete()
        delete_files_after_commit(name for name in names if name)
