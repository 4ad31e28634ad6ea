"""A take-down is final on every layer: its addresses answer 410, no cache keeps the old page,
and the CDN hears of it (docs/operations.md, "Take-downs and caches")."""

import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from articles import services
from articles.models import Article, Redirect, Status
from newsroom.http import middleware as page_cache_middleware
from newsroom.http import page_cache
from tests.newsroom.http.test_page_cache import expire, purged_at_cdn


@pytest.fixture
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PAGE_WAIT_SECONDS = 0.1
    cache.clear()
    yield settings
    cache.clear()


def addresses(article):
    """Every address that showed the article or led to it."""
    old = f"/2019/05/{article.pk}-old-permalink/"
    Redirect.objects.get_or_create(old_path=old, article=article)
    return [article.get_absolute_url(), f"/article/{article.pk}/", f"/a/{article.pk}/", old]


def past_expiry(now):
    return {"publish_at": now - timedelta(days=2), "expires_at": now - timedelta(days=1)}


@pytest.mark.parametrize("state", ["archived", "expired"])
def test_every_address_of_a_taken_down_article_answers_410_in_arabic(
    client, make_article, now, state
):
    fields = {"status": Status.ARCHIVED} if state == "archived" else past_expiry(now)
    article = make_article(**fields)

    for url in addresses(article):
        response = client.get(url)
        assert response.status_code == 410, url
        assert "سُحب هذا المقال" in response.content.decode()
        assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.parametrize(
    "fields",
    [{"status": Status.DRAFT, "publish_at": None}, {"status": Status.SCHEDULED, "publish_at": 1}],
    ids=["draft", "scheduled-early"],
)
def test_every_address_of_an_article_never_public_answers_404(client, make_article, now, fields):
    if fields["publish_at"]:
        fields = {**fields, "publish_at": now + timedelta(hours=1)}
    article = make_article(**fields)

    for url in addresses(article):
        assert client.get(url).status_code == 404, url


def test_gone_answers_are_kept_briefly_by_nginx_and_name_the_article(client, make_article):
    article = make_article(status=Status.ARCHIVED)
    public = make_article()

    gone = client.get(f"/a/{article.pk}/")
    moved = client.get(f"/a/{public.pk}/")
    missing = client.get("/a/999999/")

    assert gone["X-Accel-Expires"] == "5"
    assert missing["X-Accel-Expires"] == "5"
    # A 301 may lead to an article about to be taken down: kept no longer than a page.
    assert moved["X-Accel-Expires"] == "1"
    # A purge of the article (a take-down, a slug change) clears the redirects at a CDN too.
    assert moved["Surrogate-Key"] == f"site article-{public.pk}"
    assert gone["Cache-Tag"] == f"site,article-{article.pk}"


def test_gone_answers_to_signed_in_staff_are_not_kept(admin_client, make_article):
    article = make_article(status=Status.ARCHIVED)
    response = admin_client.get(f"/a/{article.pk}/")
    assert response.status_code == 410
    assert "X-Accel-Expires" not in response


def test_once_the_app_says_gone_the_stale_copy_is_never_served(page_cache_on, make_article, client):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    expire(url)
    # A write that purges nothing (a direct database change, a forgotten hook).
    Article.objects.filter(pk=article.pk).update(status=Status.ARCHIVED)
    assert client.get(url).status_code == 410
    key = page_cache.page_key(RequestFactory().get(url))
    assert page_cache.acquire_render_lock(key)  # another request is rendering the page

    response = client.get(url)

    assert response.status_code == 410


def test_a_page_is_kept_no_longer_than_its_article_until_expiry(
    page_cache_on, make_article, client
):
    expires_at = timezone.now() + timedelta(seconds=30)
    article = make_article(expires_at=expires_at)

    response = client.get(article.get_absolute_url())

    entry = cache.get(page_cache.page_key(RequestFactory().get(article.get_absolute_url())))
    assert entry.fresh_until <= expires_at.timestamp()
    assert entry.until == expires_at.timestamp()
    assert "stale" not in response["Cache-Control"]
    assert "s-maxage=29" in response["Cache-Control"] or "s-maxage=30" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("until", "now", "expected"),
    [
        (None, 1000.3, "1"),  # no expiry: the configured second
        (1002.3, 1000.3, "1"),  # two seconds left: a relative second cannot outlive it
        (1002.2, 1000.3, "@1001"),  # less: through the last whole second before the expiry
        (1001.9, 1000.3, "@1000"),
        (1000.9, 1000.3, "0"),  # no whole second left: not stored at all
    ],
)
def test_the_micro_cache_never_keeps_a_page_past_its_article_expiry(until, now, expected):
    # nginx keeps a relative N until the end of the Nth second after the one it stored the
    # page in, and "@T" until the end of second T.
    assert page_cache_middleware.microcache_expires(until, now) == expected


def test_a_page_served_from_the_cache_counts_its_lifetimes_from_now(
    page_cache_on, make_article, client
):
    article = make_article(expires_at=timezone.now() + timedelta(seconds=30))
    url = article.get_absolute_url()
    assert client.get(url)["X-Accel-Expires"] == "1"
    key = page_cache.page_key(RequestFactory().get(url))
    entry = cache.get(key)
    entry.until = time.time() + 1.5  # the expiry is near now: stored headers are out of date
    cache.set(key, entry)

    response = client.get(url)

    assert response["X-Cache"] == "HIT"
    assert response["X-Accel-Expires"] in {"0", f"@{int(entry.until) - 1}"}
    assert "max-age=1," in response["Cache-Control"] or "max-age=0," in response["Cache-Control"]


def test_an_expired_article_is_not_served_stale_while_another_request_renders(
    page_cache_on, make_article, client
):
    # Nothing writes at the expiry: the article is still "published", nobody purged.
    article = make_article(expires_at=timezone.now() + timedelta(seconds=1.5))
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    time.sleep(1.6)
    key = page_cache.page_key(RequestFactory().get(url))
    assert page_cache.acquire_render_lock(key)  # another request is rendering the page

    response = client.get(url)

    assert response.status_code == 410


def test_a_take_down_sends_the_cdn_every_key_that_showed_the_article(
    page_cache_on, make_article, make_tag, make_author, staff, django_capture_on_commit_callbacks
):
    page_cache_on.NEWSROOM_PURGE_HOOK = "tests.newsroom.http.test_page_cache.record_purge"
    article = make_article(tags=[make_tag()], authors=[make_author(), make_author()])
    purged_at_cdn.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article=article, actor=staff["editor"], reason="أمر قضائي")

    (keys,) = purged_at_cdn
    year = timezone.localtime(article.publish_at).year
    assert {
        f"article-{article.pk}",
        "home",
        "feed",
        "sitemap",
        f"section-{article.section_id}-list",
        f"archive-{year}",
        *(f"tag-{tag.pk}-list" for tag in article.tags.all()),
        *(f"author-{byline.author_id}-list" for byline in article.bylines.all()),
    } <= set(keys)


def test_the_scheduler_purges_an_article_whose_expiry_passed(
    page_cache_on, make_article, client, django_capture_on_commit_callbacks
):
    page_cache_on.NEWSROOM_PURGE_HOOK = "tests.newsroom.http.test_page_cache.record_purge"
    article = make_article(expires_at=timezone.now() + timedelta(hours=1))
    purged_at_cdn.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish_due(now=timezone.now() + timedelta(hours=2))

    assert [keys for keys in purged_at_cdn if f"article-{article.pk}" in keys]


def test_an_old_slug_redirect_is_purged_with_its_article(page_cache_on, make_article, client):
    article = make_article()
    old = f"/article/{article.pk}/{quote('عنوان-قديم')}/"
    assert client.get(old).status_code == 301
    assert client.get(old)["Surrogate-Key"] == f"site article-{article.pk}"


def stored_entry(url):
    return cache.get(page_cache.page_key(RequestFactory().get(url)))


def test_a_list_is_kept_no_longer_than_the_first_expiry_of_an_article_it_shows(
    page_cache_on, make_article, client
):
    expires_at = timezone.now() + timedelta(seconds=30)
    article = make_article(expires_at=expires_at)

    for url in ("/", article.section.get_absolute_url()):
        assert client.get(url).status_code == 200
        assert stored_entry(url).until == expires_at.timestamp(), url


def test_pages_are_kept_no_longer_than_the_wait_for_the_next_scheduled_article(
    page_cache_on, make_article, client
):
    make_article()
    due = timezone.now() + timedelta(seconds=20)
    make_article(status=Status.SCHEDULED, publish_at=due)

    response = client.get("/")

    assert stored_entry("/").until == due.timestamp()
    assert stored_entry("/").fresh_until <= due.timestamp()
    assert "s-maxage=19" in response["Cache-Control"] or "s-maxage=20" in response["Cache-Control"]


def test_a_distant_limit_keeps_the_usual_cache_control(page_cache_on, make_article, client):
    make_article()
    make_article(status=Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=3))

    response = client.get("/")

    assert response["Cache-Control"] == (
        "public, max-age=30, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400"
    )
