"""`POST /r/<id>`: the beacon an article page sends once shown (static/articles/js/most-read.js),
counted by articles/services/reads.py. The answer is the same whatever happened (204, nothing
to store, no cookie): a bot, a reload, an id of no public article or a Redis that is down all
look alike from outside, and the page never waits on it.

Every article view brings one beacon, which nothing can cache, so gunicorn answers it before
Django's request handling (`ReadBeaconApplication`, newsroom/wsgi.py): no request signals, no
middleware (sessions, authentication, CSP…), no database query, one Redis round trip. The view
below answers the same beacon the same way when it does reach Django (the test client, a
server that does not use newsroom/wsgi.py, a configuration the early answer cannot reproduce).
"""

import logging
import re
import sys

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.services.reads import read_count
from newsroom.sessions import leaves_session_idle

logger = logging.getLogger(__name__)


def count_and_answer(request, pk):
    """Count the beacon (or not) and the answer, the same for every beacon: 204, never stored."""
    read_count(
        article_id=pk,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=get_client_ip_address(request) or None,
    )
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


@csrf_exempt  # nothing to forge: a read counts at most once a minute per address and article
@require_POST
# The page's script sends it on its own: not a signed-in person's activity, and no cookie.
@leaves_session_idle
def read_beacon(request, pk):
    return count_and_answer(request, pk)


# The middleware that may run before the beacon's early answer: it reproduces what they do to
# it (SecurityMiddleware's headers and HTTPS redirect; WhiteNoise only answers static paths).
REPRODUCED_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
}
# Middleware after those that change nothing a beacon's answer depends on: the NUL guard looks
# at the path and query (a beacon's path is digits, and one with a query goes to Django), the
# rest adds headers to a 204 without a body or reads a session the beacon leaves alone.
IGNORED_MIDDLEWARE = {
    "newsroom.http.middleware.PageCacheMiddleware",
    "newsroom.request_guard.NulByteGuardMiddleware",
    "newsroom.sessions.IdleTimeoutSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "authors.staff.middleware.SessionGenerationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "newsroom.middleware.AdminNeverCachedMiddleware",
    "axes.middleware.AxesMiddleware",
}


def early_answer_possible():
    """True when every middleware is one the early answer reproduces or may leave out, and
    `/r/<id>` is the beacon's view."""
    if not set(settings.MIDDLEWARE) <= REPRODUCED_MIDDLEWARE | IGNORED_MIDDLEWARE:
        return False
    try:
        return resolve(reverse("articles:read", args=[1])).func is read_beacon
    except Resolver404:
        return False


class ReadBeaconApplication:
    """A WSGI application that answers `POST /r/<digits>` (no query string) before Django,
    exactly as the view would, and hands every other request to `application` untouched.

    Left to Django: other methods and paths, a query string, a disallowed Host (Django answers
    400), the HTTPS redirect, and anything that fails here."""

    def __init__(self, application):
        self.application = application
        self.enabled = early_answer_possible()
        self.security = SecurityMiddleware(lambda request: None)
        # Django's <int:pk>: ASCII digits only ("١٢" and "-1" are 404s, from Django).
        prefix = reverse("articles:read", args=[1])[:-1]
        self.path = re.compile(re.escape(prefix) + r"([0-9]+)")

    def __call__(self, environ, start_response):
        response = self.answer(environ) if self.enabled else None
        if response is None:
            return self.application(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return []

    def answer(self, environ):
        """The beacon's answer, or None to let Django answer."""
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("QUERY_STRING"):
            return None
        match = self.path.fullmatch(environ.get("PATH_INFO", ""))
        # Digits past what int() reads: Django's converter refuses them too (404).
        if match is None or len(match.group(1)) > sys.get_int_max_str_digits():
            return None
        # A copy: Django must receive the environ as the server gave it.
        request = WSGIRequest(dict(environ))
        try:
            request.get_host()  # CommonMiddleware's check: Django answers 400
            if self.security.process_request(request) is not None:
                return None  # the HTTPS redirect: Django sends it
            response = count_and_answer(request, int(match.group(1)))
        except DisallowedHost:
            return None
        except Exception:
            logger.exception("The read beacon's early answer failed; Django answers instead")
            return None
        return self.security.process_response(request, response)
