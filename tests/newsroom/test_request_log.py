"""One log line per request with a request id (newsroom/request_log.py), called as a WSGI
server calls the application; JSON lines with DJANGO_LOG_FORMAT=json (newsroom/log_format.py)."""

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from newsroom.http.fast_path import PageCacheApplication
from newsroom.request_log import RequestIdFilter, RequestLogApplication
from tests.newsroom.http.test_fast_path import call, environ_for

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def application(db):
    """The stack of newsroom/wsgi.py, with the request signals left out of the test's database
    transaction as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield RequestLogApplication(PageCacheApplication(WSGIHandler()))
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "newsroom.request"]


def test_each_request_writes_one_line_with_its_id_method_path_status_and_duration(
    application, caplog
):
    caplog.set_level(logging.INFO, logger="newsroom.request")

    answer = call(application, environ_for("/no-such-page/"))

    [line] = request_lines(caplog)
    assert line.levelno == logging.INFO
    assert (line.method, line.path, line.status) == ("GET", "/no-such-page/", 404)
    assert line.duration_ms >= 0
    assert len(line.request_id) == 32  # made here: none came with the request
    assert answer["X-Request-ID"] == line.request_id
    assert line.getMessage().startswith("GET /no-such-page/ 404 ")


def test_a_well_formed_incoming_request_id_is_kept_and_echoed(application, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    incoming = "Root=1-67891233-abcdef012345678912345678"

    answer = call(application, environ_for("/no-such-page/", headers={"X-Request-ID": incoming}))

    assert answer["X-Request-ID"] == incoming
    assert request_lines(caplog)[0].request_id == incoming


@pytest.mark.parametrize(
    "incoming", ["short", "two words here", 'quo"ted-value-123', "line\nbreak-1234567", "x" * 200]
)
def test_a_malformed_incoming_request_id_is_replaced(application, caplog, incoming):
    caplog.set_level(logging.INFO, logger="newsroom.request")

    answer = call(application, environ_for("/no-such-page/", headers={"X-Request-ID": incoming}))

    assert answer["X-Request-ID"] != incoming
    assert len(answer["X-Request-ID"]) == 32
    assert request_lines(caplog)[0].request_id == answer["X-Request-ID"]


def test_health_checks_are_not_logged_at_info(application, caplog):
    caplog.set_level(logging.DEBUG, logger="newsroom.request")

    answer = call(application, environ_for("/healthz"))

    assert answer.status_code == 200
    [line] = request_lines(caplog)
    assert line.levelno == logging.DEBUG


def test_other_lines_logged_during_a_request_carry_its_id(application, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    caplog.handler.addFilter(RequestIdFilter())

    answer = call(application, environ_for("/no-such-page/"))

    [warning] = [record for record in caplog.records if record.name == "django.request"]
    assert warning.request_id == answer["X-Request-ID"]


def test_json_log_format_writes_one_object_per_line():
    # A process of its own: the logging configuration is read once, from the settings.
    script = textwrap.dedent(
        """
        from wsgiref.util import setup_testing_defaults
        from newsroom.wsgi import application
        environ = {"PATH_INFO": "/healthz", "HTTP_X_REQUEST_ID": "abcdef-123456"}
        setup_testing_defaults(environ)
        body = application(environ, lambda status, headers, exc_info=None: None)
        b"".join(body)
        body.close()
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_LOG_FORMAT="json",
        DJANGO_LOG_LEVEL="DEBUG",
        # A database with no tables: the health check answers 503 and says why in the log.
        DATABASE_URL="sqlite:///:memory:",
    )
    env.pop("CACHE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    [request] = [line for line in lines if line["logger"] == "newsroom.request"]
    assert request["request_id"] == "abcdef-123456"
    assert (request["method"], request["path"], request["status"]) == ("GET", "/healthz", 503)
    assert request["level"] == "DEBUG"
    assert isinstance(request["duration_ms"], float)
    # Lines other than the request's own carry its id too.
    assert any(
        line["logger"] == "django.request" and line["request_id"] == "abcdef-123456"
        for line in lines
    )


def test_an_unknown_log_format_is_refused_by_name():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="true", DJANGO_LOG_FORMAT="xml")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be text or json, not 'xml'" in result.stderr


def test_an_arabic_path_is_logged_readably_and_control_characters_escaped(application, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")

    call(application, environ_for("/%D8%AA%D8%B7%D9%88%D8%A7%D9%86/%0Afake%20line"))

    [line] = request_lines(caplog)
    assert line.path == "/تطوان/\\x0afake line"
    assert "\n" not in line.getMessage()


def test_a_preview_link_s_token_never_reaches_the_log(application, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")

    call(application, environ_for("/preview/link/eyJhIjo1fQ:1abc:SIGNATURE/"))

    [line] = request_lines(caplog)
    assert line.path == "/preview/link/[redacted]/"
    assert "SIGNATURE" not in line.getMessage()
