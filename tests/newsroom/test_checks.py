"""Production refuses a per-process cache shared by nobody (newsroom/checks.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.checks import check_page_cache_is_shared

BASE_DIR = Path(__file__).resolve().parents[2]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {"BACKEND": "newsroom.http.redis_cache.ReusingRedisCache", "LOCATION": "redis://x"}
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.NEWSROOM_PAGE_CACHE = True
    return settings


def test_a_per_process_cache_with_several_workers_is_an_error(production, monkeypatch):
    production.CACHES = LOCMEM
    monkeypatch.setenv("GUNICORN_WORKERS", "4")

    [error] = check_page_cache_is_shared()

    assert error.id == "newsroom.E001"
    assert "CACHE_URL" in error.msg
    assert "4 workers" in error.msg


def test_the_default_worker_count_is_several(production, monkeypatch):
    production.CACHES = LOCMEM
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)

    assert [error.id for error in check_page_cache_is_shared()] == ["newsroom.E001"]


@pytest.mark.parametrize(
    "caches, workers, page_cache",
    [(LOCMEM, "1", True), (REDIS, "4", True), (LOCMEM, "4", False)],
    ids=["one worker", "shared cache", "page cache off"],
)
def test_shared_state_or_one_worker_passes(production, monkeypatch, caches, workers, page_cache):
    production.CACHES = caches
    production.NEWSROOM_PAGE_CACHE = page_cache
    monkeypatch.setenv("GUNICORN_WORKERS", workers)

    assert check_page_cache_is_shared() == []


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "NEWSROOM_"))
        and key not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-test-only-secret-key-that-is-long-enough-for-check-deploy-xyz",
        DJANGO_ALLOWED_HOSTS="example.ma",
        GUNICORN_WORKERS="3",
        **extra,
    )
    return env


@pytest.mark.parametrize(
    "command",
    [
        ["manage.py", "check", "--deploy"],
        ["-c", "import newsroom.wsgi"],  # what gunicorn does at start
    ],
    ids=["check --deploy", "wsgi start"],
)
def test_production_refuses_to_start_without_a_shared_cache(command):
    refused = subprocess.run(
        [sys.executable, *command],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    started = subprocess.run(
        [sys.executable, *command],
        cwd=BASE_DIR,
        env=production_env(CACHE_URL="redis://127.0.0.1:6379/13"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert refused.returncode != 0
    assert "newsroom.E001" in refused.stderr
    assert "CACHE_URL" in refused.stderr
    assert "newsroom.E001" not in started.stderr
    if command[0] == "-c":
        assert started.returncode == 0, started.stderr
