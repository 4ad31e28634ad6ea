"""HTTP caching of public pages: the page cache, Cache-Control, ETag, surrogate keys.

Placed right after WhiteNoise (newsroom/settings.py), so a cached page skips sessions,
authentication and the view; the security middleware's headers are added again to each hit.
In production most hits do not even reach Django: the WSGI application answers them first
(newsroom/http/fast_path.py) with this module's `replay`; this middleware then handles the
rest (misses, stale copies, the render lock) and every request of the test client.

- A page is public when its view called `cache_publicly(request, *keys)`
  (newsroom/http/surrogate_keys.py). Anonymous requests for it get `Cache-Control: public, …` with
  `s-maxage`, `stale-while-revalidate` and `stale-if-error`, an ETag (304 when it matches),
  `Surrogate-Key`/`Cache-Tag` naming its keys, and `X-Accel-Expires` for the nginx micro-cache.
- Requests carrying the session cookie (signed-in staff) never read or fill the page cache;
  any response to a signed-in person is `private, no-store`.
- Anonymous public pages send neither `Vary: Cookie` nor `Vary: Accept-Language`: the session
  is only touched to learn that nobody is signed in, and the site has one language. Shared
  caches must instead bypass requests with the session cookie (deploy/nginx does).
- A page whose rendering used the CSP nonce is never stored: replaying a nonce would make it
  guessable. Public pages load their scripts from files, so they need none.
"""

import math
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from newsroom.http import page_cache
from newsroom.http.surrogate_keys import cache_until

PUBLIC_VARY_DROPPED = {"cookie", "accept-language"}
# The answers saying a page is no longer there (moved, missing, taken down): they replace any
# stored copy at once, and shared caches keep them briefly (`add_gone_headers`).
GONE_STATUSES = {301, 404, 410}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.may_read_cache(request):
            return self.finish(request, self.get_response(request), cache_state=None)
        key = page_cache.page_key(request)
        entry, current = looked_up(request, key)
        if page_cache.is_fresh(entry, current):
            return self.replay(request, entry, "HIT")
        expired = entry is not None and entry.is_expired()
        if page_cache.acquire_render_lock(key):
            try:
                return self.render_and_store(request, key)
            finally:
                page_cache.release_render_lock(key)
        # Someone else is rendering this page right now. The generations are read again: a
        # purge since the lookup must not let the old copy out.
        if entry is not None and expired and entry.may_serve_stale() and not entry.is_purged():
            return self.replay(request, entry, "STALE")
        entry = page_cache.wait_for_fresh(key)
        if entry is not None:
            return self.replay(request, entry, "HIT")
        return self.render_and_store(request, key)

    # -- deciding -------------------------------------------------------------------------

    @staticmethod
    def may_read_cache(request):
        return (
            getattr(settings, "NEWSROOM_PAGE_CACHE", True)
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def is_public(request, response):
        """An anonymous visitor's public page, safe to share with every other visitor."""
        return (
            bool(getattr(request, "surrogate_keys", None))
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(request, "_csp_nonce", None)
            and not (hasattr(request, "user") and request.user.is_authenticated)
        )

    @staticmethod
    def is_public_gone(request, response):
        """An anonymous visitor's 301, 404 or 410 that no view marked private or uncacheable."""
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code in GONE_STATUSES
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
            and not (hasattr(request, "user") and request.user.is_authenticated)
        )

    # -- responding -----------------------------------------------------------------------

    def render_and_store(self, request, key):
        before = page_cache.every_page_generation()
        response = self.get_response(request)
        if self.is_public(request, response):
            cap_at_next_scheduled_publication(request)
        if self.prepare(request, response, cache_state="MISS"):
            page_cache.store(
                key,
                response,
                request.surrogate_keys,
                generation_before=before,
                until=getattr(request, "cache_until", None),
            )
        elif response.status_code in GONE_STATUSES:
            page_cache.forget(key)
        return conditional(request, response)

    def finish(self, request, response, *, cache_state):
        self.prepare(request, response, cache_state=cache_state)
        return conditional(request, response)

    def prepare(self, request, response, *, cache_state):
        """Set the caching headers; True when the response is a public page."""
        if self.is_public(request, response):
            add_public_headers(
                response, request.surrogate_keys, until=getattr(request, "cache_until", None)
            )
            if cache_state:
                response["X-Cache"] = cache_state
            return True
        if self.is_public_gone(request, response):
            add_gone_headers(response, getattr(request, "surrogate_keys", ()))
            return False
        if hasattr(request, "user") and request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            for name in ("Surrogate-Key", "Cache-Tag", "X-Accel-Expires"):
                if name in response:
                    del response[name]
        return False

    @staticmethod
    def replay(request, entry, state):
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in replayed_headers(entry, state):
            response[name] = value
        return conditional(request, response)


def replayed_headers(entry, state):
    """The headers a stored page is answered with, in the order an HttpResponse keeps them:
    the stored ones, `Age`, the caches' lifetimes counted again when the page has a limit,
    and `X-Cache`. Names are matched without regard to case, as HttpResponse matches them; a
    replaced header keeps its place. The WSGI fast path sends this list as it is
    (newsroom/http/fast_path.py): an HttpResponse checking each header again cost a tenth of
    a hit."""
    headers = {name.lower(): (name, value) for name, value in entry.headers}
    now = time.time()
    headers["age"] = ("Age", str(max(0, int(now - entry.stored_at))))
    until = getattr(entry, "until", None)  # entries stored before the field existed
    if until is not None and "x-accel-expires" in headers:
        # The stored headers were right when the page was stored; the article's expiry is
        # nearer now, so the caches' lifetimes are counted again from this moment.
        headers["cache-control"] = ("Cache-Control", cache_control_value(max(0, int(until - now))))
        headers["x-accel-expires"] = ("X-Accel-Expires", microcache_expires(until, now))
    headers["x-cache"] = ("X-Cache", state)
    return list(headers.values())


def looked_up(request, key):
    """The entry for `key` and its generations: those the WSGI fast path already read for this
    request (newsroom/http/fast_path.py), else read now."""
    passed = request.META.get(page_cache.LOOKUP_ENVIRON_KEY)
    if passed is not None and passed[0] == key:
        return passed[1], passed[2]
    return page_cache.lookup(key)


def conditional(request, response):
    """304 Not Modified when the request already holds this ETag (public pages only)."""
    if response.status_code != 200 or "Surrogate-Key" not in response:
        return response
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=None, response=response
    )


def cap_at_next_scheduled_publication(request):
    """A stored page lasts no longer than the wait for the next scheduled article, which
    appears then without any write to purge the pages listing it (one indexed query, on a
    miss only)."""
    from articles.models import Article

    cache_until(request, Article.objects.next_scheduled_publication())


def cache_control_value(remaining=None):
    """Cache-Control of a public page; `remaining`: seconds until the page must leave every
    cache (an article it shows expires, a scheduled one appears). It caps the lifetimes, and
    rules out a stale copy that could outlive it."""
    max_age = getattr(settings, "NEWSROOM_CACHE_MAX_AGE", 30)
    s_maxage = getattr(settings, "NEWSROOM_CACHE_S_MAXAGE", 60)
    parts = ["public"]
    if remaining is None:
        parts += [f"max-age={max_age}", f"s-maxage={s_maxage}"]
    else:
        parts += [f"max-age={min(max_age, remaining)}", f"s-maxage={min(s_maxage, remaining)}"]
    for name, setting_name, default in (
        ("stale-while-revalidate", "NEWSROOM_CACHE_STALE_WHILE_REVALIDATE", 30),
        ("stale-if-error", "NEWSROOM_CACHE_STALE_IF_ERROR", 86400),
    ):
        seconds = getattr(settings, setting_name, default)
        if remaining is None or remaining >= s_maxage + seconds:
            parts.append(f"{name}={seconds}")
    return ", ".join(parts)


def microcache_expires(until, now):
    """X-Accel-Expires for nginx's micro-cache (nginx hides the header from clients).

    nginx counts whole seconds on its own clock: a relative N keeps a page until the end of
    the Nth second after the one it was stored in (up to N + 1 seconds), and "@T" until the end
    of second T. So a page whose article expires (`until`, epoch seconds) sooner than that is
    kept through the last whole second before the expiry, or not at all ("0").
    """
    seconds = getattr(settings, "NEWSROOM_MICROCACHE_SECONDS", 1)
    if until is None or until - now >= seconds + 1:
        return str(seconds)
    last_whole_second = math.floor(until) - 1
    return f"@{last_whole_second}" if last_whole_second >= math.floor(now) else "0"


def add_public_headers(response, keys, *, until=None):
    remaining = None if until is None else max(0, int(until - time.time()))
    response["Cache-Control"] = cache_control_value(remaining)
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)
    response["X-Accel-Expires"] = microcache_expires(until, time.time())
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    if not response.has_header("ETag"):
        set_response_etag(response)
    vary = [
        value.strip()
        for value in response.get("Vary", "").split(",")
        if value.strip() and value.strip().lower() not in PUBLIC_VARY_DROPPED
    ]
    if "Vary" in response:
        del response["Vary"]
    if vary:
        patch_vary_headers(response, vary)


def add_gone_headers(response, keys):
    """A moved, missing or taken-down page: the nginx micro-cache keeps the answer, so that it
    replaces the old page there rather than leaving it to be served as a stale copy, and spares
    the application a flood of requests for it. A 404 or 410 is kept a few seconds
    (`NEWSROOM_MICROCACHE_GONE_SECONDS`; an article published again shows that much later); a
    301 only as long as a page, since it can lead to an article just taken down. Its surrogate
    keys let a purge (the article published again, a slug changed back) clear it from a CDN."""
    if response.status_code == 301:
        seconds = getattr(settings, "NEWSROOM_MICROCACHE_SECONDS", 1)
    else:
        seconds = getattr(settings, "NEWSROOM_MICROCACHE_GONE_SECONDS", 5)
    response["X-Accel-Expires"] = str(seconds)
    if keys:
        response["Surrogate-Key"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)
