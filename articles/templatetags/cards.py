"""`{% article_card article %}`: one article card, built in Python.

The home page shows ~57 cards and a section page 20. As an `{% include %}`, each card cost
~25 template variable lookups, two language tags, a nested byline include and two date
filters: about two thirds of the home page's time (profiled at 100,000 articles, see
bench/REPORT-perf.md). Built here with `format_html`, which escapes every value, a card costs
a tenth of that. The markup is the one `includes/bylines.html` and the article page use;
tests/articles/test_cards.py pins it. Pictures still go through `includes/picture.html`.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from articles.templatetags.public_pages import isolate_numbers

register = template.Library()

CARD_SIZES = "(min-width: 36rem) 24rem, 100vw"


def machine_time(moment):
    """The `datetime` attribute of <time>: local time with its offset, like the templates."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


def bylines_html(article):
    """'A، B and C' with links to each author, in the site's language (prefetched bylines)."""
    bylines = list(article.bylines.all())
    if not bylines:
        return ""
    parts = []
    for index, byline in enumerate(bylines):
        if index:
            parts.append(" " + _("and") + " " if index == len(bylines) - 1 else "، ")
        parts.append(
            format_html(
                '<a href="{}" rel="author"><bdi>{}</bdi></a>',
                byline.author.get_absolute_url(),
                byline.author.name,
            )
        )
    return format_html(
        '<span class="bylines">{}</span>', format_html_join("", "{}", ((p,) for p in parts))
    )


def card_html(article, *, lead=False, show_standfirst=False, level=3):
    published = timezone.localtime(article.publish_at)
    snippet = getattr(article, "snippet", "")
    picture = ""
    if article.lead_image:
        picture = render_to_string(
            "includes/picture.html",
            {"image": article.lead_image, "sizes": CARD_SIZES, "class": "card__image"},
        )
    kicker = format_html('<p class="kicker">{}</p>', article.kicker) if article.kicker else ""
    if snippet:
        summary = format_html('<p class="snippet">{}</p>', snippet)
    elif show_standfirst and article.standfirst:
        summary = format_html('<p class="standfirst">{}</p>', isolate_numbers(article.standfirst))
    else:
        summary = ""
    return format_html(
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
        "</article>",
        lead=" card--lead" if lead else "",
        language=article.language,
        direction=article.text_direction,
        picture=picture,
        kicker=kicker,
        level=int(level),
        lead_headline=" card__headline--lead" if lead else "",
        url=article.get_absolute_url(),
        headline=isolate_numbers(article.headline),
        ui_language=get_language(),
        ui_direction="rtl" if get_language_bidi() else "ltr",
        bylines=bylines_html(article),
        machine_time=machine_time(published),
        human_time=date_format(published, "DATETIME_FORMAT"),
        summary=summary,
    )


@register.simple_tag
def article_card(article, *, lead=False, show_standfirst=False, level=3):
    return mark_safe(card_html(article, lead=lead, show_standfirst=show_standfirst, level=level))  # noqa: S308
