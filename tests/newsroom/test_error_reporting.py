"""Errors go to Sentry when SENTRY_DSN is set, without personal data (newsroom/error_reporting.py).

The real sentry-sdk sends over real HTTP to a small server started here, which keeps what it
receives; the failing request comes from a signed-in user, with cookies and a form body.
"""

import gzip
import json
import os
import subprocess
import sys
import textwrap
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

FAILING_REQUEST = textwrap.dedent(
    """
    import io
    import os
    from urllib.parse import urlencode
    from wsgiref.util import setup_testing_defaults

    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import path
    import newsroom.urls
    import sentry_sdk

    call_command("migrate", verbosity=0)

    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def broken(request):
        request.POST  # the form is read, as a real view would
        raise RuntimeError("the view broke on purpose")

    newsroom.urls.urlpatterns.insert(0, path("broken/", broken))

    user = get_user_model().objects.create_user(
        os.environ["SECRET_USERNAME"], email=os.environ["SECRET_EMAIL"], password="unused-password-123"
    )
    signed_in = Client()
    signed_in.force_login(user)
    session = signed_in.cookies["sessionid"].value

    # The application gunicorn serves, called as a WSGI server calls it.
    from newsroom.wsgi import application
    body = urlencode({"password": os.environ["SECRET_FORM"]}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/broken/",
        "QUERY_STRING": "token=" + os.environ["SECRET_QUERY"],
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_COOKIE": f"sessionid={session}; reader_secret={os.environ['SECRET_COOKIE']}",
        "HTTP_AUTHORIZATION": "Bearer " + os.environ["SECRET_HEADER"],
        "HTTP_X_REQUEST_ID": "request-id-12345678",
        "REMOTE_ADDR": os.environ["SECRET_ADDRESS"],
    }
    setup_testing_defaults(environ)
    statuses = []
    answer = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(answer)
    answer.close()
    assert statuses[0].startswith("500"), statuses
    sentry_sdk.flush(timeout=10)
    """
)

# Handed to the script through its environment: a stack trace's source lines would otherwise
# carry them, and the test is about what the request holds.
SECRETS = {
    "SECRET_COOKIE": "cookie-value-never-sent",
    "SECRET_QUERY": "query-value-never-sent",
    "SECRET_FORM": "form-value-never-sent",
    "SECRET_HEADER": "header-value-never-sent",
    "SECRET_USERNAME": "reporter-amina",
    "SECRET_EMAIL": "amina@example.ma",
    "SECRET_ADDRESS": "198.51.100.23",
}


@pytest.fixture
def sentry_server():
    """An HTTP server standing in for Sentry's ingestion: it keeps each envelope's bytes."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            received.append((self.path, body))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def run_failing_request(folder, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_"))}
    env.update(
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        # A file: the WSGI handler closes the connection after the request.
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_LOG_LEVEL="CRITICAL",
        **SECRETS,
        **env_overrides,
    )
    env.pop("CACHE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def events_in(received):
    events = []
    for _path, envelope in received:
        lines = envelope.split(b"\n")
        # header, then (item header, item payload) pairs
        for item_header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(item_header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_an_unhandled_error_reaches_sentry_without_personal_data(sentry_server, tmp_path):
    port, received = sentry_server

    result = run_failing_request(tmp_path, SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42")

    assert result.returncode == 0, result.stderr
    assert received, "no envelope reached the Sentry server"
    assert all(path == "/api/42/envelope/" for path, _ in received)
    [event] = [e for e in events_in(received) if e.get("exception")]
    assert event["exception"]["values"][-1]["value"] == "the view broke on purpose"
    assert event["request"]["url"].endswith("/broken/")
    assert event["tags"]["request_id"] == "request-id-12345678"  # as in the request's log line
    for absent in ("cookies", "data", "query_string"):
        assert absent not in event["request"]
    assert "user" not in event
    headers = {name.lower() for name in event["request"].get("headers", {})}
    assert not headers & {"cookie", "authorization"}
    everything = b"".join(envelope for _, envelope in received).decode()
    for secret in SECRETS.values():
        assert secret not in everything, secret


def test_nothing_is_sent_without_a_dsn(sentry_server, tmp_path):
    port, received = sentry_server

    result = run_failing_request(tmp_path)

    assert result.returncode == 0, result.stderr
    assert received == []
