"""`/healthz`: whether this app server can serve, for load balancers and monitoring.

200 when the database answers and every migration is applied; 503 otherwise. The body names
each dependency's state. A cache that does not answer makes the server "degraded" but still
200: cache errors count as misses, so pages are still served (slower), and a shared Redis
outage answered with 503 would take every app server out of the load balancer at once.

Never cached (Cache-Control: no-store, and no surrogate keys, so neither the page cache nor
nginx's micro-cache keeps it); the request log writes it at DEBUG, not INFO (newsroom/request_log.py).
"""

import logging
import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger(__name__)

# Once this process has seen every migration applied, it does not read the migration files
# again: migrations are applied before a deploy restarts the app servers (docs/operations.md).
_migrations_seen_applied = False


def database_state():
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return "unavailable"
    return "ok"


def migrations_state():
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return "applied"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("Health check: the migrations could not be read", exc_info=True)
        return "unknown"
    if plan:
        return "pending"
    _migrations_seen_applied = True
    return "applied"


def cache_state():
    # A value of our own, read back: a backend that turns errors into misses answers None.
    value = secrets.token_hex(8)
    try:
        cache.set("newsroom:healthz", value, timeout=10)
        answered = cache.get("newsroom:healthz")
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return "unavailable"
    return "ok" if answered == value else "unavailable"


def health_report():
    """The state of each dependency, and whether the server can serve."""
    database = database_state()
    migrations = migrations_state() if database == "ok" else "unknown"
    cache_answer = cache_state()
    if database != "ok" or migrations != "applied":
        status = "failing"
    elif cache_answer != "ok":
        status = "degraded"
    else:
        status = "ok"
    return {"status": status, "database": database, "migrations": migrations, "cache": cache_answer}


def healthz(request):
    report = health_report()
    response = JsonResponse(report, status=503 if report["status"] == "failing" else 200)
    # No cache on the way (the page cache, nginx, a CDN, a load balancer) may keep it.
    response["Cache-Control"] = "no-store"
    return response
