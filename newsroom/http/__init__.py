"""HTTP caching of anonymous public pages: the page cache, its middleware and WSGI fast path,
surrogate keys, the Redis cache backend and the purge receivers."""
