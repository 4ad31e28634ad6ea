"""Author photos pass the image library's gate (articles/images/validation.py).

A photo is judged by decoding it, never by its name: JPEG, PNG, WebP (and AVIF where Pillow
reads it) are accepted whatever the file is called, and a JPEG named `.pdf` is stored as
`.jpg`. What is stored is a fresh encode of the decoded picture, so nothing the camera or phone
wrote (GPS position, model, serial number, XMP, comments) and nothing appended to the file
survives, under a random name: the uploader's file name (often a person's name) is not kept.
"""

import uuid

from django.core.files.base import ContentFile

# Portraits are shown small: the stored copy is at most this many pixels on its longer side.
PHOTO_MAX_SIDE = 1200


def author_photo_clean(*, file):
    """The file to store for the uploaded `file`, or ImageRejectedError saying what is wrong."""
    # Imported here, not at module level: articles imports authors at import time, and this
    # app must not import articles' image package back then (no new import cycle, issue 17).
    from articles.images.renditions import encode_original
    from articles.images.validation import validate_upload

    decoded = validate_upload(file)
    picture = decoded.picture
    if max(picture.size) > PHOTO_MAX_SIDE:
        picture = picture.copy()
        picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        picture.info = {}
    body, extension = encode_original(picture, decoded.source_format)
    return ContentFile(body, name=f"{uuid.uuid4().hex}.{extension}")
