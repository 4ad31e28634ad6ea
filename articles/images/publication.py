"""What the pictures of an article still lack before it may be published.

The publish check of the editorial workflow calls `image_publication_problems(article)` and
refuses the transition while the list is not empty.

Every picture needs alternative text and a credit. A library picture has both in the library
(a body `alt` may stand in for its alt text). A picture from another site (hot-linked: its
address holds no library key) has no library row: its alt text is its `alt` attribute and its
credit is the caption of the <figure> around it, where readers see who the picture belongs to
(the editor writes "caption (Photo: credit)" there for library pictures too).
"""

import html
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
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
FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.IGNORECASE | re.DOTALL)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")

# Zero-width and bidi marks: text made only of these shows nothing.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


class BodyPicture(NamedTuple):
    position: int  # from 1, as an editor counts the pictures on the page
    key: str | None  # the library key, None for a picture from another site
    alt: str
    src: str
    caption: str  # the text of the caption of the <figure> around it, if any


def body_image_keys(body):
    return sorted(set(LIBRARY_KEY_PATTERN.findall(body or "")))


def img_attributes(tag):
    """{"src": …, "alt": …} of one <img> tag, entities decoded."""
    return {name.lower(): html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}


def caption_text(figure_html):
    found = FIGCAPTION.search(figure_html)
    return html.unescape(TAG.sub("", found.group(1))).strip() if found else ""


def _library_hosts():
    """The hosts of the library's addresses: none (relative), MEDIA_URL's, the storage's own."""
    from django.core.files.storage import default_storage

    return {"", urlsplit(settings.MEDIA_URL).netloc, urlsplit(default_storage.url("x")).netloc}


def body_pictures(body):
    """A `BodyPicture` for each <img> of the body, in order."""
    body = body or ""
    library_hosts = _library_hosts()
    figures = [(m.start(), m.end(), caption_text(m.group(0))) for m in FIGURE.finditer(body)]
    pictures = []
    for position, match in enumerate(IMG_TAG.finditer(body), start=1):
        attributes = img_attributes(match.group(0))
        src = attributes.get("src", "")
        # A library key counts only where the library serves it: another site's copy of the
        # same path would borrow the library picture's alt text and credit.
        found = urlsplit(src).netloc in library_hosts and LIBRARY_KEY_PATTERN.search(src)
        caption = next((text for start, end, text in figures if start <= match.start() < end), "")
        pictures.append(
            BodyPicture(
                position=position,
                key=found.group(1) if found else None,
                alt=attributes.get("alt", ""),
                src=src,
                caption=caption,
            )
        )
    return pictures


def image_publication_problems(article):
    """Human-readable problems, one per picture lacking alt text or credit; [] when ready.

    A body picture's alt text may be the library's or its own `alt` attribute (the page shows
    the latter first); its credit is the library's. A picture from another site needs its own
    `alt` and a caption (its credit). Each problem names the picture: its place in the body, its
    caption or description, and its number in the library or its site. Costs at most one query
    (for the library pictures used in the body).
    """
    problems = []
    if article.lead_image_id:
        missing = article.lead_image.missing_metadata()
        if missing:
            problems.append(
                _("The lead image needs: %(fields)s.") % {"fields": field_list(missing)}
            )
    pictures = body_pictures(article.body)
    keys = {picture.key for picture in pictures if picture.key}
    images = {str(image.key): image for image in Image.objects.filter(key__in=keys)} if keys else {}
    for picture in pictures:
        position, key, alt = picture.position, picture.key, picture.alt
        if key is None:
            missing = hotlinked_missing_metadata(picture)
            if missing:
                problems.append(hotlinked_picture_problem(picture, missing))
            continue
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


def hotlinked_picture_count(body):
    """How many <img> of `body` show a picture from another site (not the library)."""
    return sum(1 for picture in body_pictures(body) if picture.key is None)


def visible(text):
    """Whether `text` shows anything: zero-width and bidi marks alone are no alt text or credit."""
    return bool(INVISIBLE.sub("", text or "").strip())


def hotlinked_missing_metadata(picture):
    """What a picture from another site lacks: the same fields as a library picture's."""
    missing = []
    if not visible(picture.alt):
        missing.append(_("alternative text"))
    if not visible(picture.caption):
        missing.append(_("credit"))
    return missing


def hotlinked_picture_problem(picture, missing):
    return _(
        "Picture %(position)s in the body (from %(host)s) needs: %(fields)s. A picture from "
        "another site carries its credit in its caption."
    ) % {
        "position": picture.position,
        "host": urlsplit(picture.src).netloc or picture.src[:80],
        "fields": field_list(missing),
    }


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
