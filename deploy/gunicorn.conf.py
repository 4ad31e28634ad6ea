"""gunicorn settings, read from the environment (docs/operations.md, "Production serving").

    gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi

Sync workers by default: each renders one page at a time with one persistent PostgreSQL
connection (CONN_MAX_AGE); with the page cache answering most requests, two to four per core
suffice. A sync worker closes the connection after every response (no keep-alive), which is
why it belongs behind a buffering proxy such as the shipped nginx.

GUNICORN_WORKER_CLASS=gthread with GUNICORN_THREADS=2 (to 4) keeps connections alive and
lets a worker serve other requests while one waits: for the database, or for another
request's render of the same page (the page cache's render lock waits up to
NEWSROOM_PAGE_WAIT_SECONDS, blocking a sync worker meanwhile). For cache hits it measured the
same as sync on a 2-core machine (docs/performance.md, "Measurements behind the code"); each
thread holds its own database connection.
"""

import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are replaced after this many requests (with jitter, so not all at once): a slow
# leak in any library cannot grow a worker without bound. Sized for cache hits, which one
# worker serves by the hundred a second: replacing a worker often made the requests waiting on
# it far slower, while a worker's memory stayed flat over tens of thousands of hits
# (docs/performance.md, "Measurements behind the code").
max_requests = _int("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 5000)
# Load the application once in the master, then fork: workers share its memory pages.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "newsroom"
# gunicorn's control socket (for `gunicornc`) only where a path is given: by default gunicorn
# creates it under $HOME/.gunicorn, outside the folders a service may write to.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def post_fork(server, worker):
    # Connections opened in the master before forking must not be shared with the workers.
    from django.conf import settings

    if not settings.configured:  # an application without Django (bench/wsgi_ceiling.py)
        return
    from django.db import connections

    connections.close_all()
