"""Article cards: read as rows (articles/public/cards.py) and built in Python
(articles/templatetags/cards.py), each pinned to its plain Django version
(docs/decisions/card-rows.md, docs/decisions/card-html-in-python.md)."""

import io
import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, override
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from articles.images.services import image_create_from_file
from articles.models import Article, Correction
from articles.public.cards import IMAGE_FIELDS, cards_for
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


# --- the speed-ups against their plain Django versions, on varied articles -------------------


@pytest.fixture
def make_picture(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"

    def make(**fields):
        buffer = io.BytesIO()
        PILImage.new("RGB", (640, 480), (30, 120, 200)).save(buffer, "JPEG")
        buffer.seek(0)
        return image_create_from_file(file=buffer, filename="photo.jpg", **fields)

    return make


@pytest.fixture
def varied_articles(make_article, make_author, make_section, make_tag, make_picture):
    """Public articles with and without each piece a card shows, newest first."""
    now = timezone.now()
    section = make_section(name="اقتصاد")
    authors = [make_author(name="سعاد <x>"), make_author(name="Ali & Co"), make_author()]
    full = make_article(
        headline='<i>ميناء</i> طنجة 2025-2026 "المتوسط"',
        kicker="عاجل <b>",
        standfirst="مقدمة 12:30 <script>",
        section=section,
        authors=authors,
        tags=[make_tag(name="موانئ"), make_tag(name="Tanger")],
        lead_image=make_picture(alt_text="ميناء طنجة", caption="الرصيف", credit="وكالة <الصور>"),
        expires_at=now + timedelta(days=3),
        publish_at=now - timedelta(minutes=1),
    )
    Correction.objects.create(article=full, text="تصحيح الاسم")
    french = make_article(
        headline="Le port 1/2",
        language="fr",
        authors=[authors[1], authors[0]],  # the other byline order
        section=section,
        publish_at=now - timedelta(minutes=2),
    )
    no_section = make_article(
        headline="ⵜⴰⵎⴰⵣⵉⵖⵜ",
        language="zgh",
        authors=[],
        lead_image=make_picture(alt_text="", credit=""),
        publish_at=now - timedelta(minutes=3),
    )
    Article.objects.filter(pk=no_section.pk).update(section=None)
    bare = make_article(
        headline="خبر قصير", authors=[authors[2]], publish_at=now - timedelta(minutes=4)
    )
    return [full, french, no_section, bare]


def plain_cards(queryset):
    """The plain Django version of `cards_for`: Article instances with their section and lead
    image joined and their bylines prefetched (`for_listing()` without its ordering)."""
    return list(
        queryset.select_related("section", "lead_image")
        .with_bylines()
        .defer("body", "source", "source_id", "search_text", "search_document")
    )


def newest(articles):
    return Article.objects.filter(pk__in=[a.pk for a in articles]).order_by("-publish_at", "-id")


def image_facts(image):
    if image is None:
        return None
    fields = {name: getattr(image, name) for name in IMAGE_FIELDS}
    return fields | {
        "pk": image.pk,
        "srcset_webp": image.srcset_webp,
        "srcset_jpeg": image.srcset_jpeg,
        "fallback_url": image.fallback_url,
        "share_url": image.share_url,
        "str": str(image),
    }


def section_facts(section):
    if section is None:
        return None
    return (section.pk, section.name, section.slug, section.order, section.get_absolute_url())


def card_facts(card):
    """Everything a card's markup (or a list's cache keys) reads from it."""
    return {
        "pk": card.pk,
        "slug": card.slug,
        "headline": card.headline,
        "kicker": card.kicker,
        "standfirst": card.standfirst,
        "language": card.language,
        "text_direction": card.text_direction,
        "publish_at": card.publish_at,
        "expires_at": card.expires_at,
        "url": card.get_absolute_url(),
        "section": section_facts(card.section),
        "lead_image": image_facts(card.lead_image),
        "authors": [
            (author.pk, author.name, author.slug, author.get_absolute_url())
            for author in card.byline_authors()
        ],
    }


def test_cards_hold_what_article_instances_give_field_by_field(
    varied_articles, django_assert_num_queries
):
    with django_assert_num_queries(2):
        cards = cards_for(newest(varied_articles))
    articles = plain_cards(newest(varied_articles))

    assert [card.pk for card in cards] == [a.pk for a in varied_articles]
    for card, article in zip(cards, articles, strict=True):
        assert card_facts(card) == card_facts(article)
    # Reading every piece of a card costs no query.
    with django_assert_num_queries(0):
        [card_facts(card) for card in cards]
    # The varied data is varied: each missing piece is missing somewhere.
    assert {card.section is None for card in cards} == {True, False}
    assert {card.lead_image is None for card in cards} == {True, False}
    assert {len(card.authors) for card in cards} == {0, 1, 2, 3}


def test_a_card_and_its_article_instance_show_the_same_markup(varied_articles):
    cards = cards_for(newest(varied_articles))
    articles = plain_cards(newest(varied_articles))

    for card, article in zip(cards, articles, strict=True):
        for options in ({}, {"lead": True, "show_standfirst": True}):
            assert card_html(card, **options) == card_html(article, **options)


# The plain version of `{% article_card %}`: the card's markup as a template, included as a
# template would include it, every parameter given.
INCLUDE = Template(
    '{% include "includes/card.html" with article=article lead=lead '
    "show_standfirst=show_standfirst level=level snippet=snippet %}"
)


def included_card(article, *, lead=False, show_standfirst=False, level=3):
    context = {
        "article": article,
        "lead": lead,
        "show_standfirst": show_standfirst,
        "level": level,
        "snippet": getattr(article, "snippet", ""),
    }
    return INCLUDE.render(Context(context)).removesuffix("\n")


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize(
    "options",
    [{}, {"lead": True, "show_standfirst": True}, {"level": 2, "show_standfirst": True}],
)
def test_the_python_built_card_is_the_template_includes_markup(varied_articles, language, options):
    cards = cards_for(newest(varied_articles))
    articles = Article.objects.for_listing().filter(pk__in=[a.pk for a in varied_articles])

    with override(language):
        for shown in [*cards, *articles]:
            assert card_html(shown, **options) == included_card(shown, **options)
            shown.snippet = "مقتطف <b>من</b> النص 2026"
            assert card_html(shown, **options) == included_card(shown, **options)
