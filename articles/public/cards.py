"""What an article card shows, read without building an Article per card.

A home page shows dozens of cards. Loading them as Article instances with `select_related` and
a bylines prefetch builds a model instance and prefetch querysets per card; reading the same
columns as rows and the bylines as (article, name, slug) rows costs a fraction of that
(docs/decisions/card-rows.md). `Card` answers the questions `card_html` asks of an Article
(articles/templatetags/cards.py), so both can be shown with the same markup;
tests/articles/public/test_cards.py pins the cards to Article instances field by field.
"""

from dataclasses import dataclass, field
from datetime import datetime

from articles.models import Byline, Image, Section
from articles.models.article import RTL_LANGUAGES
from authors.models import Author
from newsroom.paths import public_path

CARD_COLUMNS = (
    "pk",
    "slug",
    "headline",
    "kicker",
    "standfirst",
    "language",
    "publish_at",
    "expires_at",
    "lead_image_id",
    "section_id",
    "section__name",
    "section__slug",
    "section__order",
)
# A card's picture is drawn from the lead image's row and its renditions manifest, read in the
# same query: pictures cost no query of their own (tests/articles/images/test_markup.py).
IMAGE_FIELDS = (
    "id",
    "key",
    "file",
    "width",
    "height",
    "alt_text",
    "caption",
    "credit",
    "focal_x",
    "focal_y",
    "renditions",
)
IMAGE_COLUMNS = tuple(f"lead_image__{name}" for name in IMAGE_FIELDS)


@dataclass(slots=True)
class Card:
    pk: int
    slug: str
    headline: str
    kicker: str
    standfirst: str
    language: str
    publish_at: datetime
    section: Section | None = None
    lead_image: Image | None = None
    authors: list = field(default_factory=list)
    snippet: str = ""
    # When the card's article leaves the site: no cache keeps a list showing it past then.
    expires_at: datetime | None = None

    @property
    def text_direction(self):
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    def get_absolute_url(self):
        return public_path("articles:detail", pk=self.pk, slug=self.slug)

    def byline_authors(self):
        return self.authors


def cards_for(articles):
    """The cards of `articles` (a queryset of Articles), in the queryset's order.

    Two queries: the rows (with their sections and lead images) and their bylines.
    """
    cards, sections = [], {}
    for row in articles.values(*CARD_COLUMNS, *IMAGE_COLUMNS):
        section = None
        if row["section_id"] is not None:
            section = sections.get(row["section_id"])
            if section is None:
                section = sections[row["section_id"]] = Section(
                    id=row["section_id"],
                    name=row["section__name"],
                    slug=row["section__slug"],
                    order=row["section__order"],
                )
        lead_image = None
        if row["lead_image_id"] is not None:
            lead_image = Image(**{name: row[f"lead_image__{name}"] for name in IMAGE_FIELDS})
        cards.append(
            Card(
                pk=row["pk"],
                slug=row["slug"],
                headline=row["headline"],
                kicker=row["kicker"],
                standfirst=row["standfirst"],
                language=row["language"],
                publish_at=row["publish_at"],
                expires_at=row["expires_at"],
                section=section,
                lead_image=lead_image,
            )
        )
    if not cards:
        return cards
    by_pk = {card.pk: card for card in cards}
    bylines = (
        Byline.objects.filter(article_id__in=by_pk)
        .order_by("position", "id")
        .values_list("article_id", "author_id", "author__name", "author__slug")
    )
    for article_id, author_id, name, slug in bylines:
        by_pk[article_id].authors.append(Author(id=author_id, name=name, slug=slug))
    return cards
