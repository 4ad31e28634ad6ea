"""The page cache and HTTP caching of public pages (newsroom/http/page_cache.py, middleware.py)."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from articles import services
from articles.models import Status
from newsroom.http import page_cache, purge
from newsroom.http.middleware import PageCacheMiddleware

purged_at_cdn = []


def record_purge(keys):
    """A NEWSROOM_PURGE_HOOK that records what it was asked to purge."""
    purged_at_cdn.append(list(keys))


@pytest.fixture
def story(make_article, make_section, make_tag, make_author):
    """A public article with a section, two tags and two authors."""
    return make_article(
        section=make_section(),
        tags=[make_tag(), make_tag()],
        authors=[make_author(), make_author()],
    )


def public_urls(article):
    byline_author = article.bylines.first().author
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "author": byline_author.get_absolute_url(),
        "feed": "/feed/",
        "section feed": reverse("articles:section-feed", args=[article.section.slug]),
        "author feed": reverse("authors:feed", args=[byline_author.slug]),
        "year archive": f"/{article.publish_at.year}/",
        "sitemap index": "/sitemap.xml",
        "news sitemap": "/news-sitemap.xml",
    }


def expire(url):
    """Make the stored copy of `url` older than its freshness (as time passing would)."""
    request = RequestFactory().get(url)
    key = page_cache.page_key(request)
    entry = cache.get(key)
    entry.fresh_until = 0
    cache.set(key, entry)


@pytest.mark.parametrize(
    "page",
    ["home", "article", "section", "tag", "author", "feed", "section feed", "year archive"],
)
def test_anonymous_public_pages_are_served_from_the_cache_without_queries(
    page, page_cache_on, story, client, django_assert_num_queries
):
    url = public_urls(story)[page]
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_pages_stored_before_the_page_cache_moved_are_not_read(page_cache_on, story, client):
    # Under the old prefix, a page pickled with the Entry class of articles.page_cache.
    url = story.get_absolute_url()
    new_key = page_cache.page_key(RequestFactory().get(url))
    old_key = new_key.replace(page_cache.PAGE_PREFIX, "newsroom:page:", 1)
    assert old_key != new_key
    cache.set(old_key, "a page stored before the move")
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert cache.get(old_key) == "a page stored before the move"
    assert client.get(url)["X-Cache"] == "HIT"


def test_anonymous_pages_carry_public_cache_headers_and_no_cookie(page_cache_on, story, client):
    response = client.get(story.get_absolute_url())
    cache_control = response["Cache-Control"]
    assert cache_control.startswith("public, ")
    for directive in ("max-age=", "s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        assert directive in cache_control
    assert not response.cookies
    vary = response.get("Vary", "").lower()
    assert "cookie" not in vary
    assert "accept-language" not in vary
    assert response["ETag"]
    assert response["Last-Modified"]
    # The security headers are stored with the page and sent again with the copy.
    hit = client.get(story.get_absolute_url())
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]
    assert "nonce-" not in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"


def test_article_page_names_its_article_section_tags_and_authors_in_surrogate_keys(
    page_cache_on, story, client
):
    response = client.get(story.get_absolute_url())
    keys = response["Surrogate-Key"].split()
    assert f"article-{story.pk}" in keys
    assert f"section-{story.section_id}" in keys
    for tag in story.tags.all():
        assert f"tag-{tag.pk}" in keys
    for byline in story.bylines.all():
        assert f"author-{byline.author_id}" in keys
    assert response["Cache-Tag"].split(",") == keys


def test_listing_pages_carry_their_list_keys(page_cache_on, story, client):
    urls = public_urls(story)
    assert client.get(urls["home"])["Surrogate-Key"] == "site home"
    assert f"section-{story.section_id}-list" in client.get(urls["section"])["Surrogate-Key"]
    assert "feed" in client.get(urls["feed"])["Surrogate-Key"]
    assert "sitemap" in client.get(urls["sitemap index"])["Surrogate-Key"]


def test_every_cached_page_carries_the_site_key(page_cache_on, story, client):
    """The site's settings show on every page: one key purges them all."""
    for name, url in public_urls(story).items():
        assert "site" in client.get(url)["Surrogate-Key"].split(), name


def test_renaming_the_paper_reaches_every_cached_page(
    page_cache_on, story, client, change_site_settings, django_capture_on_commit_callbacks
):
    urls = public_urls(story)
    for url in urls.values():
        assert client.get(url).status_code == 200  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        change_site_settings(name="جريدة الغد")
    for name in ["home", "article", "section", "tag", "author", "year archive"]:
        assert "جريدة الغد" in client.get(urls[name]).content.decode(), name
    assert "جريدة الغد" in client.get(urls["feed"]).content.decode()


def test_a_settings_change_that_changes_nothing_purges_nothing(
    page_cache_on,
    story,
    client,
    site_settings,
    change_site_settings,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_PURGE_HOOK = "tests.newsroom.http.test_page_cache.record_purge"
    purged_at_cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_site_settings(name=site_settings.name)
    with django_capture_on_commit_callbacks(execute=True):
        change_site_settings(tagline="شعار جديد")
    assert purged_at_cdn == [["site"]]


def test_etag_gives_not_modified_on_a_miss_and_on_a_hit(page_cache_on, story, client):
    url = story.get_absolute_url()
    etag = client.get(url)["ETag"]
    hit = client.get(url, headers={"if-none-match": etag})
    assert hit.status_code == 304
    cache.clear()
    miss = client.get(url, headers={"if-none-match": etag})
    assert miss.status_code == 304
    assert cache.get(page_cache.page_key(RequestFactory().get(url))) is not None


def test_publishing_purges_every_page_showing_the_article_after_commit(
    page_cache_on, story, make_article, staff, client, django_capture_on_commit_callbacks
):
    urls = public_urls(story)
    for url in urls.values():
        assert client.get(url).status_code == 200
    ready = make_article(
        status=Status.IN_REVIEW,
        publish_at=None,
        section=story.section,
        tags=list(story.tags.all()),
        authors=[story.bylines.first().author],
        headline="مقال جديد ينشر الآن",
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=ready, actor=staff["editor"])
        # Nothing is purged before the transaction commits.
        assert client.get(urls["home"])["X-Cache"] == "HIT"

    for page in ("home", "section", "tag", "author", "feed", "section feed", "author feed"):
        response = client.get(urls[page])
        assert response["X-Cache"] == "MISS", page
        assert "مقال جديد ينشر الآن" in response.content.decode(), page
    assert client.get(urls["sitemap index"])["X-Cache"] == "MISS"
    assert client.get(urls["news sitemap"])["X-Cache"] == "MISS"
    assert client.get(urls["year archive"])["X-Cache"] == "MISS"


def test_a_purge_leaves_pages_that_do_not_show_the_article_cached(
    page_cache_on, story, make_article, make_section, client
):
    elsewhere = make_article(section=make_section())
    other_section = elsewhere.section.get_absolute_url()
    client.get(other_section)
    client.get(elsewhere.get_absolute_url())

    purge.purge_pages_showing(article=story)

    assert client.get(other_section)["X-Cache"] == "HIT"
    assert client.get(elsewhere.get_absolute_url())["X-Cache"] == "HIT"
    assert client.get("/")["X-Cache"] == "MISS"


def test_taking_an_article_down_removes_its_cached_page(
    page_cache_on, story, staff, client, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article=story, actor=staff["editor"], reason="طلب قانوني")
    assert client.get(url).status_code == 410


def test_a_correction_purges_the_article_page(
    page_cache_on, story, staff, client, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_add_correction(
            article=story, actor=staff["editor"], kind="correction", text="تصحيح الرقم"
        )
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "تصحيح الرقم" in response.content.decode()


def test_the_purge_hook_is_called_with_the_surrogate_keys(page_cache_on, story):
    page_cache_on.NEWSROOM_PURGE_HOOK = "tests.newsroom.http.test_page_cache.record_purge"
    purged_at_cdn.clear()

    purge.purge_pages_showing(article=story)

    assert len(purged_at_cdn) == 1
    keys = purged_at_cdn[0]
    assert f"article-{story.pk}" in keys
    assert f"section-{story.section_id}-list" in keys
    assert {"home", "feed", "sitemap"} <= set(keys)
    assert {f"tag-{tag.pk}-list" for tag in story.tags.all()} <= set(keys)


def test_a_failing_purge_hook_still_purges_the_page_cache(page_cache_on, story, client):
    page_cache_on.NEWSROOM_PURGE_HOOK = "tests.newsroom.http.test_page_cache.no_such_hook"
    client.get("/")
    purge.purge_pages_showing(article=story)
    assert client.get("/")["X-Cache"] == "MISS"


def test_signed_in_staff_always_get_fresh_private_pages(page_cache_on, story, admin_client):
    url = story.get_absolute_url()
    Client().get(url)  # now cached for readers

    response = admin_client.get(url)

    assert "X-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response


def test_staff_pages_do_not_fill_the_cache(page_cache_on, story, admin_client):
    admin_client.get("/")
    assert Client().get("/")["X-Cache"] == "MISS"


def test_search_and_previews_are_never_stored(page_cache_on, story, client):
    search = reverse("articles:search") + "?q=عنوان"
    client.get(search)
    assert "X-Cache" not in client.get(search)
    assert "public" not in client.get(search).get("Cache-Control", "")


def test_a_scheduled_article_appears_once_the_cached_home_page_expires(
    page_cache_on, make_article, client, now
):
    assert page_cache_on.NEWSROOM_PAGE_CACHE_SECONDS <= 60
    client.get("/")
    # Its time came; no process published it, so nothing purged the home page.
    make_article(status=Status.SCHEDULED, publish_at=now, headline="مقال مبرمج حان وقته")
    assert "مقال مبرمج حان وقته" not in client.get("/").content.decode()

    expire("/")

    assert "مقال مبرمج حان وقته" in client.get("/").content.decode()


def test_a_stored_page_is_fresh_for_at_most_the_configured_seconds(page_cache_on, story, client):
    client.get("/")
    entry = cache.get(page_cache.page_key(RequestFactory().get("/")))
    assert entry.fresh_until - entry.stored_at == pytest.approx(60, abs=1)


def test_while_one_request_renders_an_expired_page_others_get_the_stale_copy(
    page_cache_on, story, client
):
    client.get("/")
    expire("/")
    key = page_cache.page_key(RequestFactory().get("/"))
    assert page_cache.acquire_render_lock(key)  # another request is rendering

    response = client.get("/")

    assert response["X-Cache"] == "STALE"
    page_cache.release_render_lock(key)
    assert client.get("/")["X-Cache"] == "MISS"


def test_a_purged_page_is_not_served_stale_while_another_request_renders_it(
    page_cache_on, story, client
):
    page_cache_on.NEWSROOM_PAGE_WAIT_SECONDS = 0.1
    client.get("/")
    purge.purge_pages_showing(article=story)
    key = page_cache.page_key(RequestFactory().get("/"))
    assert page_cache.acquire_render_lock(key)

    response = client.get("/")

    # It waited for the other render, then (none came) rendered the page itself.
    assert response["X-Cache"] == "MISS"


def test_a_waiting_request_gets_the_page_another_request_rendered(page_cache_on, story, client):
    page_cache_on.NEWSROOM_PAGE_WAIT_SECONDS = 5
    client.get("/")
    purge.purge_pages_showing(article=story)
    key = page_cache.page_key(RequestFactory().get("/"))
    assert page_cache.acquire_render_lock(key)
    fresh = client.get("/?other")  # something to store in its place
    entry = cache.get(page_cache.page_key(RequestFactory().get("/?other")))
    assert fresh.status_code == 200

    def finish_rendering():
        # The renderer stores its page a moment later (with today's generations).
        entry.generations = page_cache.generations(entry.keys)
        cache.set(key, entry)

    timer = threading.Timer(0.2, finish_rendering)
    timer.start()
    response = client.get("/")
    timer.join()

    assert response["X-Cache"] == "HIT"


def test_a_render_overlapping_a_purge_is_not_stored(page_cache_on, story, client):
    before = page_cache.every_page_generation()
    purge.purge_pages_showing(article=story)
    response = client.get("/")
    key = page_cache.page_key(RequestFactory().get("/"))
    cache.delete(key)

    assert page_cache.store(key, response, ["home"], generation_before=before) is None
    assert cache.get(key) is None


def test_a_page_that_used_the_csp_nonce_is_not_public():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.surrogate_keys = ["home"]
    response = PageCacheMiddleware(lambda r: None).is_public
    from django.http import HttpResponse

    page = HttpResponse("<script nonce='abc'></script>")
    assert response(request, page)
    request._csp_nonce = "abc"
    assert not response(request, page)


@pytest.mark.parametrize("kind", ["section", "author"])
def test_renaming_a_section_or_an_author_reaches_every_cached_page(
    page_cache_on, story, client, django_capture_on_commit_callbacks, kind
):
    """Their names show on cards across the site (home, listings), not only on their pages."""
    urls = public_urls(story)
    for url in urls.values():
        assert client.get(url).status_code == 200  # now in the page cache
    owner = story.section if kind == "section" else story.bylines.first().author
    owner.name = "اسم جديد تماما"
    with django_capture_on_commit_callbacks(execute=True):
        owner.save()
    for name in ["home", "article", kind]:
        assert "اسم جديد تماما" in client.get(urls[name]).content.decode(), name


def test_a_new_author_or_section_purges_nothing(
    story, make_author, make_section, monkeypatch, django_capture_on_commit_callbacks
):
    purged = []
    monkeypatch.setattr(purge, "purge", purged.append)
    with django_capture_on_commit_callbacks(execute=True):
        make_author()
        make_section()
    assert purged == []
