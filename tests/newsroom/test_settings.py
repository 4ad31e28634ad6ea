"""Production refuses to start without its secrets; with them, check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "www.example.ma",
    # Several gunicorn workers need a shared cache (newsroom/checks.py); nothing connects to it.
    "CACHE_URL": "redis://127.0.0.1:6379/13",
    # The staff's e-mails need the site's address and a real sender (newsroom/checks.py).
    "DJANGO_SITE_URL": "https://www.example.ma",
    "DJANGO_DEFAULT_FROM_EMAIL": "desk@example.ma",
}


def manage(*args, **env_overrides):
    # Settings only: the embedded SQLite default, so no database server needs to exist (Django's
    # checks of generated columns ask PostgreSQL for its version).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in ("DATABASE_URL",)
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = manage("check", **env)

    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG is off" in result.stderr


def test_debug_defaults_to_off_so_a_bare_environment_is_refused():
    result = manage("check")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_starts_without_secrets():
    result = manage("check", DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("debug", ["true", "false"])
def test_a_django_log_line_is_printed_once(debug):
    env = {**PRODUCTION, "DJANGO_DEBUG": debug}
    code = "import logging; logging.getLogger('django.request').warning('marker-1b7')"

    result = manage("shell", "-c", code, **env)

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("marker-1b7") == 1


@pytest.mark.parametrize(
    ("missing", "warning"),
    [("DJANGO_SITE_URL", "newsroom.W002"), ("DJANGO_DEFAULT_FROM_EMAIL", "newsroom.W003")],
)
def test_check_deploy_warns_when_the_mails_would_have_no_host_or_no_sender(missing, warning):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert warning in result.stderr
