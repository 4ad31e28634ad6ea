"""Django's RedisCache, keeping one redis client (and connection) per process.

Django's client builds a new `redis.Redis` for every cache operation, and each one fills a
table of response callbacks: most of the cost of serving a cached page. Here each process keeps
one client per connection pool, holding one connection of its own (`single_connection_client`):
taking a connection from the pool and giving it back for every command costs a large share of
what redis-py spends on a command. The client is made per process id, so a worker forked from
gunicorn's master never shares the master's socket, and redis-py locks the connection around
each command, so threads (gthread workers) may share it; pipelines still take their own
connection from the pool. Chosen automatically for redis:// cache URLs (newsroom/settings.py).

It also skips Django's check of every key against memcached's limits (length, spaces, control
characters): Redis has none of them, and the check ran for each of the dozen keys an article
page's read asks for. The local-memory cache of development and tests still checks.

Measured against Django's RedisCache, pinned to it by tests/newsroom/http/test_redis_cache.py,
and when to revisit: docs/decisions/reusing-redis-cache.md.

A Redis that is stopped, unreachable or too slow is a cache that misses, not a site that
fails (docs/operations.md, "Caching and Redis outages"): reads return their default, writes
are dropped, `add` answers True (so the page cache's render lock lets the request render),
`incr` raises ValueError as for a missing key. After a failure the process leaves Redis alone
for `retry_after` seconds (OPTIONS, 2 by default), so a Redis that does not answer costs one
request the connect timeout, not every request every operation; then it tries again, and
caching resumes without a restart. The failure is logged at most once a minute per process.
`clear()` still raises: whoever empties the cache must know it did not happen.
"""

import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Every error of Redis's: not only a dead or slow server (ConnectionError, TimeoutError,
# BusyLoadingError while it reads its dump) but one that refuses writes (OutOfMemoryError at its
# memory limit, ReadOnlyError on a replica after a failover, MISCONF on a full disk).
UNAVAILABLE = (RedisError,)
LOG_INTERVAL_SECONDS = 60


class Outage:
    """This process's view of whether one Redis answers: shared by every thread's cache object
    (Django makes one per thread), so one failure spares the other threads the timeout too."""

    def __init__(self):
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.logged_at = None

    def skipping(self):
        return time.monotonic() < self.skip_until

    def failed(self, operation, error, *, retry_after):
        now = time.monotonic()
        with self.lock:
            self.skip_until = now + retry_after
            if self.logged_at is not None and now - self.logged_at < LOG_INTERVAL_SECONDS:
                return
            self.logged_at = now
        logger.warning(
            "Redis cache unavailable (%s: %s); serving without the cache, retrying every %ss",
            operation,
            error,
            retry_after,
        )


# Redis server location(s) -> Outage, in this process.
outages = {}
_SKIPPED = object()


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        slot = (id(pool), os.getpid())
        client = self._clients.get(slot)
        if client is None:
            client = self._client(connection_pool=pool, single_connection_client=True)
            self._clients[slot] = client
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._options = dict(self._options)
        self.retry_after = float(self._options.pop("retry_after", 2))
        self.outage = outages.setdefault(tuple(self._servers), Outage())

    def _or_miss(self, fallback, operation, *args, **kwargs):
        """`operation(*args, **kwargs)`, or `fallback` while Redis does not answer."""
        if self.outage.skipping():
            return fallback
        try:
            return operation(*args, **kwargs)
        except UNAVAILABLE as error:
            self.outage.failed(operation.__name__, error, retry_after=self.retry_after)
            return fallback

    def get(self, key, default=None, version=None):
        return self._or_miss(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or_miss({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or_miss(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or_miss(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._or_miss(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        value = self._or_miss(_SKIPPED, super().incr, key, delta, version)
        if value is _SKIPPED:
            raise ValueError(f"Key '{key}' not found (the Redis cache is unavailable)")
        return value

    def validate_key(self, key):
        """Redis takes any key: no memcached portability warnings."""
