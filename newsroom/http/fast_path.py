"""A WSGI application that answers fresh page-cache hits before Django's request handling.

A hit answered by `PageCacheMiddleware` still pays for Django's handler: the request
signals (which check the database connections), the middleware chain and the URL
configuration. `PageCacheApplication` wraps the Django application (newsroom/wsgi.py) and, for
an anonymous GET or HEAD whose page is stored, fresh and not purged, answers it directly with
the same response the middleware would give: the stored status and headers, `Age`,
`X-Cache: HIT`, a 304 for a matching `If-None-Match`, no body for HEAD, and the headers of
`SecurityMiddleware`, the only middleware before the page cache that adds any.

Everything else goes to Django unchanged, with what was read from the cache left in the
environ so the middleware does not read it again: requests carrying the session cookie,
other methods, static, media and admin paths, a disallowed Host (Django answers 400), an
HTTPS redirect, a miss, an expired or purged page, any error. The test client calls Django's
handler, not this application, so the middleware keeps every behaviour on its own.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware

from newsroom.http import page_cache
from newsroom.http.middleware import PageCacheMiddleware, replayed_headers

logger = logging.getLogger(__name__)

PAGE_CACHE_MIDDLEWARE = "newsroom.http.middleware.PageCacheMiddleware"
# The middleware allowed before the page cache: the fast path reproduces what they do to a
# cached page (WhiteNoise only answers static paths, which the fast path leaves alone).
REPRODUCED_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
}
# The request headers that can turn a hit into a 304 or a 412 (django.utils.cache's
# get_conditional_response): a request with one is answered through an HttpResponse.
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def fast_path_possible():
    """True when nothing but reproduced middleware runs before the page cache's."""
    middleware = list(settings.MIDDLEWARE)
    if PAGE_CACHE_MIDDLEWARE not in middleware:
        return False
    return set(middleware[: middleware.index(PAGE_CACHE_MIDDLEWARE)]) <= REPRODUCED_MIDDLEWARE


def url_path(url):
    """The path part of a setting such as STATIC_URL, as request.path_info starts with it."""
    path = urlsplit(url or "").path
    return "/" + path.lstrip("/") if path else ""


class PageCacheApplication:
    def __init__(self, application):
        self.application = application
        self.enabled = fast_path_possible()
        self.security = SecurityMiddleware(lambda request: None)
        # is_secure() -> the headers SecurityMiddleware adds to a page lacking them.
        self._security_headers = {}
        self.skipped_prefixes = tuple(
            prefix
            for prefix in (
                url_path(settings.STATIC_URL),
                url_path(settings.MEDIA_URL),
                "/" + settings.ADMIN_URL.lstrip("/"),
            )
            if prefix not in ("", "/")
        )

    def __call__(self, environ, start_response):
        answer = self.answer(environ) if self.enabled else None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, content = answer
        start_response(status, headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return []
        return [content]

    def answer(self, environ):
        """(status line, headers, body) of a fresh hit, or None to let Django answer."""
        if not getattr(settings, "NEWSROOM_PAGE_CACHE", True):
            return None
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        # WSGIRequest rewrites PATH_INFO in the environ it is given (decoded from Latin-1 to
        # UTF-8); Django must receive the original, so the request gets a copy.
        request = WSGIRequest(dict(environ))
        if not PageCacheMiddleware.may_read_cache(request) or request.path_info.startswith(
            self.skipped_prefixes
        ):
            return None
        try:
            if self.security.process_request(request) is not None:
                return None  # the HTTPS redirect: Django sends it
            key = page_cache.page_key(request)
            entry, current = page_cache.lookup(key)
        except DisallowedHost:
            return None  # Django answers 400 and logs it
        except Exception:
            logger.exception("The page cache's WSGI fast path failed; Django answers instead")
            return None
        if not page_cache.is_fresh(entry, current):
            environ[page_cache.LOOKUP_ENVIRON_KEY] = (key, entry, current)
            return None
        if (
            entry.status != 200
            or not entry.headers
            or entry.headers[0][0].lower() != "content-type"
            or any(name in environ for name in CONDITIONAL_HEADERS)
        ):
            # A possible 304, or a page an HttpResponse would order otherwise (it starts with
            # Content-Type): the middleware's own replay, as Django would answer.
            response = PageCacheMiddleware.replay(request, entry, "HIT")
            response = self.security.process_response(request, response)
            status = f"{response.status_code} {response.reason_phrase}"
            return status, list(response.items()), response.content
        headers = replayed_headers(entry, "HIT")
        return "200 OK", headers + self.security_headers(request, headers), entry.content

    def security_headers(self, request, headers):
        """What SecurityMiddleware.process_response adds to a page with `headers`.

        What it adds depends only on its settings and on whether the request is secure, so it
        is asked once per process for each, on an empty response; like the middleware, a header
        the page already has is left as it is."""
        secure = request.is_secure()
        added = self._security_headers.get(secure)
        if added is None:
            blank = HttpResponse()
            before = {name.lower() for name in blank.headers}
            self.security.process_response(request, blank)
            added = [(name, value) for name, value in blank.items() if name.lower() not in before]
            self._security_headers[secure] = added
        present = {name.lower() for name, _ in headers}
        return [(name, value) for name, value in added if name.lower() not in present]
