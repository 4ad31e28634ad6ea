"""The Redis cache backend reuses one client per connection pool (newsroom/redis_cache.py)."""

from newsroom.redis_cache import ReusingRedisCache


def test_the_client_is_made_once_per_pool_not_per_operation():
    # No command is sent: making clients and pools does not connect.
    cache = ReusingRedisCache("redis://127.0.0.1:6379/15", {})
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client(write=False) is first  # one server: one pool
