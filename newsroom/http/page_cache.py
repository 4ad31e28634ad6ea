"""The application's page cache: whole anonymous pages, versioned by surrogate key.

Each stored page records the generation of each of its surrogate keys. Purging a key bumps
its generation (one `incr` per key), so every page that showed it is stale at once, with no
list of URLs to find or delete. Entries live in Django's cache (`CACHES["default"]`: Redis in
production, local memory by default), so several processes and machines share them.

Reading a page costs one cache round trip: each process remembers which surrogate keys the
pages it has read carry (`lookup`), so their generations come in the same MGET as the page.

A page is fresh for `NEWSROOM_PAGE_CACHE_SECONDS` (60 at most by default: a scheduled article
appears within that even when no process publishes it) and is kept `NEWSROOM_PAGE_STALE_SECONDS`
longer as a stale copy. Under concurrent misses one request renders (it holds a short lock
made with `cache.add`); the others get the stale copy if the page merely expired, or wait for
the fresh one if it was purged (a purged page is never served again). A page is kept no longer
than its `until` limit (an article it shows expires, a scheduled one appears), stale copy
included, and is deleted once a render answers 301, 404 or 410 (docs/operations.md,
"Take-downs and caches").
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# The version names the module whose `Entry` the stored pages pickle: pages stored before the
# page cache moved to newsroom/http (issue 17) named articles.page_cache and are never read.
PAGE_PREFIX = "newsroom:page:2:"
LOCK_PREFIX = "newsroom:page-lock:"
GENERATION_PREFIX = "newsroom:gen:"
# Where the WSGI fast path leaves (page key, entry, generations) for the middleware, so that a
# request it could not answer does not read the cache twice. A client cannot set it: headers
# reach the environ only as HTTP_* names.
LOOKUP_ENVIRON_KEY = "newsroom.page_cache.lookup"
# Bumped before any other key: a render that overlaps a purge is not stored (see `store`).
EVERY_PAGE = "*"


def setting(name, default):
    return getattr(settings, name, default)


def page_key(request):
    """One entry per host and full path (query string included)."""
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def generations(keys):
    """{key: generation or None} for surrogate keys, in one cache round trip."""
    found = cache.get_many([GENERATION_PREFIX + key for key in keys])
    return {key: found.get(GENERATION_PREFIX + key) for key in keys}


def bump(keys):
    """Make every stored page showing one of `keys` stale.

    A missing generation starts from the clock in nanoseconds rather than 1, so that a key
    evicted and bumped again can never return to a value an old page recorded.
    """
    for key in [EVERY_PAGE, *keys]:
        name = GENERATION_PREFIX + key
        if not cache.add(name, time.time_ns(), timeout=None):
            try:
                cache.incr(name)
            except ValueError:  # evicted between add() and incr()
                cache.set(name, time.time_ns(), timeout=None)


@dataclass
class Entry:
    status: int
    content: bytes
    headers: list
    keys: list
    generations: dict
    fresh_until: float
    stored_at: float
    # Epoch seconds past which the page may not be served at all, even as a stale copy (the
    # article's expiry time, `surrogate_keys.cache_until`); None: no such limit.
    until: float | None = None

    def is_purged(self, current=None):
        """True when a key was bumped since the page was stored. `current`: the keys'
        generations if already read (see `lookup`); otherwise they are read now."""
        if current is None:
            current = generations(self.keys)
        return current != self.generations

    def is_expired(self, now=None):
        return (now or time.time()) >= self.fresh_until

    def may_serve_stale(self, now=None):
        """A stale copy is served only before the page's limit (an article's expiry)."""
        limit = getattr(self, "until", None)  # entries stored before the field existed
        return limit is None or (now or time.time()) < limit


# page key -> the surrogate keys of the entry last read under it, in this process. Only a hint
# for `lookup` (a wrong or missing one costs a second round trip, never a wrong answer), so it
# is not shared between processes; it is emptied when full rather than kept in LRU order.
_keys_seen = {}
KEYS_SEEN_LIMIT = 4096


def lookup(key):
    """(entry or None, its keys' current generations or None) in one round trip when possible.

    The generations of the keys this process last saw on the page are read in the same MGET as
    the entry. They count only if the entry still carries exactly those keys; otherwise they
    are None and `Entry.is_purged()` reads them itself.
    """
    hint = _keys_seen.get(key, ())
    names = [GENERATION_PREFIX + name for name in hint]
    found = cache.get_many([key, *names])
    entry = found.get(key)
    if entry is None:
        return None, None
    if list(entry.keys) == list(hint):
        return entry, {name: found.get(GENERATION_PREFIX + name) for name in hint}
    if len(_keys_seen) >= KEYS_SEEN_LIMIT:
        _keys_seen.clear()
    _keys_seen[key] = tuple(entry.keys)
    return entry, None


def is_fresh(entry, current=None, *, now=None):
    """A stored page that may be served as it is: neither expired nor purged."""
    return entry is not None and not entry.is_expired(now) and not entry.is_purged(current)


def store(key, response, keys, *, generation_before, until=None):
    """Keep `response` under `key` unless a purge ran while it was being rendered.

    `until` (epoch seconds, or None) caps how long the page is kept, its stale copy included:
    an article's expiry time, which passes with no write to purge anything.
    """
    now = time.time()
    if until is not None and until <= now:
        return None
    current = generations([EVERY_PAGE, *keys])
    if current.pop(EVERY_PAGE) != generation_before:
        return None
    fresh = setting("NEWSROOM_PAGE_CACHE_SECONDS", 60)
    timeout = fresh + setting("NEWSROOM_PAGE_STALE_SECONDS", 600)
    if until is not None:
        # The cache drops the entry by then (whole seconds, rounded up); `Entry.until` refuses
        # it to the fraction of a second.
        timeout = min(timeout, math.ceil(until - now))
    entry = Entry(
        status=response.status_code,
        content=response.content,
        headers=[(name, value) for name, value in response.items() if name.lower() != "set-cookie"],
        keys=list(keys),
        generations=current,
        fresh_until=now + fresh if until is None else min(now + fresh, until),
        stored_at=now,
        until=until,
    )
    cache.set(key, entry, timeout=timeout)
    return entry


def forget(key):
    """Drop the page stored under `key`, its stale copy with it: the application has just
    answered that the page is gone (404, 410) or moved (301), and no cache may contradict it."""
    cache.delete(key)


def every_page_generation():
    return generations([EVERY_PAGE])[EVERY_PAGE]


def acquire_render_lock(key):
    """True for the one request allowed to render this page now."""
    return cache.add(LOCK_PREFIX + key, 1, timeout=setting("NEWSROOM_PAGE_LOCK_SECONDS", 10))


def release_render_lock(key):
    cache.delete(LOCK_PREFIX + key)


def wait_for_fresh(key, *, timeout=None, interval=0.02):
    """The fresh entry another request is rendering, or None after `timeout` seconds."""
    timeout = setting("NEWSROOM_PAGE_WAIT_SECONDS", 2.0) if timeout is None else timeout
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(interval)
        entry, current = lookup(key)
        if is_fresh(entry, current):
            return entry
    return None
