"""Values every page needs, kept in the shared cache and forgotten by the services that change
them: the home page's pins, the "most read" rankings, the time of the next scheduled update.

Forgetting sets a new *generation* rather than deleting: a value is stored with the generation
read before it was computed, and served only while that generation stands. So a page that
computed the value while a change committed (and its forget landed) stores a value no page
will read, where a deleted key would have been written back stale for the value's whole life.
One generation can cover many keys (all the hours and sections of "most read").

Values must be plain data (numbers, strings, dates, tuples, lists): what the cache holds must
still read after a deploy that changed a class. The cache may be Redis, which answers errors
as misses (newsroom/http/redis_cache.py): the value is then computed on every page, and a
forget lost in an outage is bounded by the value's `seconds`.
"""

import time

from django.core.cache import cache
from django.db import transaction


def kept(key, compute, *, seconds, generation_key=None):
    """The value kept under `key`, or `compute()`'s, stored for at most `seconds`."""
    generation_key = generation_key or f"{key}:generation"
    found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return entry[1]
    value = compute()
    cache.set(key, (generation, value), timeout=seconds)
    return value


def forget(generation_key):
    """Every value under `generation_key` is stale from now (no expiry: it outlives them)."""
    cache.set(generation_key, time.time_ns(), timeout=None)


def forget_now_and_after_commit(generation_key):
    """For a service inside its transaction: now, and again once it commits (a page drawn in
    between read the rows as they were)."""
    forget(generation_key)
    transaction.on_commit(lambda: forget(generation_key), robust=True)
