"""Fixtures of the read counts' tests: the cache on the machine's Redis (database 12, under a
prefix of each test's own, removed afterwards), or on a port where nothing listens."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.utils import timezone

from articles.services import reads
from newsroom.http import redis_cache

READS_REDIS = "redis://127.0.0.1:6379/12"
BROWSER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def redis_cache_settings(location, prefix):
    return {
        "default": {
            "BACKEND": "newsroom.http.redis_cache.ReusingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 1.0, "retry_after": 2},
        }
    }


@pytest.fixture
def counting_redis(settings, monkeypatch):
    """The default cache on Redis; yields the raw client. Every key of the test is removed."""
    yield from redis_for_counting(settings, monkeypatch)


def redis_for_counting(settings, monkeypatch):
    """`counting_redis`'s body, for modules outside tests/articles (the browser tests)."""
    monkeypatch.setattr(redis_cache, "outages", {})
    prefix = f"test-reads-{uuid.uuid4().hex[:12]}"
    settings.CACHES = redis_cache_settings(READS_REDIS, prefix)
    client = caches["default"]._cache.get_client(write=True)
    yield client
    for name in client.scan_iter(f"{prefix}:*"):
        client.delete(name)


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The default cache on Redis at a port nothing listens on."""
    monkeypatch.setattr(redis_cache, "outages", {})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{port}/0", "test-reads-down")


def counted(client, article_id, moment=None):
    """The reads of `article_id` in Redis for `moment`'s hour (now by default)."""
    hour = reads.hour_of(moment or timezone.now())
    value = client.hget(reads.hour_key(hour), str(article_id))
    return int(value) if value is not None else 0
