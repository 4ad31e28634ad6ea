"""Library pictures inside an article body, served as responsive <picture> elements.

The body is stored sanitised, with plain `<img src=… alt=…>` tags. When a tag points at a file
of the library (its address contains the image's key), it is replaced at display time by the
same <picture> markup as the lead image, loaded lazily. One query fetches every library picture
of the body; other images are left as they are.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.images.publication import (
    IMG_TAG,
    LIBRARY_KEY_PATTERN,
    body_image_keys,
    img_attributes,
)
from articles.models import Image

BODY_SIZES = "(min-width: 44rem) 42rem, 100vw"


def body_with_pictures(body):
    """The (already sanitised) body HTML with library <img> tags turned into <picture>s."""
    keys = body_image_keys(body)
    if not keys:
        return mark_safe(body)  # sanitised before it was stored
    images = {str(image.key): image for image in Image.objects.filter(key__in=keys)}

    def replace(match):
        attributes = img_attributes(match.group(0))
        found = LIBRARY_KEY_PATTERN.search(attributes.get("src", ""))
        image = images.get(found.group(1)) if found else None
        if image is None:
            return match.group(0)
        return render_to_string(
            "includes/picture.html",
            {"image": image, "sizes": BODY_SIZES, "alt": attributes.get("alt") or image.alt_text},
        ).strip()

    return mark_safe(IMG_TAG.sub(replace, body))  # only our own markup is added
