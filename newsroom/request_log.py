"""One log line per request, with a request id (docs/operations.md, "Logs").

`RequestLogApplication` wraps the whole WSGI application (newsroom/wsgi.py), outside the page
cache's fast path, so cached answers are logged too. For each request it:

- takes the incoming `X-Request-ID` when it is well formed (a proxy or load balancer set it),
  or makes one, and sends it back in the response's `X-Request-ID`;
- writes one line on the `newsroom.request` logger when the response is finished: method, path,
  status, duration in milliseconds and the request id. Health checks go at DEBUG: a load
  balancer asking every few seconds would drown the rest;
- makes the id available to every other line logged meanwhile (`RequestIdFilter`), and to
  error reports (newsroom/error_reporting.py).
"""

import contextvars
import logging
import re
import time
import uuid

logger = logging.getLogger("newsroom.request")

# newsroom/health.py's address (newsroom/urls.py), logged at DEBUG. Not imported from there:
# this module is loaded with the settings, before Django's database layer may be.
HEALTH_PATH = "/healthz"

# Letters, digits and the separators of the usual formats (UUIDs, AWS's Root=1-…, hex ids):
# anything else (spaces, quotes, control characters) would let a client write into our logs.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/-]{8,128}")

current_request_id = contextvars.ContextVar("current_request_id", default=None)

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


# Paths that carry a secret: a preview link's token opens an unpublished article to whoever
# reads it, so it never reaches a log line or an error report.
SECRET_IN_PATH = re.compile(r"(/preview/link/)[^/?#]+")


def secrets_redacted(path):
    return SECRET_IN_PATH.sub(r"\1[redacted]", path)


def logged_path(environ):
    """The path as readers typed it: WSGI hands it over as UTF-8 bytes read as Latin-1 (an
    Arabic slug would be logged as mojibake), and percent-decoded (an encoded line break
    would start a forged log line): control characters are shown escaped."""
    path = environ.get("PATH_INFO", "").encode("latin-1", "replace").decode("utf-8", "replace")
    path = secrets_redacted(path)
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match[0]):02x}", path)


def request_id_from(environ):
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    if WELL_FORMED_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every record a `request_id` attribute: the current request's, or "-"."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get() or "-"
        return True


class RequestLogApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        # Read before the application runs, which may rewrite the environ's path.
        path = logged_path(environ)
        request_id = request_id_from(environ)
        # Django and the views see the id that is logged, well formed or made here.
        environ["HTTP_X_REQUEST_ID"] = request_id
        token = current_request_id.set(request_id)
        status = []

        def start_response_with_id(status_line, headers, exc_info=None):
            status[:] = [status_line]
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            headers.append(("X-Request-ID", request_id))
            return start_response(status_line, headers, exc_info)

        try:
            body = self.application(environ, start_response_with_id)
        except BaseException:
            self.log(environ, path, ["500"], started, request_id)
            current_request_id.reset(token)
            raise
        current_request_id.reset(token)
        return LoggedBody(body, lambda: self.log(environ, path, status, started, request_id))

    @staticmethod
    def log(environ, path, status, started, request_id):
        code = int(status[0][:3]) if status else 0
        level = logging.DEBUG if path == HEALTH_PATH else logging.INFO
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.log(
            level,
            "%s %s %s %.1fms",
            environ.get("REQUEST_METHOD", ""),
            path,
            code,
            duration_ms,
            extra={
                "request_id": request_id,
                "method": environ.get("REQUEST_METHOD", ""),
                "path": path,
                "status": code,
                "duration_ms": duration_ms,
            },
        )


class LoggedBody:
    """The response body, passed through; the line is written when the server closes it."""

    def __init__(self, body, on_close):
        self.body = body
        self.on_close = on_close

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.on_close()
