"""The page cache's WSGI fast path (newsroom/http/fast_path.py), called as a WSGI server would.

The test client calls Django's handler directly, so these tests build WSGI environs the way
a server does (wsgiref's defaults, PATH_INFO as percent-decoded bytes read as Latin-1) and call
the application with a `start_response`.
"""

import io
import time
from datetime import timedelta
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image as PILImage

from articles.images.services import image_create_from_file
from articles.models import Correction
from newsroom.http import page_cache, purge
from newsroom.http.fast_path import PageCacheApplication

HOST = "testserver"


def environ_for(path, *, method="GET", host=HOST, headers=None):
    raw_path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": unquote_to_bytes(raw_path).decode("latin-1"),
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "wsgi.input": io.BytesIO(b""),
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    return environ


class Answer:
    def __init__(self, status, headers, body):
        self.status_code = int(status.split()[0])
        self.status = status
        self.header_list = headers
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    def __getitem__(self, name):
        return self.headers[name.lower()]


def call(application, environ):
    """Run one request through a WSGI application; close the body as a server does."""
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    body = application(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return Answer(started["status"], started["headers"], content)


class CountingApplication:
    """Django's application, counting the requests that reach it."""

    def __init__(self):
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture
def wsgi(page_cache_on):
    """(the fast path around Django, Django alone), with the request signals left out of the
    test's database transaction as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = CountingApplication()
    yield PageCacheApplication(django), django
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def article(make_article, make_section, make_tag, make_author):
    return make_article(
        section=make_section(), tags=[make_tag()], authors=[make_author(), make_author()]
    )


def test_a_fresh_page_is_answered_without_django_or_the_database(
    wsgi, article, django_assert_num_queries
):
    application, django = wsgi
    url = article.get_absolute_url()
    miss = call(application, environ_for(url))
    assert miss["X-Cache"] == "MISS"
    assert django.calls == 1

    with django_assert_num_queries(0):
        hit = call(application, environ_for(url))

    assert django.calls == 1
    assert hit.status == "200 OK"
    assert hit["X-Cache"] == "HIT"
    assert int(hit["Age"]) >= 0
    assert hit.body == miss.body
    assert article.headline in hit.body.decode()


def test_the_fast_path_sends_the_headers_django_sends_for_a_hit(wsgi, article):
    application, django = wsgi
    url = article.get_absolute_url()
    call(application, environ_for(url))

    fast = call(application, environ_for(url))
    slow = call(django, environ_for(url))

    assert slow["X-Cache"] == "HIT"
    assert fast.header_list == slow.header_list
    # Those of the security middleware, which runs before the page cache, are among them.
    assert fast["X-Content-Type-Options"] == "nosniff"
    assert fast["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert fast["Cross-Origin-Opener-Policy"] == "same-origin"
    assert fast["Content-Security-Policy"] == slow["Content-Security-Policy"]
    assert "set-cookie" not in fast.headers
    assert "cookie" not in fast.headers.get("vary", "").lower()


def test_a_secure_hit_gets_the_hsts_header_django_sends_and_a_plain_one_does_not(
    wsgi, article, settings
):
    """The fast path asks the security middleware once per process for the headers it adds,
    one answer for secure requests and one for the others (`security_headers`)."""
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Both built now: their security middleware reads the settings once.
    django = CountingApplication()
    application = PageCacheApplication(django)
    url = article.get_absolute_url()
    secure = environ_for(url)
    secure.update({"wsgi.url_scheme": "https", "HTTPS": "on", "SERVER_PORT": "443"})
    call(application, dict(secure))
    call(application, environ_for(url))
    calls = django.calls

    fast_secure = call(application, dict(secure))
    fast_plain = call(application, environ_for(url))
    assert django.calls == calls  # both answered by the fast path
    slow_secure = call(django, dict(secure))
    slow_plain = call(django, environ_for(url))

    assert fast_secure["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    assert "strict-transport-security" not in fast_plain.headers
    assert without_date(fast_secure)[:2] == without_date(slow_secure)[:2]
    assert without_date(fast_plain)[:2] == without_date(slow_plain)[:2]


def test_a_purge_sends_the_request_to_django(wsgi, article):
    application, django = wsgi
    call(application, environ_for("/"))
    call(application, environ_for("/"))
    assert django.calls == 1

    purge.purge_pages_showing(article=article)
    again = call(application, environ_for("/"))

    assert django.calls == 2
    assert again["X-Cache"] == "MISS"


def test_an_expired_page_goes_to_django_with_what_was_read(wsgi, article, monkeypatch):
    application, django = wsgi
    url = article.get_absolute_url()
    call(application, environ_for(url))
    key = page_cache.page_key(RequestFactory().get(url))
    entry = cache.get(key)
    entry.fresh_until = 0
    cache.set(key, entry)
    assert page_cache.acquire_render_lock(key)  # another request is rendering it
    lookups = []
    real_lookup = page_cache.lookup
    monkeypatch.setattr(page_cache, "lookup", lambda k: lookups.append(k) or real_lookup(k))

    stale = call(application, environ_for(url))

    assert django.calls == 2
    assert stale["X-Cache"] == "STALE"
    # The middleware used the entry the fast path had read: one read for the request.
    assert lookups == [key]
    page_cache.release_render_lock(key)


def test_a_signed_in_editor_goes_to_django_and_gets_a_private_page(wsgi, article, admin_client):
    application, django = wsgi
    url = article.get_absolute_url()
    call(application, environ_for(url))
    session = admin_client.cookies["sessionid"].value

    page = call(application, environ_for(url, headers={"Cookie": f"sessionid={session}"}))

    assert django.calls == 2
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert "x-cache" not in page.headers


def test_a_disallowed_host_gets_djangos_400(wsgi, article):
    application, django = wsgi
    call(application, environ_for("/"))

    answer = call(application, environ_for("/", host="evil.example"))

    assert django.calls == 2
    assert answer.status_code == 400


def test_head_gets_the_headers_without_the_body(wsgi, article):
    application, django = wsgi
    url = article.get_absolute_url()
    page = call(application, environ_for(url))

    head = call(application, environ_for(url, method="HEAD"))

    assert django.calls == 1
    assert head.status_code == 200
    assert head.body == b""
    assert head["X-Cache"] == "HIT"
    assert head["Content-Length"] == str(len(page.body))
    assert head["ETag"] == page["ETag"]


def test_a_matching_etag_gets_304_without_a_body(wsgi, article):
    application, django = wsgi
    url = article.get_absolute_url()
    etag = call(application, environ_for(url))["ETag"]

    answer = call(application, environ_for(url, headers={"If-None-Match": etag}))
    other = call(application, environ_for(url, headers={"If-None-Match": '"other"'}))

    assert django.calls == 1
    assert answer.status == "304 Not Modified"
    assert answer.body == b""
    assert answer["ETag"] == etag
    assert other.status_code == 200
    assert other.body


@pytest.mark.parametrize("path", ["/static/css/site.css", "/media/photo.jpg", "/admin/"])
def test_static_media_and_admin_paths_are_left_to_django(wsgi, path, monkeypatch):
    application, django = wsgi
    monkeypatch.setattr(page_cache, "lookup", lambda key: pytest.fail("looked up " + path))

    assert application.answer(environ_for(path)) is None


def test_other_methods_and_a_page_cache_turned_off_are_left_to_django(wsgi, article, settings):
    application, django = wsgi
    url = article.get_absolute_url()
    call(application, environ_for(url))

    call(application, environ_for(url, method="POST"))
    assert django.calls == 2
    settings.NEWSROOM_PAGE_CACHE = False
    call(application, environ_for(url))
    assert django.calls == 3


def test_an_arabic_address_is_served_and_missed_like_django_would(wsgi, make_article):
    application, django = wsgi
    article = make_article(headline="الرباط: افتتاح المعرض الدولي للكتاب")
    url = article.get_absolute_url()
    assert "%D8" in url  # the Arabic slug, percent-encoded

    first = call(application, environ_for(url))  # a miss: Django gets the untouched environ
    hit = call(application, environ_for(url))
    wrong_slug = call(application, environ_for(url.replace("%D8%A7", "%D8%A8", 1)))

    assert first.status_code == 200
    assert hit["X-Cache"] == "HIT"
    assert wrong_slug.status_code == 301
    assert django.calls == 2


def test_the_https_redirect_is_left_to_django(page_cache_on, article, settings):
    settings.SECURE_SSL_REDIRECT = True
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        django = CountingApplication()
        application = PageCacheApplication(django)
        answer = call(application, environ_for(article.get_absolute_url()))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert django.calls == 1
    assert answer.status_code == 301
    assert answer["Location"].startswith("https://")


def test_the_fast_path_is_off_when_other_middleware_runs_before_the_page_cache(settings):
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        *settings.MIDDLEWARE,
    ]
    assert not PageCacheApplication(WSGIHandler()).enabled


def test_gunicorn_serves_the_fast_path():
    from articles.public.reads import ReadBeaconApplication
    from newsroom import wsgi as module
    from newsroom.request_log import RequestLogApplication

    # Inside the request log (newsroom/request_log.py), which logs hits too.
    assert isinstance(module.application, RequestLogApplication)
    # Behind the read beacon's early answer (articles/public/reads.py), which takes POSTs only.
    beacons = module.application.application
    assert isinstance(beacons, ReadBeaconApplication)
    assert beacons.enabled
    fast_path = beacons.application
    assert isinstance(fast_path, PageCacheApplication)
    assert fast_path.application is module.django_application
    assert fast_path.enabled


# -- one round trip per hit ------------------------------------------------------------------


def test_a_page_read_again_comes_with_its_generations(page_cache_on, article, client):
    url = article.get_absolute_url()
    client.get(url)
    key = page_cache.page_key(RequestFactory().get(url))
    page_cache._keys_seen.pop(key, None)

    entry, current = page_cache.lookup(key)  # first read in this process: keys unknown
    assert current is None
    again, current = page_cache.lookup(key)

    assert current == again.generations
    assert page_cache.is_fresh(again, current)
    purge.purge_pages_showing(article=article)
    _, current = page_cache.lookup(key)
    assert not page_cache.is_fresh(again, current)


def test_generations_read_for_other_keys_are_not_trusted(page_cache_on, article, client):
    url = article.get_absolute_url()
    client.get(url)
    key = page_cache.page_key(RequestFactory().get(url))
    page_cache._keys_seen[key] = ("home",)  # what the page carried before, say

    entry, current = page_cache.lookup(key)

    assert current is None  # Entry.is_purged() reads the right ones itself
    assert page_cache._keys_seen[key] == tuple(entry.keys)


@pytest.fixture
def redis_cache(page_cache_on, settings):
    """The production backend on Redis database 13, under a prefix of this test's own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.http.redis_cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": "test-page-cache-wsgi",
        }
    }
    yield cache
    client = cache._cache.get_client(write=True)
    for name in client.scan_iter("test-page-cache-wsgi:*"):
        client.delete(name)


def test_a_redis_hit_costs_one_round_trip(redis_cache, wsgi, article, monkeypatch):
    application, django = wsgi
    url = article.get_absolute_url()
    call(application, environ_for(url))  # stored
    call(application, environ_for(url))  # read once: the keys are now known here
    client = redis_cache._cache.get_client()
    sent = []
    real = client.execute_command
    monkeypatch.setattr(
        client, "execute_command", lambda *args, **kw: sent.append(args[0]) or real(*args, **kw)
    )

    hit = call(application, environ_for(url))

    assert hit["X-Cache"] == "HIT"
    assert django.calls == 1
    assert sent == ["MGET"]


# --- byte for byte what the middleware answers (docs/decisions/wsgi-fast-path.md) -------------


@pytest.fixture
def rich_article(make_article, make_section, make_tag, make_author, settings, tmp_path):
    """An Arabic article with every piece a page can show: three bylines, tags, corrections, a
    picture with its credit, an expiry time (which the cache headers follow)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG")
    buffer.seek(0)
    picture = image_create_from_file(
        file=buffer, filename="photo.jpg", alt_text="ميناء طنجة", credit="وكالة <الصور>"
    )
    article = make_article(
        headline="طنجة: الميناء يستقبل 2025 سفينة",
        kicker="اقتصاد",
        standfirst="مقدمة & تفاصيل",
        section=make_section(name="اقتصاد"),
        tags=[make_tag(name="موانئ"), make_tag(name="Tanger Med")],
        authors=[make_author(name="سعاد"), make_author(name="Brahim"), make_author()],
        lead_image=picture,
        expires_at=timezone.now() + timedelta(days=2),
    )
    Correction.objects.create(article=article, text="صُحّح عدد السفن")
    make_article(section=article.section, headline="مقال مجاور", authors=[])
    return article


def without_date(answer):
    return (
        answer.status,
        [(name, value) for name, value in answer.header_list if name.lower() != "date"],
        answer.body,
    )


@pytest.mark.parametrize(
    "page",
    ["article", "home", "section", "tag", "author", "article HEAD", "article 304"],
)
def test_a_hit_from_the_fast_path_is_byte_for_byte_the_middlewares(
    wsgi, rich_article, page, monkeypatch
):
    application, django = wsgi
    paths = {
        "article": rich_article.get_absolute_url(),
        "home": "/",
        "section": rich_article.section.get_absolute_url(),
        "tag": rich_article.tags.order_by("name").first().get_absolute_url(),
        "author": rich_article.byline_authors()[0].get_absolute_url(),
    }
    path = paths[page.split()[0]]
    stored = call(application, environ_for(path))
    assert stored["X-Cache"] == "MISS"
    method, headers = "GET", {}
    if page.endswith("HEAD"):
        method = "HEAD"
    elif page.endswith("304"):
        headers = {"If-None-Match": stored["ETag"]}
    # One clock for both answers: Age and X-Accel-Expires are counted from it.
    frozen = time.time() + 3
    monkeypatch.setattr(time, "time", lambda: frozen)

    fast = call(application, environ_for(path, method=method, headers=headers))
    assert django.calls == 1  # the fast path answered
    slow = call(django, environ_for(path, method=method, headers=headers))

    if not page.endswith("304"):  # a 304 keeps only the validators and caching headers
        assert slow["X-Cache"] == "HIT"  # the middleware answered from the cache too
    if page.endswith("HEAD"):
        # Django gives a HEAD its body and the server drops it (gunicorn does); the fast path
        # does not make it.
        assert fast.body == b""
        slow.body = b""
    assert without_date(fast) == without_date(slow)
    if page.endswith("304"):
        assert fast.status_code == 304
    elif not page.endswith("HEAD"):
        assert fast.body == stored.body
