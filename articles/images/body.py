"""Library pictures inside an article body, served as responsive <picture> elements.

The body is stored sanitised, with plain `<img src=… alt=…>` tags. When a tag points at a file
of the library (its address contains the image's key), it is replaced at display time by the
same <picture> markup as the lead image, loaded lazily. One query fetches every library picture
of the body; other images are left as they are.

A gallery is stored as `<figure class="gallery">` holding one `<figure>` per picture (the
WordPress importer's `[gallery]` and the editor's gallery button write the same markup). Its
pictures get renditions sized for a gallery's thumbnails, and the group becomes a labelled,
focusable region, which the page's CSS shows as a swipeable strip on a phone and a grid on a
wider screen (docs/public-site.md#galleries).
"""

import re

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.images.publication import (
    IMG_TAG,
    LIBRARY_KEY_PATTERN,
    body_image_keys,
    img_attributes,
)
from articles.models import Image

BODY_SIZES = "(min-width: 44rem) 42rem, 100vw"
# A gallery shows 85% of the column on a phone (the next picture peeks in) and two columns of
# the 42rem measure from 44rem up (static/css/site.css, "Galleries").
GALLERY_SIZES = "(min-width: 44rem) 21rem, 85vw"
# The sanitiser writes the group exactly so; its pictures are <figure>s holding no <figure>.
# A picture's content stops at its own </figure> and the pictures are taken possessively: with
# `.*?` and backtracking, a group holding anything else (a paragraph) took time doubling with
# each picture before failing (22 pictures: 3.4 s; 30: minutes).
GALLERY = re.compile(
    r'<figure class="gallery">(?:\s*<figure\b[^>]*>(?:(?!</figure>).)*</figure>)*+\s*</figure>',
    re.IGNORECASE | re.DOTALL,
)
GALLERY_OPENING = '<figure class="gallery">'


def gallery_spans(body):
    """(start, end) of each gallery of the body."""
    return [match.span() for match in GALLERY.finditer(body)]


def body_with_pictures(body):
    """The (already sanitised) body HTML with library <img> tags turned into <picture>s and
    each gallery made a labelled region."""
    body = body or ""
    keys = body_image_keys(body)
    galleries = gallery_spans(body)
    if not keys and not galleries:
        return mark_safe(body)  # sanitised before it was stored
    images = {str(image.key): image for image in Image.objects.filter(key__in=keys)} if keys else {}

    def replace(match):
        attributes = img_attributes(match.group(0))
        found = LIBRARY_KEY_PATTERN.search(attributes.get("src", ""))
        image = images.get(found.group(1)) if found else None
        if image is None:
            return match.group(0)
        in_gallery = any(start <= match.start() < end for start, end in galleries)
        return render_to_string(
            "includes/picture.html",
            {
                "image": image,
                "sizes": GALLERY_SIZES if in_gallery else BODY_SIZES,
                "alt": attributes.get("alt") or image.alt_text,
            },
        ).strip()

    shown = IMG_TAG.sub(replace, body) if images else body
    if galleries:
        # A region a keyboard can reach and scroll (the strip scrolls sideways on a phone),
        # named for screen readers.
        shown = shown.replace(
            GALLERY_OPENING,
            format_html(
                '<figure class="gallery" role="region" tabindex="0" aria-label="{}">',
                gettext("Photo gallery"),
            ),
        )
    return mark_safe(shown)  # only our own markup is added
