"""A Redis outage is a cache that misses, not a site that fails (newsroom/http/redis_cache.py).

The production backend points at a port nothing listens on, or at a redis-server of this
module's own that it stops and starts again; the machine's Redis is never touched.
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from newsroom.http import redis_cache
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fresh_outage(monkeypatch):
    """A process that has not yet seen Redis fail (the state is per process)."""
    monkeypatch.setattr(redis_cache, "outages", {})


def redis_caches(settings, location, *, retry_after=0):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.http.redis_cache.ReusingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "test-redis-outage",
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 1.0,
                "retry_after": retry_after,
            },
        }
    }


@pytest.fixture
def redis_down(settings, fresh_outage):
    redis_caches(settings, f"redis://127.0.0.1:{free_port()}/0", retry_after=2)


@pytest.fixture
def own_redis(settings, fresh_outage):
    """A redis-server of this test's own: (start, stop) callables; started once here."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    processes = []

    def start():
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        processes.append(process)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop():
        processes[-1].terminate()
        processes[-1].wait(timeout=10)

    start()
    redis_caches(settings, f"redis://127.0.0.1:{port}/0")
    yield start, stop
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def test_reads_miss_and_writes_are_dropped_while_redis_is_down(redis_down):
    started = time.monotonic()

    cache.set("a", 1)
    assert cache.get("a") is None
    assert cache.get("a", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("lock", 1) is True  # the page cache's render lock lets the request render
    assert cache.get_or_set("c", 3) == 3
    assert cache.delete("a") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    with pytest.raises(ValueError):
        cache.incr("counter")

    assert time.monotonic() - started < 1


def test_public_pages_feeds_and_sign_in_answer_while_redis_is_down(
    redis_down, client, make_article, make_staff_user
):
    article = make_article()
    editor = make_staff_user(role="editor")

    for url in (
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:feed"),
        reverse("articles:sitemap"),
        reverse("admin:login"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url

    signed_in = client.post(
        reverse("admin:login"), {"username": editor.username, "password": STAFF_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert reverse("admin:login") not in signed_in["Location"]


def test_an_outage_is_logged_at_most_once_a_minute(redis_down, caplog, client, make_article):
    article = make_article()
    with caplog.at_level(logging.WARNING, logger="newsroom.http.redis_cache"):
        for _ in range(3):
            assert client.get(article.get_absolute_url()).status_code == 200
        cache.outage.skip_until = 0  # later failures, within the minute
        cache.get("again")

    warnings = [r for r in caplog.records if r.name == "newsroom.http.redis_cache"]
    assert len(warnings) == 1
    assert "Redis cache unavailable" in warnings[0].getMessage()


def test_after_a_failure_redis_is_left_alone_for_a_while(redis_down, monkeypatch):
    cache.get("first")  # fails: Redis is now skipped for retry_after seconds
    monkeypatch.setattr(cache._cache, "get", lambda *a, **kw: pytest.fail("Redis was asked again"))

    assert cache.get("second") is None


def test_caching_resumes_when_redis_returns_without_a_restart(own_redis, client, make_article):
    start, stop = own_redis
    article = make_article()
    url = article.get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"

    stop()
    for _ in range(2):
        down = client.get(url)
        assert down.status_code == 200
        assert down["X-Cache"] == "MISS"  # rendered each time: nothing to read or store

    start()  # an empty Redis, as after a restart without persistence
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"


def test_a_redis_that_refuses_writes_is_a_miss_not_an_error(
    own_redis, settings, client, make_article
):
    """At its memory limit (or read-only after a failover) Redis answers writes with an error:
    pages still render."""
    import redis

    article = make_article()
    server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    server.config_set("maxmemory-policy", "noeviction")
    server.config_set("maxmemory", 1)
    try:
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            server.set("probe", "x")  # the server really refuses writes
        cache.set("a", 1)
        assert cache.add("lock", 1) is True
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/").status_code == 200
    finally:
        server.config_set("maxmemory", 0)
