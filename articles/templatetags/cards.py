"""`{% article_card article %}`: one article card, built in Python.

The home page shows dozens of cards and a section page 20, so a card's cost is multiplied. As
an `{% include %}` (templates/includes/card.html, the reference) a card costs a score of template
lookups, two language tags, a nested include and two date filters; built with `format_html` it
still spent most of its time in Django's lazy `conditional_escape` wrappers and in
`date_format` (docs/decisions/card-html-in-python.md). Here values are escaped with the standard
library's `html.escape` (what Django's `escape` calls underneath), and the pure, repeated parts
(a date's Moroccan text, a headline's number isolation) are remembered per language. The markup is
the one the article page uses (`{% authors_html %}`); tests/articles/public/test_cards.py pins it
to templates/includes/card.html and to a `format_html` reference.
"""

from functools import lru_cache
from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from articles.templatetags.public_pages import isolate_numbers

register = template.Library()

CARD_SIZES = "(min-width: 36rem) 24rem, 100vw"
# The top story spans the page's container (72rem less its padding).
LEAD_CARD_SIZES = "(min-width: 72rem) 70rem, 100vw"
# Between the bylines and the time, as on the article page.
META_SEPARATOR = '<span aria-hidden="true"> · </span>'

CARD = (
    '<article class="card{lead}" lang="{language}" dir="{direction}">\n'
    "  {picture}{kicker}\n"
    '  <h{level} class="card__headline{lead_headline}"><a href="{url}">{headline}</a>'
    "</h{level}>\n"
    # Dates and bylines are in the site's language, whatever the article's.
    '  <p class="meta" lang="{ui_language}" dir="{ui_direction}">\n'
    "    {bylines}\n"
    '    <time datetime="{machine_time}">{human_time}</time>\n'
    "  </p>\n"
    "  {summary}\n"
    "</article>"
)


def html_text(value):
    """`value` ready to go into HTML: escaped unless it is already safe markup."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def machine_time(moment):
    """The `datetime` attribute of <time>: local time with its offset, like the templates."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


@lru_cache(maxsize=4096)
def _human_time(language, stamp, moment):
    # `stamp` (the local time with its offset) is part of the key because aware datetimes
    # compare equal across time zones.
    return date_format(moment, "DATETIME_FORMAT")


def human_time(moment):
    """`moment|date:"DATETIME_FORMAT"` in the active language (Moroccan month names)."""
    return _human_time(get_language(), machine_time(moment), moment)


@lru_cache(maxsize=4096)
def _isolated(text):
    return str(isolate_numbers(text))


def isolated_html(text):
    """`text|isolate_numbers`: escaped, number runs isolated."""
    # Only plain strings are remembered: a SafeString equals the plain string with the same
    # characters, and must not be answered with (or give) the other's escaping.
    return _isolated(text) if type(text) is str else str(isolate_numbers(text))


def bylines_html(article):
    """'A، B and C' with links to each author, in the site's language (prefetched bylines),
    then the separator before the time."""
    authors = article.byline_authors()
    return authors_html(authors) + META_SEPARATOR if authors else ""


@register.simple_tag
def authors_html(authors):
    """The bylines of `authors` (in byline order): the markup of cards and article pages.

    The last two names are joined by the catalogue's pattern, not a word between spaces:
    Arabic writes the conjunction و against the next word ("أ، ب وج").
    """
    if not authors:
        return ""
    links = [
        f'<a href="{escape(author.get_absolute_url())}" rel="author">'
        f"<bdi>{html_text(author.name)}</bdi></a>"
        for author in authors
    ]
    names = links[0]
    if len(links) > 1:
        # Translators: joins bylines: "%(names)s" is one or more names, "%(last)s" the last one.
        pattern = escape(_("%(names)s and %(last)s"))
        names = pattern % {"names": "، ".join(links[:-1]), "last": links[-1]}
    return mark_safe('<span class="bylines">' + names + "</span>")  # noqa: S308


def card_html(article, *, lead=False, show_standfirst=False, level=3):
    published = timezone.localtime(article.publish_at)
    snippet = getattr(article, "snippet", "")
    picture = ""
    if article.lead_image:
        picture = str(
            render_to_string(
                "includes/picture.html",
                {
                    "image": article.lead_image,
                    "sizes": LEAD_CARD_SIZES if lead else CARD_SIZES,
                    "class": "card__image",
                },
            )
        )
    kicker = f'<p class="kicker">{html_text(article.kicker)}</p>' if article.kicker else ""
    if snippet:
        summary = f'<p class="snippet">{html_text(snippet)}</p>'
    elif show_standfirst and article.standfirst:
        summary = f'<p class="standfirst">{isolated_html(article.standfirst)}</p>'
    else:
        summary = ""
    return CARD.format(
        lead=" card--lead" if lead else "",
        language=escape(article.language),
        direction=article.text_direction,
        picture=picture,
        kicker=kicker,
        level=int(level),
        lead_headline=" card__headline--lead" if lead else "",
        url=escape(article.get_absolute_url()),
        headline=isolated_html(article.headline),
        ui_language=escape(get_language()),
        ui_direction="rtl" if get_language_bidi() else "ltr",
        bylines=bylines_html(article),
        machine_time=machine_time(published),
        human_time=escape(human_time(published)),
        summary=summary,
    )


@register.simple_tag
def article_card(article, *, lead=False, show_standfirst=False, level=3):
    return mark_safe(card_html(article, lead=lead, show_standfirst=show_standfirst, level=level))  # noqa: S308
