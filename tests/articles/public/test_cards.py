"""Article cards built in Python (articles/templatetags/cards.py)."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from articles.models import Article
from articles.templatetags.cards import CARD_SIZES, LEAD_CARD_SIZES, card_html
from articles.templatetags.public_pages import isolate_numbers


def test_card_escapes_headline_and_links_every_author_in_order(make_article, make_author):
    first, second, third = make_author(name="سعاد"), make_author(name="<b>علي</b>"), make_author()
    article = make_article(headline="<script>x</script> 2025-2026", authors=[first, second, third])

    html = card_html(article, level=2)

    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<bdi dir="ltr">2025-2026</bdi>' in html
    assert "&lt;b&gt;علي&lt;/b&gt;" in html
    assert html.index(first.get_absolute_url()) < html.index(third.get_absolute_url())
    assert "، " in html
    assert f'<h2 class="card__headline"><a href="{article.get_absolute_url()}">' in html


def test_lead_card_shows_the_standfirst_and_search_card_the_snippet(make_article):
    article = make_article(standfirst="مقدمة المقال")
    assert "مقدمة المقال" in card_html(article, lead=True, show_standfirst=True)
    assert "card--lead" in card_html(article, lead=True)
    assert "مقدمة المقال" not in card_html(article)
    article.snippet = "مقتطف"
    html = card_html(article, show_standfirst=True)
    assert '<p class="snippet">مقتطف</p>' in html
    assert "مقدمة المقال" not in html


# The card as it was built with format_html before it was made cheaper: the reference the fast
# builder must match character for character.
def reference_machine_time(moment):
    """The `datetime` attribute of <time>: local time with its offset, like the templates."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


def reference_bylines_html(article):
    """'A، B and C' with links to each author, in the site's language (prefetched bylines)."""
    bylines = list(article.bylines.all())
    if not bylines:
        return ""
    links = [
        format_html(
            '<a href="{}" rel="author"><bdi>{}</bdi></a>',
            byline.author.get_absolute_url(),
            byline.author.name,
        )
        for byline in bylines
    ]
    names = links[0]
    if len(links) > 1:
        names = format_html(
            _("%(names)s and %(last)s")
            .replace("%(names)s", "{names}")
            .replace("%(last)s", "{last}"),
            names=format_html_join("، ", "{}", ((link,) for link in links[:-1])),
            last=links[-1],
        )
    return format_html('<span class="bylines">{}</span><span aria-hidden="true"> · </span>', names)


def reference_card_html(article, *, lead=False, show_standfirst=False, level=3):
    published = timezone.localtime(article.publish_at)
    snippet = getattr(article, "snippet", "")
    picture = ""
    if article.lead_image:
        picture = render_to_string(
            "includes/picture.html",
            {
                "image": article.lead_image,
                "sizes": LEAD_CARD_SIZES if lead else CARD_SIZES,
                "class": "card__image",
            },
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
        bylines=reference_bylines_html(article),
        machine_time=reference_machine_time(published),
        human_time=date_format(published, "DATETIME_FORMAT"),
        summary=summary,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"headline": '<i>عنوان</i> & 2025-2026 "مقتبس"', "kicker": "عاجل <b>"},
        {"standfirst": "مقدمة 12:30 <script>", "language": "fr", "headline": "Titre 1/2"},
        {"language": "zgh", "headline": "ⵜⴰⵎⴰⵣⵉⵖⵜ"},
    ],
)
@pytest.mark.parametrize(
    "options",
    [{}, {"lead": True, "show_standfirst": True}, {"level": 2, "show_standfirst": True}],
)
def test_card_is_the_same_markup_as_the_format_html_reference(
    make_article, make_author, fields, options
):
    authors = [make_author(name="سعاد <x>"), make_author(name="Ali & Co"), make_author()]
    article = make_article(authors=authors, **fields)
    article = Article.objects.for_listing().get(pk=article.pk)

    assert card_html(article, **options) == reference_card_html(article, **options)
    article.snippet = "مقتطف <b>من</b> النص"
    assert card_html(article, **options) == reference_card_html(article, **options)


def test_a_safe_string_headline_is_not_answered_from_the_plain_strings_memory(make_article):
    plain = make_article(headline="<b>عنوان</b>")
    assert "&lt;b&gt;" in card_html(plain)
    plain.headline = mark_safe("<b>عنوان</b>")
    assert "<b>عنوان</b>" in card_html(plain)
    plain.headline = "<b>عنوان</b>"
    assert "&lt;b&gt;" in card_html(plain)


def test_the_conjunction_is_written_against_the_last_name_and_the_time_set_apart(
    make_article, make_author
):
    article = make_article(authors=[make_author(name="سعاد"), make_author(name="Brahim")])

    html = card_html(Article.objects.for_listing().get(pk=article.pk))

    # Arabic writes و against the next word: "سعاد وBrahim", each name isolated.
    assert re.search(r"<bdi>سعاد</bdi></a> و<a href=\"[^\"]+\" rel=\"author\"><bdi>Brahim", html)
    assert '</span><span aria-hidden="true"> · </span>\n    <time' in html


def test_a_card_without_bylines_has_no_separator(make_article):
    article = make_article(authors=[])
    assert "·" not in card_html(Article.objects.for_listing().get(pk=article.pk))
