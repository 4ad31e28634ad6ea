"""The gunicorn ceiling of bench/http_bench.sh: a WSGI application that does nothing.

It answers every request with the bytes and headers of a page saved beforehand (`curl -D
headers -o body`), so wrk measures gunicorn, the kernel and wrk itself with no application
work: the most any page cache in front of Django can reach with the same workers.

    BENCH_CEILING_BODY=article.html BENCH_CEILING_HEADERS=article.headers \
        gunicorn -c deploy/gunicorn.conf.py bench.wsgi_ceiling
"""

import os
from pathlib import Path

# Set by gunicorn itself on every response.
SERVER_HEADERS = {"connection", "date", "server", "transfer-encoding", "keep-alive"}


def saved_headers(path):
    headers = []
    for line in Path(path).read_text(encoding="latin-1").splitlines()[1:]:
        name, _, value = line.partition(":")
        if value and name.strip().lower() not in SERVER_HEADERS:
            headers.append((name.strip(), value.strip()))
    return headers


BODY = Path(os.environ["BENCH_CEILING_BODY"]).read_bytes()
HEADERS = saved_headers(os.environ["BENCH_CEILING_HEADERS"])


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
