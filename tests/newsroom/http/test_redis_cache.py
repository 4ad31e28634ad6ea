"""The Redis cache backend (newsroom/http/redis_cache.py): one client and connection per process."""

import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest
from django.core.cache import CacheKeyWarning
from django.core.cache.backends.redis import RedisCache

from newsroom.http.redis_cache import ReusingRedisCache

# Redis database 13, under a prefix of these tests' own.
LOCATION = "redis://127.0.0.1:6379/13"
PREFIX = "test-redis-cache"


@pytest.fixture
def backend():
    cache = ReusingRedisCache(LOCATION, {"KEY_PREFIX": PREFIX})
    yield cache
    client = cache._cache.get_client(write=True)
    for name in client.scan_iter(f"{PREFIX}:*"):
        client.delete(name)


def test_the_client_is_made_once_per_process_not_per_operation(backend):
    first = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=True) is first
    assert backend._cache.get_client(write=False) is first  # one server: one pool
    backend.set("a", 1)
    assert backend.get("a") == 1
    assert first.connection is not None  # its own connection, not one per command


def test_threads_share_the_client_safely(backend):
    backend.set_many({f"k{i}": i for i in range(20)})
    failures = []

    def read(offset):
        for _ in range(200):
            keys = [f"k{(offset + j) % 20}" for j in range(5)]
            if backend.get_many(keys) != {key: int(key[1:]) for key in keys}:
                failures.append(offset)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# Run in a fresh single-threaded interpreter: forking the test process itself, which has
# threads of its own, could deadlock the child.
FORK_CHECK = f"""
import os
from newsroom.http.redis_cache import ReusingRedisCache

cache = ReusingRedisCache({LOCATION!r}, {{"KEY_PREFIX": {PREFIX!r}}})
parent_client = cache._cache.get_client()
cache.set("shared", "value")
pid = os.fork()
if pid == 0:  # the child, as a gunicorn worker forked from the master
    ok = cache._cache.get_client() is not parent_client and cache.get("shared") == "value"
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, "the child reused the parent's client"
assert cache.get("shared") == "value", "the parent's connection broke"
"""


def test_a_forked_process_gets_a_client_of_its_own(backend):
    result = subprocess.run(
        [sys.executable, "-c", FORK_CHECK],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_the_redis_backend_takes_keys_memcached_would_refuse(backend):
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        backend.set("a key with spaces " + "x" * 300, 1)
        assert backend.get("a key with spaces " + "x" * 300) == 1


# --- the same answers as Django's RedisCache (docs/decisions/reusing-redis-cache.md) ----------

# Redis database 10: no other test uses it (13 is these tests' and the page cache's, 12 the
# deploy tests').
PLAIN_LOCATION = "redis://127.0.0.1:6379/10"


@pytest.fixture
def twins():
    """(the project's backend, Django's as is) on the same Redis, each under its own prefix."""
    ours = ReusingRedisCache(PLAIN_LOCATION, {"KEY_PREFIX": "test-pin-ours"})
    django = RedisCache(PLAIN_LOCATION, {"KEY_PREFIX": "test-pin-django"})
    yield ours, django
    client = ours._cache.get_client(write=True)
    for prefix in ("test-pin-ours", "test-pin-django"):
        for name in client.scan_iter(f"{prefix}:*"):
            client.delete(name)


def outcome(cache, name, *args):
    """What a cache call answers, or the class and message of what it raises (the backend's
    own prefix left out)."""
    try:
        return ("answer", getattr(cache, name)(*args))
    except Exception as error:  # noqa: BLE001 - the exception is the answer compared
        return ("raises", type(error), str(error).replace(cache.key_prefix, "<prefix>"))


def script(cache):
    """One sequence of operations; the answers of each step and what Redis holds after."""
    page = {"html": "<p>مقال عن ميناء طنجة</p>".encode(), "keys": ["home", "section:3"]}
    steps = [
        ("set", "page:/article/1/ميناء-طنجة/", page),
        ("get", "page:/article/1/ميناء-طنجة/"),
        ("get", "missing", "default"),
        ("set", "counter", 5),
        ("incr", "counter"),
        ("incr", "counter", 10),
        ("decr", "counter", 3),
        ("incr", "missing"),
        ("add", "counter", 99),
        ("add", "fresh", "جديد", 60),
        ("get", "fresh"),
        ("touch", "fresh", 300),
        ("touch", "missing", 300),
        ("touch", "fresh", None),
        ("set", "none", None),
        ("get", "none", "default"),
        ("has_key", "none"),
        ("set", "gone at once", 1, 0),
        ("get", "gone at once", "default"),
        ("set_many", {"generation:home": 7, "generation:section:3": 2, "ليس": 1.5}),
        ("get_many", ["generation:home", "generation:section:3", "ليس", "missing"]),
        ("delete", "generation:home"),
        ("delete", "generation:home"),
        ("delete_many", ["generation:section:3", "missing"]),
        ("get_many", ["generation:home", "generation:section:3", "ليس"]),
        ("get_or_set", "lazy", lambda: "محسوب"),
        ("get_or_set", "lazy", "ignored"),
        ("incr_version", "lazy"),
        ("get", "lazy"),
        ("get", "lazy", None, 2),
    ]
    answers = [outcome(cache, name, *args) for name, *args in steps]
    client = cache._cache.get_client(write=True)
    prefix = cache.key_prefix + ":"
    held = {}
    for name in client.scan_iter(f"{prefix}*"):
        ttl = client.ttl(name)
        held[name.decode().removeprefix(prefix)] = (client.get(name), "expires" if ttl > 0 else ttl)
    return answers, held


def test_reusing_redis_cache_answers_what_djangos_redis_cache_answers(twins):
    ours, django = twins
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CacheKeyWarning)  # Django's check of "gone at once"
        assert script(ours) == script(django)
