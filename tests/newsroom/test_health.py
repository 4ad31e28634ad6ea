"""`/healthz` (newsroom/health.py): 200 when the site can serve, 503 when it cannot, never cached."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from newsroom import health

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def migrations_read_afresh(monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)


@pytest.mark.django_db
def test_healthz_names_each_dependency_and_answers_200_when_all_is_well(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "applied",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_healthz_is_never_stored_by_any_cache(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True

    first = client.get("/healthz")
    second = client.get("/healthz")

    for response in (first, second):
        assert response["Cache-Control"] == "no-store"
        assert "X-Cache" not in response  # the page cache neither stored nor replayed it
        assert "Surrogate-Key" not in response
        assert "X-Accel-Expires" not in response  # nginx's micro-cache keeps nothing


@pytest.mark.django_db
def test_healthz_answers_503_when_a_migration_is_not_applied(client):
    latest = MigrationRecorder(connection).migration_qs.filter(app="articles").latest("id")
    latest.delete()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"
    assert response.json()["status"] == "failing"


@pytest.mark.django_db
def test_healthz_stays_200_but_degraded_when_the_cache_does_not_answer(client):
    # Nothing listens on port 1: every cache call fails at once. Restored before the other
    # fixtures' teardowns use the cache. (The page cache is off in tests, see tests/conftest.py.)
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/13",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "migrations": "applied",
        "cache": "unavailable",
    }


def test_healthz_answers_503_when_the_database_does_not_answer():
    # In a process of its own, pointed at a PostgreSQL port where nothing listens.
    script = textwrap.dedent(
        """
        import django, json
        django.setup()
        from django.test import Client
        response = Client().get("/healthz")
        print(json.dumps({"status": response.status_code, "body": response.json()}))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="true",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing",
        DJANGO_LOG_LEVEL="CRITICAL",
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
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["database"] == "unavailable"
    assert answer["body"]["status"] == "failing"


def test_a_plain_http_health_check_is_not_redirected_in_production(tmp_path):
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import Client
        print(Client().get("/healthz", HTTP_HOST="www.example.ma").status_code)
        print(Client().get("/", HTTP_HOST="www.example.ma").status_code)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="www.example.ma",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_LOG_LEVEL="CRITICAL",
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
    health, home = result.stdout.split()
    assert home == "301"  # every other page goes to HTTPS
    assert health == "503"  # answered (an empty database: migrations pending), not redirected
