"""Django's RedisCache, keeping one redis client per connection pool.

Django's client builds a new `redis.Redis` for every cache operation, and each one fills a
table of ~170 response callbacks: 0.4 ms of CPU per operation, most of the cost of serving a
cached page (two operations). A `redis.Redis` is safe to share between threads (it takes a
connection from its pool for each command) and the pools reconnect after a fork, so one per
pool is enough. Chosen automatically for redis:// cache URLs (newsroom/settings.py).

It also skips Django's check of every key against memcached's limits (length, spaces, control
characters): Redis has none of them, and the check ran once per key of a multi-key read, a
tenth of a cached page's CPU. The local-memory cache of development and tests still checks.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key: no memcached portability warnings."""
