"""Values kept in the shared cache for every page (newsroom/kept.py): the "most read"
rankings, the home page's pins, the next scheduled update's time. A change that commits while
another worker computes the value must not be undone by that worker's write, at any hour."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ArticleReadCount, HomeSlot, Status
from articles.public import most_read as mr
from articles.public import pins as pins_module
from articles.services.home import home_pin, home_unpin
from articles.services.reads import forget_most_read, hour_of
from articles.services.workflow import article_archive
from newsroom import kept as kept_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads_of():
    def add(article, count):
        return ArticleReadCount.objects.create(
            article=article, hour=hour_of(timezone.now()), count=count
        )

    return add


class Interleaved:
    """The shared cache, with another worker's step run right after one operation."""

    def __init__(self, real, *, after, then):
        self.real, self.after, self.then = real, after, then

    def __getattr__(self, name):
        method = getattr(self.real, name)
        if name not in self.after or self.then is None:
            return method

        def wrapped(*args, **kwargs):
            if name == "set":  # the other worker commits before this one's write lands
                step, self.then = self.then, None
                step()
                return method(*args, **kwargs)
            result = method(*args, **kwargs)
            step, self.then = self.then, None
            step()
            return result

        return wrapped


def headlines():
    return [card.headline for card in mr.most_read_articles()]


def test_a_ranking_computed_across_a_take_down_is_not_kept(
    make_article, reads_of, make_staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    """Worker A misses, sums the counts (X still public), the editor's take-down commits and
    forgets the rankings, then A writes its ranking: X is back for a minute."""
    editor = make_staff_user(role="editor")
    gone = make_article(headline="سيسحب")
    reads_of(gone, 50)

    def take_down():
        with django_capture_on_commit_callbacks(execute=True):
            article_archive(article=gone, actor=editor, reason="قرار قضائي")

    monkeypatch.setattr(kept_module, "cache", Interleaved(cache, after=("set",), then=take_down))
    assert headlines() == ["سيسحب"]  # rendered before the take-down: fine
    monkeypatch.setattr(kept_module, "cache", cache)
    assert Article.objects.get(pk=gone.pk).status == Status.ARCHIVED
    assert "سيسحب" not in headlines()


def test_ranking_one_section_does_not_bring_back_a_forgotten_site_wide_ranking(
    make_article,
    make_section,
    reads_of,
    make_staff_user,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """All the rankings of an hour are one entry, read, extended and written back: a worker
    that read it before a take-down's forget writes the old site-wide ranking back."""
    editor = make_staff_user(role="editor")
    gone = make_article(headline="سيسحب")
    section = make_section()
    reads_of(gone, 50)
    reads_of(make_article(headline="في القسم", section=section), 5)
    assert headlines()[0] == "سيسحب"  # the site-wide ranking is kept

    def take_down():
        with django_capture_on_commit_callbacks(execute=True):
            article_archive(article=gone, actor=editor, reason="قرار قضائي")

    monkeypatch.setattr(
        kept_module, "cache", Interleaved(cache, after=("get", "get_many"), then=take_down)
    )
    mr.most_read_articles(section=section)  # a section page, in another worker
    monkeypatch.setattr(kept_module, "cache", cache)
    assert "سيسحب" not in headlines()


def test_a_forget_near_the_hour_reaches_a_clock_slightly_ahead(make_article, reads_of):
    reads_of(make_article(headline="أ"), 5)
    hour = hour_of(timezone.now())
    ahead = hour + timedelta(hours=1, seconds=1)  # another server's clock, just past the hour
    assert [card.headline for card in mr.most_read_articles(now=ahead)] == ["أ"]
    ArticleReadCount.objects.filter(hour=hour).update(hour=hour + timedelta(hours=1))
    reads_of(make_article(headline="ب"), 50)
    ArticleReadCount.objects.filter(count=50).update(hour=hour + timedelta(hours=1))
    forget_most_read()  # the forgetter's clock, just before the hour
    assert [card.headline for card in mr.most_read_articles(now=ahead)][0] == "ب"


def test_a_kept_ranking_holds_plain_values_under_a_key_naming_its_fields(
    client, make_article, reads_of
):
    """(Prototype fix) No Card is pickled: another release's Card cannot break a page, and a
    release ranking other fields reads another key."""
    reads_of(make_article(headline="مقروء"), 3)
    assert client.get("/").status_code == 200
    generation, rows = cache.get(mr.ranking_key(hour_of(timezone.now()), None))
    assert rows and all(
        type(value) in (int, str, datetime, type(None)) for row in rows for value in row
    )
    assert mr.FIELDS_TAG in mr.ranking_key(hour_of(timezone.now()), None)


def test_an_unpin_during_a_pins_read_is_not_undone(
    make_article, make_staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    editor = make_staff_user(role="editor")
    article = make_article(headline="مثبت")
    pin = home_pin(article=article, slot=HomeSlot.TOP, actor=editor)

    def unpin():
        with django_capture_on_commit_callbacks(execute=True):
            home_unpin(pin=pin, actor=editor)

    monkeypatch.setattr(kept_module, "cache", Interleaved(cache, after=("set",), then=unpin))
    assert [row[2] for row in pins_module.pin_rows()] == [article.pk]  # read before the unpin
    monkeypatch.setattr(kept_module, "cache", cache)
    assert pins_module.pin_rows() == []
