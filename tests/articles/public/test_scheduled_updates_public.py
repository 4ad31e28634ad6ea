"""A scheduled update reaches readers at its time with no process run: the article page
applies it, and no cache keeps the page past the update's time."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article, Revision, ScheduledUpdate, ScheduledUpdateState
from articles.services.scheduled_updates import (
    NEXT_UPDATE_CACHE_KEY,
    next_update_time,
    scheduled_update_cancel,
    scheduled_update_create,
    scheduled_update_edit,
)
from newsroom.http import page_cache


def prepare(article, editor, *, seconds, headline="العنوان بعد التحديث"):
    now = timezone.now()
    return scheduled_update_create(
        article=article,
        actor=editor,
        changes={"headline": headline},
        go_live_at=now + timedelta(seconds=seconds),
        now=now,
    )


def make_due(update):
    """As if its time had come: the row's time moved to the past. Moved behind the service's
    back, so the pages' kept time of the next update is forgotten too (when time passes, the
    kept time simply comes)."""
    ScheduledUpdate.objects.filter(pk=update.pk).update(
        go_live_at=timezone.now() - timedelta(seconds=1)
    )
    cache.delete(NEXT_UPDATE_CACHE_KEY)


@pytest.fixture
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PAGE_WAIT_SECONDS = 0.1
    cache.clear()
    yield settings
    cache.clear()


def test_a_reader_request_applies_a_due_update_with_no_process_run(client, staff, make_article):
    article = make_article(headline="العنوان قبل التحديث")
    update = prepare(article, staff["editor"], seconds=600)
    assert "العنوان قبل التحديث" in client.get(article.get_absolute_url()).content.decode()
    make_due(update)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "العنوان بعد التحديث" in page and "العنوان قبل التحديث" not in page
    assert ScheduledUpdate.objects.get(pk=update.pk).state == ScheduledUpdateState.APPLIED
    # A second reader finds it applied: no second write.
    client.get(article.get_absolute_url())
    assert Article.objects.get(pk=article.pk).version == 2
    assert Revision.objects.filter(article=article).count() == 1


def test_an_update_changing_the_slug_sends_readers_to_the_new_address(client, staff, make_article):
    article = make_article(slug="القديم")
    now = timezone.now()
    update = scheduled_update_create(
        article=article,
        actor=staff["editor"],
        changes={"slug": "الجديد"},
        go_live_at=now + timedelta(minutes=5),
        now=now,
    )
    make_due(update)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 301
    assert (
        Article.objects.get(pk=article.pk).slug in response["Location"]
        or "%" in response["Location"]
    )


def test_the_page_is_cached_no_longer_than_the_next_update(
    page_cache_on, client, staff, make_article
):
    article = make_article()
    update = prepare(article, staff["editor"], seconds=20)

    response = client.get(article.get_absolute_url())

    entry = cache.get(page_cache.page_key(RequestFactory().get(article.get_absolute_url())))
    assert entry.until == update.go_live_at.timestamp()
    assert entry.fresh_until <= update.go_live_at.timestamp()
    control = response["Cache-Control"]
    assert "stale" not in control
    # max-age would be 30 and s-maxage 60 without the update.
    assert control in {f"public, max-age={n}, s-maxage={n}" for n in (19, 20)}
    assert response["X-Accel-Expires"] == "1"  # nginx's second is shorter than the wait


def test_a_cached_page_gives_way_to_the_update_at_its_time(
    page_cache_on, client, staff, make_article
):
    article = make_article(headline="العنوان قبل التحديث")
    prepare(article, staff["editor"], seconds=1.5)
    url = article.get_absolute_url()
    assert "العنوان قبل التحديث" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "HIT"
    time.sleep(1.6)

    response = client.get(url)

    assert response["X-Cache"] == "MISS"
    assert "العنوان بعد التحديث" in response.content.decode()


# Lists (the home page, sections, tags, authors, archives, search) show headlines too.


def test_a_list_shows_a_due_update_with_no_process_run(client, staff, make_article):
    article = make_article(headline="العنوان قبل التحديث")
    update = prepare(article, staff["editor"], seconds=600)
    assert "العنوان قبل التحديث" in client.get("/").content.decode()
    make_due(update)

    home = client.get("/").content.decode()
    section = client.get(article.section.get_absolute_url()).content.decode()

    assert "العنوان بعد التحديث" in home and "العنوان قبل التحديث" not in home
    assert "العنوان بعد التحديث" in section
    assert ScheduledUpdate.objects.get(pk=update.pk).state == ScheduledUpdateState.APPLIED


def test_a_list_is_cached_no_longer_than_the_next_update(
    page_cache_on, client, staff, make_article
):
    article = make_article()
    update = prepare(article, staff["editor"], seconds=20)

    for url in ("/", article.section.get_absolute_url()):
        client.get(url)
        entry = cache.get(page_cache.page_key(RequestFactory().get(url)))
        assert entry.until == update.go_live_at.timestamp(), url


def test_the_kept_time_of_the_next_update_follows_the_service(
    staff, make_article, django_assert_num_queries
):
    article = make_article()
    assert next_update_time() is None
    with django_assert_num_queries(0):  # kept in the shared cache, "none" included
        assert next_update_time() is None
    update = prepare(article, staff["editor"], seconds=600)
    assert next_update_time() == update.go_live_at
    later = update.go_live_at + timedelta(minutes=5)
    scheduled_update_edit(update=update, actor=staff["editor"], go_live_at=later)
    assert next_update_time() == later
    scheduled_update_cancel(update=update, actor=staff["editor"])
    assert next_update_time() is None


def test_an_article_page_asks_for_its_own_update_only_once_one_is_due(
    client, staff, make_article, django_assert_num_queries
):
    article, other = make_article(), make_article(headline="العنوان قبل التحديث")
    client.get(article.get_absolute_url())
    with django_assert_num_queries(5):  # none is due anywhere: nothing asked of this article
        client.get(article.get_absolute_url())
    make_due(prepare(other, staff["editor"], seconds=600))
    client.get(article.get_absolute_url())  # the next update of any article, read again
    # Another article's update is due: this page asks for its own (none) and applies nothing.
    with django_assert_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert ScheduledUpdate.objects.get(article=other).state == ScheduledUpdateState.PENDING
    # The other article's page applies its own.
    assert "العنوان بعد التحديث" in client.get(other.get_absolute_url()).content.decode()
