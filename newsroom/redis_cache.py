"""Django's RedisCache, keeping one redis client (and connection) per process.

Django's client builds a new `redis.Redis` for every cache operation, and each one fills a
table of ~170 response callbacks: 0.4 ms of CPU per operation, most of the cost of serving a
cached page. Here each process keeps one client per connection pool, holding one connection
of its own (`single_connection_client`): taking a connection from the pool and giving it back
cost 25-35 µs of CPU per command, a third of what redis-py spends on a command. The client is made per process id, so a worker
forked from gunicorn's master never shares the master's socket, and redis-py locks the
connection around each command, so threads (gthread workers) may share it; pipelines still
take their own connection from the pool. Chosen automatically for redis:// cache URLs
(newsroom/settings.py).

It also skips Django's check of every key against memcached's limits (length, spaces, control
characters): Redis has none of them, and the check (3 µs a key) ran for each of the ~12 keys
an article page's read asks for. The local-memory cache of development and tests still checks.
"""

import os

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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

    def validate_key(self, key):
        """Redis takes any key: no memcached portability warnings."""
