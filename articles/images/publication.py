"""What the pictures of an article still lack before it may be published.

The publish check of the editorial workflow calls `image_publication_problems(article)` and
refuses the transition while the list is not empty.
"""

import re

from django.utils.translation import gettext as _

from articles.models import Image

# Library files are stored under images/originals/<key>.* and images/renditions/<key>/…; a body
# <img> whose address contains such a key shows a library picture.
LIBRARY_KEY_PATTERN = re.compile(
    r"images/(?:originals|renditions)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)


def body_image_keys(body):
    return sorted(set(LIBRARY_KEY_PATTERN.findall(body or "")))


def image_publication_problems(article):
    """Human-readable problems, one per picture lacking alt text or credit; [] when ready.

    Costs at most one query (for library pictures used in the body).
    """
    problems = []
    if article.lead_image_id:
        missing = article.lead_image.missing_metadata()
        if missing:
            problems.append(
                _("The lead image needs: %(fields)s.") % {"fields": ", ".join(map(str, missing))}
            )
    keys = body_image_keys(article.body)
    if keys:
        for image in Image.objects.filter(key__in=keys).order_by("pk"):
            missing = image.missing_metadata()
            if missing:
                problems.append(
                    _("The image %(image)s in the body needs: %(fields)s.")
                    % {"image": image.pk, "fields": ", ".join(map(str, missing))}
                )
    return problems
