"""Which articles show a library picture in their body, so that deleting it can be refused.

A lead picture is protected by its foreign key (`Article.lead_image`, PROTECT). A body picture
is an `<img>` whose address holds the image's key (articles/images/publication.py), and no
relation records it: one would have to be kept up to date by every path that writes a body
(the content service, revision restore, both importers, the media import's rewrite), and a
path that forgot it would let a picture be deleted from under a published article. The body
itself is the truth, so it is asked directly: the key is a UUID, found in no other picture's
address, so a substring match has no false positives.

The cost is a scan of the article bodies (PostgreSQL cannot use a B-tree index for
`LIKE '%…%'`), paid only when an editor deletes a picture, which is rare and never on a
reader's page.
"""

from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.models import Article


class ImageInBodyError(ProtectedError):
    """The picture is shown in the body of these articles; it may not be deleted."""


def articles_showing_in_body(image):
    """The articles (any status) whose body shows `image`, newest first."""
    return (
        Article.objects.filter(body__contains=str(image.key)).only("pk", "headline").order_by("-pk")
    )


def refuse_if_shown_in_bodies(image):
    articles = list(articles_showing_in_body(image))
    if articles:
        names = pgettext("list separator", ", ").join(
            f"“{article.headline}” ({article.pk})" for article in articles
        )
        raise ImageInBodyError(
            _("This picture is shown in the body of: %(articles)s. Remove it from them first.")
            % {"articles": names},
            articles,
        )
