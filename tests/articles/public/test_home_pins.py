"""The curated home page (articles/public/views.py `home_page_articles`): pinned places show
their pins while the pin's time and the article's publicity allow, the rest fill by time, no
pinned article shows twice, the page is cached no longer than the next pin change, and the
pins cost one query however many there are."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, HomePin, HomeSlot, Status
from articles.public.views import HOME_LATEST_COUNT, home_page_articles
from articles.services.home import home_pin


@pytest.fixture
def pin(staff):
    """`pin(article, slot, position=1, **times)` through the service, as an editor."""

    def pin(article, slot, position=1, **times):
        return home_pin(
            article=article, slot=slot, position=position, actor=staff["editor"], **times
        )

    return pin


def home():
    return home_page_articles(Article.objects.published())


def region(html, css_class):
    return html.split(f'class="{css_class}"', 1)[1].split("</section>", 1)[0]


def test_a_pinned_top_story_leads_however_old(client, make_article, pin):
    old = make_article(headline="قصة قديمة مثبتة", publish_at=timezone.now() - timedelta(days=30))
    make_article(headline="قصة مميزة أحدث", is_featured=True)
    pin(old, HomeSlot.TOP)
    html = client.get("/").content.decode()
    assert "قصة قديمة مثبتة" in region(html, "top-story")
    assert "قصة مميزة أحدث" not in region(html, "top-story")


def test_band_pins_take_their_places_and_time_fills_the_rest(make_article, pin):
    articles = [make_article(publish_at=timezone.now() - timedelta(minutes=n)) for n in range(12)]
    old = make_article(publish_at=timezone.now() - timedelta(days=3))
    pin(old, HomeSlot.BAND, position=3)
    shown = home()
    band = [card.pk for card in shown["latest_articles"]]
    assert len(band) == HOME_LATEST_COUNT
    assert band[2] == old.pk
    # The newest is the top story; the band is the next ones by time around the pin.
    assert shown["top_story"].pk == articles[0].pk
    assert band[:2] + band[3:] == [article.pk for article in articles[1:8]]


def test_a_section_pin_leads_its_block(make_article, make_section, pin):
    section = make_section()
    newer = [make_article(section=section) for _ in range(3)]
    lead = make_article(section=section, publish_at=timezone.now() - timedelta(days=9))
    pin(lead, HomeSlot.SECTION)
    blocks = dict(home()["section_blocks"])
    assert [card.pk for card in blocks[section]][0] == lead.pk
    assert {card.pk for card in blocks[section]} == {lead.pk, *(a.pk for a in newer)}


@pytest.mark.parametrize(
    ("starts", "ends", "shown"),
    [
        (None, None, True),
        (-60, 60, True),
        (60, None, False),  # not started
        (None, -60, False),  # ended
        (-120, -60, False),
    ],
)
def test_a_pin_shows_only_within_its_times(starts, ends, shown, make_article, staff):
    article = make_article(publish_at=timezone.now() - timedelta(days=5))
    make_article()  # the newest: the top story by time
    pin = home_pin(article=article, slot=HomeSlot.TOP, actor=staff["editor"])
    now = timezone.now()
    HomePin.objects.filter(pk=pin.pk).update(
        starts_at=now + timedelta(minutes=starts) if starts is not None else None,
        ends_at=now + timedelta(minutes=ends) if ends is not None else None,
    )
    assert (home()["top_story"].pk == article.pk) is shown


@pytest.mark.parametrize(
    "not_public",
    [
        {"status": Status.DRAFT},
        {"status": Status.ARCHIVED},
        {"expires_at": "past"},
        {"status": Status.SCHEDULED, "publish_at": "future"},
    ],
)
def test_a_pinned_article_readers_may_not_see_is_skipped(not_public, make_article, pin):
    newest = make_article(headline="الأحدث")
    pinned = make_article(headline="مثبت غير منشور")
    pin(pinned, HomeSlot.TOP)
    pin(pinned, HomeSlot.BAND, position=1)
    now = timezone.now()
    values = {
        name: {"past": now - timedelta(minutes=1), "future": now + timedelta(hours=1)}.get(
            value, value
        )
        for name, value in not_public.items()
    }
    if "expires_at" in values:
        values["publish_at"] = now - timedelta(hours=1)
    Article.objects.filter(pk=pinned.pk).update(**values)
    shown = home()
    assert shown["top_story"].pk == newest.pk
    assert pinned.pk not in [card.pk for card in shown["latest_articles"]]


def test_a_pinned_article_taken_down_after_the_pins_were_read_leaves_its_place(make_article, pin):
    pinned, banded = make_article(headline="مثبت"), make_article(headline="في الشريط")
    newest = make_article(headline="الأحدث")
    pin(pinned, HomeSlot.TOP)
    pin(banded, HomeSlot.BAND, position=2)
    assert home()["top_story"].pk == pinned.pk  # the pins are in the shared cache now
    Article.objects.filter(pk=pinned.pk).update(status=Status.ARCHIVED)
    shown = home()
    # The card query tells the pinned article is gone: the places are chosen again.
    assert shown["top_story"].pk == newest.pk
    # No other article to fill the band's first place: the band pin alone.
    assert [card.pk for card in shown["latest_articles"]] == [banded.pk]


def test_a_pinned_article_shows_once(client, make_article, pin):
    article = make_article(headline="مثبت في مكانين")
    for _ in range(5):
        make_article(publish_at=timezone.now() - timedelta(hours=2))
    pin(article, HomeSlot.BAND, position=4)
    pin(article, HomeSlot.SECTION)
    shown = home()
    # The newest article, pinned to the band, is not the top story by time too.
    assert shown["top_story"].pk != article.pk
    assert [card.pk for card in shown["latest_articles"]].count(article.pk) == 1
    assert all(article.pk not in [c.pk for c in cards] for _s, cards in shown["section_blocks"])
    html = client.get("/").content.decode()
    assert len(re.findall(rf'href="{re.escape(article.get_absolute_url())}"', html)) == 1


def test_the_newest_pin_wins_a_shared_place(make_article, pin):
    first, second = make_article(), make_article()
    pin(first, HomeSlot.TOP)
    pin(second, HomeSlot.TOP)
    shown = home()
    assert shown["top_story"].pk == second.pk
    # The older pin's article is not lost: it fills by time like any other.
    assert first.pk in [card.pk for card in shown["latest_articles"]]


def max_age(response):
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


def test_the_home_page_is_cached_no_longer_than_a_pins_end(page_cache_on, client, make_article):
    article = make_article()
    assert max_age(client.get("/")) == 30
    HomePin.objects.create(
        article=article, slot=HomeSlot.TOP, ends_at=timezone.now() + timedelta(seconds=12)
    )
    cache.clear()
    assert max_age(client.get("/")) <= 12


def test_the_home_page_is_cached_no_longer_than_a_pins_start(page_cache_on, client, make_article):
    article = make_article()
    HomePin.objects.create(
        article=article, slot=HomeSlot.TOP, starts_at=timezone.now() + timedelta(seconds=12)
    )
    assert max_age(client.get("/")) <= 12


@pytest.mark.parametrize("count", [0, 1, 10])
def test_pins_cost_no_query_once_read_however_many(
    count, make_article, make_section, pin, client, site_settings, django_assert_num_queries
):
    sections = [make_section() for _ in range(4)]
    articles = [make_article(section=sections[n % 4]) for n in range(12)]
    for n, article in enumerate(articles[:count]):
        if n == 0:
            pin(article, HomeSlot.TOP)
        elif n <= HOME_LATEST_COUNT:
            pin(article, HomeSlot.BAND, position=n)
        else:
            pin(article, HomeSlot.SECTION)
    client.get("/")  # the site settings, the menu and the pins, cached from now on
    # The window, the cards and their bylines: no query for the pins (kept in the shared
    # cache), nor for "most read" (no reads: an empty ranking) or the next scheduled update.
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200


def test_the_breaking_label_shows_only_until_its_end(client, make_article):
    now = timezone.now()
    live = make_article(headline="عاجل قائم", is_breaking=True, breaking_until=now + timedelta(1))
    ended = make_article(
        headline="عاجل منته", is_breaking=True, breaking_until=now - timedelta(minutes=1)
    )
    html = client.get("/").content.decode()
    ticker = region(html, "breaking")
    assert live.headline in ticker and ended.headline not in ticker
    assert 'class="breaking-label"' in client.get(live.get_absolute_url()).content.decode()
    assert 'class="breaking-label"' not in client.get(ended.get_absolute_url()).content.decode()


def test_no_breaking_ticker_once_every_label_ended(client, make_article):
    make_article(is_breaking=True, breaking_until=timezone.now() - timedelta(seconds=1))
    assert 'class="breaking"' not in client.get("/").content.decode()


def test_the_pages_are_cached_no_longer_than_a_breaking_label(page_cache_on, client, make_article):
    article = make_article(is_breaking=True, breaking_until=timezone.now() + timedelta(seconds=15))
    assert max_age(client.get("/")) <= 15
    assert max_age(client.get(article.get_absolute_url())) <= 15


def test_two_hidden_pins_on_the_top_place_leave_a_top_story(make_article, staff):
    """An old open-ended top pin whose article was taken down, covered by a newer top pin
    with an end on an article scheduled for later: neither is public, the top story fills by
    time."""
    newest = make_article(headline="الأحدث")
    old = make_article(headline="قديم مسحوب")
    home_pin(article=old, slot=HomeSlot.TOP, actor=staff["editor"])
    Article.objects.filter(pk=old.pk).update(status=Status.ARCHIVED)
    later = make_article(
        headline="مبرمج", status=Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1)
    )
    home_pin(
        article=later,
        slot=HomeSlot.TOP,
        actor=staff["editor"],
        ends_at=timezone.now() + timedelta(hours=3),
    )
    shown = home()
    assert shown["top_story"] is not None
    assert shown["top_story"].pk == newest.pk
