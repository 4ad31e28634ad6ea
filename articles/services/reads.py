"""Readers' reads of articles, counted without cookies or anything personal, for the "most
read" block (docs/public-site.md, "Most read").

The article page is the same cached page for everyone (the page cache, nginx's micro-cache),
so the view cannot count: a small script (static/articles/js/most-read.js) sends a beacon to
`POST /r/<id>` once the page is shown, and `read_count` counts it in Redis, in one hash per
hour (UTC) whose fields are article ids. Nothing is counted, and nothing fails, when the
cache is not Redis or Redis does not answer.

Not counted: programs that say so in their User-Agent (or send none), and the same address
opening the same article again within `READ_REPEAT_SECONDS`. That last rule keeps a
short-lived key named by a keyed hash (HMAC with a SECRET_KEY-derived key) of the address and
the article: never the address, and gone after a minute.

The beacon asks no database (it is answered before Django's middleware, newsroom/wsgi.py):
which articles are public is decided by the fold. Until then Redis only takes ids up to a
bound the fold writes (the highest article id plus `READ_ID_SLACK`, for articles created since),
and at most `READ_HOUR_MAX_ARTICLES` different ids per hour, so a flood of made-up ids cannot
grow Redis without end; the fold stores the counts of public articles only (published, not
taken down, not expired), so the ids of drafts or taken-down articles never reach "most read",
and the beacon's answer is the same 204 whatever the id.

The scheduler (publish_scheduled_articles) folds the hourly hashes into PostgreSQL with
`read_counts_fold`. A hash only grows, so the fold stores its total (never adds to the row):
folding the same hash twice, or again after a crash between the database's commit and the
deletion of the hash, stores the same number. A row keeps the larger of its count and the
hash's, in the upsert itself (a Redis that lost its data, or a slower concurrent fold, cannot
lower a count). Hashes of hours that have ended
more than an hour ago are deleted once their totals are committed; every hash also expires
on its own after `READ_HASH_SECONDS`.
"""

import logging
import re
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from articles.models import Article, ArticleReadCount
from articles.services.comments import rate_scope
from newsroom.kept import forget

logger = logging.getLogger(__name__)

READ_PREFIX = "newsroom:reads:"
# The keyed hash of (address, article) is salted apart from the comments' hash.
READER_HASH_SALT = "newsroom.reads.reader"
# The same address opening the same article again within this many seconds is not counted.
READ_REPEAT_SECONDS = 60
# An hourly hash left unfolded (no scheduler for two days) expires on its own.
READ_HASH_SECONDS = 2 * 24 * 3600
# How many hours back each fold looks (the current one included): as long as hashes live.
FOLD_HOURS = 48
# A hash is deleted once folded, when its hour ended more than this long ago: no beacon of
# that hour can still be on its way, so none can start a new hash that a later fold would
# take for the hour's total.
FOLD_DELETE_AFTER = timedelta(hours=2)
# Hourly rows older than this are deleted by the fold (the block looks at 24 hours).
READ_COUNT_KEEP_DAYS = 8
# The beacon's ids above the bound the fold writes (the highest article id plus this) are not
# counted: room for the articles created between two folds (a minute apart).
READ_ID_SLACK = 100
# An hour's hash takes at most this many different articles: made-up ids cannot grow it
# further. Far above the articles a newspaper's readers open in one hour.
READ_HOUR_MAX_ARTICLES = 20_000
# The largest id a beacon may name (PostgreSQL's bigint): the beacon refuses larger ones.
READ_MAX_ID = 2**63 - 1

# User-Agents of programs: search engines, link previews, monitors, headless browsers,
# command-line clients and libraries. A reader's browser names none of these words.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|headless|lighthouse|pingdom|monitor|uptime|scan"
    r"|fetch|curl|wget|python|java/|httpclient|okhttp|go-http|axios|node-fetch|facebookexternalhit"
    r"|embedly|whatsapp|telegram|discord|validator|phantom|selenium|puppeteer|playwright",
    re.IGNORECASE,
)

# Count one read, atomically: refuse an id above the bound (KEYS[3], when the fold wrote one)
# and a new id when the hour's hash is full; remember the reader's hash for a minute, and only
# if it was not there already add one to the article's field in the hour's hash (and keep the
# hash alive).
COUNT_SCRIPT = """
local bound = redis.call('GET', KEYS[3])
if bound and tonumber(ARGV[1]) > tonumber(bound) then
  return 0
end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0
    and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then
  return 0
end
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return 1
end
return 0
"""


def is_bot(user_agent):
    """Whether a request's User-Agent is a program's (or missing): not a reader."""
    return not (user_agent or "").strip() or bool(BOT_USER_AGENT.search(user_agent))


def reader_hash(ip_address, article_id):
    """The keyed hash of one client (an IPv4 address or IPv6 /64) reading one article."""
    scope = rate_scope(ip_address) if ip_address else ""
    return salted_hmac(READER_HASH_SALT, f"{scope}|{article_id}", algorithm="sha256").hexdigest()


def hour_of(moment):
    """The start of `moment`'s hour, in UTC."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _cache():
    return caches["default"]


def hour_key(hour):
    return _cache().make_key(f"{READ_PREFIX}hour:{hour:%Y%m%d%H}")


def bound_key():
    """The key of the highest article id a beacon may count (written by the fold)."""
    return _cache().make_key(f"{READ_PREFIX}max-id")


def counting_configured():
    """Whether reads are counted at all: the configured cache is Redis."""
    return isinstance(_cache(), RedisCache)


def redis_client():
    """The Redis client of the configured cache, or None: the cache is not Redis, or Redis
    failed a moment ago (newsroom/http/redis_cache.py leaves it alone for a while then)."""
    backend = _cache()
    if not isinstance(backend, RedisCache):
        return None
    outage = getattr(backend, "outage", None)
    if outage is not None and outage.skipping():
        return None
    try:
        # The client connects when it is made (one connection per process).
        return backend._cache.get_client(write=True)
    except RedisError as error:
        _redis_failed("connect", error)
        return None


def _redis_failed(operation, error):
    backend = _cache()
    outage = getattr(backend, "outage", None)
    if outage is not None:
        outage.failed(operation, error, retry_after=getattr(backend, "retry_after", 2))
    else:
        logger.warning("Redis unavailable for read counts (%s: %s)", operation, error)


def read_count(*, article_id, user_agent, ip_address, now=None):
    """Count one read of article `article_id` by the client at `ip_address`; True when it was
    counted. No database query: whether the article is public is the fold's question. Never
    raises for Redis: without it nothing is counted."""
    article_id = int(article_id)
    if not 0 < article_id <= READ_MAX_ID or is_bot(user_agent):
        return False
    client = redis_client()
    if client is None:
        return False
    now = now or timezone.now()
    seen = _cache().make_key(f"{READ_PREFIX}seen:{reader_hash(ip_address, article_id)}")
    try:
        counted = client.eval(
            COUNT_SCRIPT,
            3,
            seen,
            hour_key(hour_of(now)),
            bound_key(),
            article_id,
            READ_REPEAT_SECONDS,
            READ_HASH_SECONDS,
            READ_HOUR_MAX_ARTICLES,
        )
    except RedisError as error:
        _redis_failed("read_count", error)
        return False
    return bool(counted)


@dataclass
class FoldResult:
    rows: int = 0  # hourly rows written or raised
    deleted: int = 0  # rows older than READ_COUNT_KEEP_DAYS deleted
    # False when the cache is Redis but it did not answer (not when the cache is not Redis:
    # nothing is counted then, and there is nothing to fold).
    redis_available: bool = True


# The "most read" rankings summed from the counts (articles/public/most_read.py): one entry per
# hour of the ranking's end and section, valid only under the generation it was computed in.
MOST_READ_CACHE_KEY = "newsroom:most-read:{hour:%Y%m%d%H}:{section}"
MOST_READ_GENERATION_KEY = "newsroom:most-read:generation"


def forget_most_read(sender=None, **kwargs):
    """Every kept ranking is stale at once, whatever its hour or section, and so is one being
    computed now (newsroom/kept.py). Also a receiver of `article_changed_publicly`
    (articles/apps.py): a take-down or a new headline leaves the block at once."""
    forget(MOST_READ_GENERATION_KEY)


def read_counts_fold(*, now=None):
    """Fold the hourly hashes of the last `FOLD_HOURS` into ArticleReadCount (public articles
    only), delete the hashes of hours long over, delete rows older than
    `READ_COUNT_KEEP_DAYS`, and write the bound of the ids beacons may count. Safe to run
    twice, concurrently with beacons or another fold, or again after a crash at any step."""
    now = now or timezone.now()
    current = hour_of(now)
    hours = [current - timedelta(hours=back) for back in range(FOLD_HOURS)]
    result = FoldResult()
    totals = {}  # (article id, hour) -> reads
    client = redis_client()
    if client is None:
        result.redis_available = not counting_configured()
    else:
        highest = Article.objects.aggregate(highest=Max("pk"))["highest"] or 0
        try:
            pipe = client.pipeline(transaction=False)
            pipe.set(bound_key(), highest + READ_ID_SLACK, ex=READ_HASH_SECONDS)
            for hour in hours:
                pipe.hgetall(hour_key(hour))
            for hour, fields in zip(hours, pipe.execute()[1:], strict=True):
                for article_id, reads in fields.items():
                    totals[(int(article_id), hour)] = int(reads)
        except (RedisError, ValueError) as error:
            _redis_failed("read_counts_fold", error)
            result.redis_available = False
            totals = {}
    with transaction.atomic():
        if totals:
            result.rows = _store_totals(totals, now)
        old = ArticleReadCount.objects.filter(hour__lt=now - timedelta(days=READ_COUNT_KEEP_DAYS))
        result.deleted = old.delete()[0]
    if result.rows or result.deleted:
        forget_most_read()
    done = {hour for (_article, hour) in totals if hour <= current - FOLD_DELETE_AFTER}
    if done and client is not None:
        try:
            client.delete(*(hour_key(hour) for hour in sorted(done)))
        except RedisError as error:
            # Folded again next time, to the same totals.
            _redis_failed("read_counts_fold", error)
    return result


def _store_totals(totals, now):
    """Upsert each (article, hour) total of a public article, keeping the larger of the row's
    and the hash's: in SQL, so that of two folds at once the slower cannot lower a row."""
    article_ids = {article_id for (article_id, _hour) in totals}
    # Only what readers may see now: the ids of drafts, taken-down or expired articles, of
    # articles deleted since, or made up, are dropped here.
    public = set(
        Article.objects.published(now).filter(pk__in=article_ids).values_list("pk", flat=True)
    )
    stored = {
        (row.article_id, row.hour): row.count
        for row in ArticleReadCount.objects.filter(
            article_id__in=public, hour__in={hour for (_a, hour) in totals}
        ).only("article_id", "hour", "count")
    }
    rows = [
        (article_id, hour, reads)
        for (article_id, hour), reads in sorted(totals.items())
        if article_id in public and reads > stored.get((article_id, hour), 0)
    ]
    _upsert_larger(rows)
    return len(rows)


def _upsert_larger(rows):
    """Insert (article id, hour, count) rows; a row already there keeps the larger count."""
    if not rows:
        return
    hour_field = ArticleReadCount._meta.get_field("hour")
    name = connection.ops.quote_name
    table_sql, article_sql, hour_sql, count_sql = (
        name(ArticleReadCount._meta.db_table),
        name("article_id"),
        name(hour_field.column),
        name("count"),
    )
    # GREATEST on PostgreSQL; SQLite's two-argument MAX is the same function.
    larger = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table_sql} ({article_sql}, {hour_sql}, {count_sql}) "
            f"VALUES (%s, %s, %s) ON CONFLICT ({article_sql}, {hour_sql}) DO UPDATE "
            f"SET {count_sql} = {larger}({table_sql}.{count_sql}, EXCLUDED.{count_sql})",
            [
                (article_id, hour_field.get_db_prep_value(hour, connection), reads)
                for article_id, hour, reads in rows
            ],
        )
