"""Errors reported to Sentry when SENTRY_DSN is set (docs/operations.md, "Errors: Sentry").

No personal data leaves the server by default: sentry-sdk's `send_default_pii=False` keeps
out users, cookies and client addresses, request bodies are never sent, and `scrub_event`
drops what an integration might still attach (cookies, the Cookie and Authorization headers,
query strings, user fields). Each event carries the request id of the log lines
(newsroom/request_log.py), so an error report and its request's log line can be matched.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from newsroom.request_log import current_request_id, secrets_redacted

DROPPED_HEADERS = {"cookie", "authorization", "proxy-authorization", "x-csrftoken"}


def scrub_event(event, hint):
    request = event.get("request")
    if request:
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("query_string", None)
        if request.get("url"):
            request["url"] = secrets_redacted(request["url"])
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() not in DROPPED_HEADERS
        }
    event.pop("user", None)
    request_id = current_request_id.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def error_reporting_init(*, dsn, environment, release):
    """Start reporting unhandled errors and ERROR log lines to the Sentry project at `dsn`."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        # A stack frame's variables may hold a password or a reader's message.
        include_local_variables=False,
        # Errors only: performance tracing is a separate decision (volume, cost).
        traces_sample_rate=0.0,
        before_send=scrub_event,
    )
