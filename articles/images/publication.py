"""What the pictures of an article still lack before it may be published.

The publish check of the editorial workflow calls `image_publication_problems(article)` and
refuses the transition while the list is not empty.
"""

import html
import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.models import Image

# Library files are stored under images/originals/<key>.* and images/renditions/<key>/…; a body
# <img> whose address contains such a key shows a library picture.
LIBRARY_KEY_PATTERN = re.compile(
    r"images/(?:originals|renditions)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)
# The body is stored sanitised (nh3 writes attributes double-quoted), so these suffice.
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\b(src|alt)="([^"]*)"', re.IGNORECASE)


def body_image_keys(body):
    return sorted(set(LIBRARY_KEY_PATTERN.findall(body or "")))


def img_attributes(tag):
    """{"src": …, "alt": …} of one <img> tag, entities decoded."""
    return {name.lower(): html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}


def body_pictures(body):
    """(position, library key or None, alt attribute) of each <img> of the body, in order;
    positions count from 1, as an editor counts the pictures on the page."""
    pictures = []
    for position, match in enumerate(IMG_TAG.finditer(body or ""), start=1):
        attributes = img_attributes(match.group(0))
        found = LIBRARY_KEY_PATTERN.search(attributes.get("src", ""))
        pictures.append((position, found.group(1) if found else None, attributes.get("alt", "")))
    return pictures


def image_publication_problems(article):
    """Human-readable problems, one per picture lacking alt text or credit; [] when ready.

    A body picture's alt text may be the library's or its own `alt` attribute (the page shows
    the latter first); its credit is the library's. Each problem names the picture: its place
    in the body, its caption or description, and its number in the library. Costs at most one
    query (for the library pictures used in the body).
    """
    problems = []
    if article.lead_image_id:
        missing = article.lead_image.missing_metadata()
        if missing:
            problems.append(
                _("The lead image needs: %(fields)s.") % {"fields": field_list(missing)}
            )
    pictures = [picture for picture in body_pictures(article.body) if picture[1]]
    if not pictures:
        return problems
    images = {
        str(image.key): image
        for image in Image.objects.filter(key__in={key for _position, key, _alt in pictures})
    }
    for position, key, alt in pictures:
        image = images.get(key)
        if image is None:
            problems.append(
                _(
                    "Picture %(position)s in the body is no longer in the image library: "
                    "remove it or choose another."
                )
                % {"position": position}
            )
            continue
        missing = image.missing_metadata(alt_text=alt)
        if missing:
            problems.append(body_picture_problem(position, image, alt, missing))
    return problems


def field_list(fields):
    return pgettext("list separator", ", ").join(map(str, fields))


def body_picture_problem(position, image, alt, missing):
    values = {
        "position": position,
        "id": image.pk,
        "fields": field_list(missing),
        "name": (image.caption or alt or image.alt_text).strip(),
    }
    if values["name"]:
        return (
            _(
                "Picture %(position)s in the body (“%(name)s”, number %(id)s in the image "
                "library) needs: %(fields)s."
            )
            % values
        )
    return (
        _(
            "Picture %(position)s in the body (number %(id)s in the image library) needs: %(fields)s."
        )
        % values
    )
