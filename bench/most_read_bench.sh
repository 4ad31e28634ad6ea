#!/usr/bin/env bash
# The cost of "most read" (issue 18, part 3), with wrk against gunicorn (2 sync workers, page
# cache on, Redis), on the loopback only, in one run: on `BEFORE_REF`'s code (main by default,
# exported with `git archive`) and on this tree, cached article requests per second, then the
# beacon endpoint's own requests per second, every request from another address (so each one
# is counted) and every request from one address (reloads: not counted). A side without the
# beacon view (a tree older than "most read") gets 404s there: wrk reports them as Non-2xx.
# Manual: needs wrk, a populated PostgreSQL database (bench/public_bench.py generate) and
# Redis. See bench/REPORT-most-read.md.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_mostread \
#   CACHE_URL=redis://127.0.0.1:6379/9 bench/most_read_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$(pwd)

PY=${PY:-$HERE/.venv/bin/python}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
APP_PORT=${APP_PORT:-8140}
BEFORE_REF=${BEFORE_REF:-main}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-most-read-bench.XXXXXX")
export DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-use-1234567890
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false
export GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_ACCESS_LOG= GUNICORN_WORKER_CLASS=sync
# The beacon's addresses come from X-Forwarded-For, as behind the shipped nginx.
export NEWSROOM_TRUSTED_PROXY_COUNT=1
: "${CACHE_URL:?set CACHE_URL, e.g. redis://127.0.0.1:6379/9}"

GUNICORN_PID=""
stop() {
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    GUNICORN_PID=""
}
cleanup() { stop; rm -rf "$RUN"; }
trap cleanup EXIT

start_gunicorn() {  # $1: the tree to serve
    # `exec`: the PID kept is gunicorn's master, which `stop` ends.
    (cd "$1" && DJANGO_STATIC_ROOT=$RUN/static-$(basename "$1") NEWSROOM_PAGE_CACHE=true \
        GUNICORN_BIND=127.0.0.1:$APP_PORT \
        exec "$PY" -m gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi 2>"$RUN/gunicorn.log") &
    GUNICORN_PID=$!
    for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/robots.txt" && return; sleep 0.2; done
    echo "gunicorn did not start"; cat "$RUN/gunicorn.log"; exit 1
}

run() {  # $1: label, $2: URL, then wrk's own options
    local label=$1 url=$2 out
    shift 2
    echo "## $label"
    echo "load before: $(uptime | sed 's/.*load average: //')"
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
    echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +50%|^ +99%"
    echo "load after: $(uptime | sed 's/.*load average: //')"
    echo
}

# main's code, read-only: an export, not a worktree.
mkdir -p "$RUN/before"
git archive "$BEFORE_REF" | tar -x -C "$RUN/before"
ln -s "$HERE/node_modules" "$RUN/before/node_modules"
for tree in "$RUN/before" "$HERE"; do
    (cd "$tree" && DJANGO_STATIC_ROOT=$RUN/static-$(basename "$tree") "$PY" manage.py collectstatic --no-input --verbosity 0)
done

# Reads in the last day for 50 articles, so that the block shows as it would.
ARTICLE=$("$PY" - <<'PYEOF'
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, ArticleReadCount
from articles.services.reads import hour_of
published = list(Article.objects.published().order_by("-publish_at")[:1001])
hour = hour_of(timezone.now())
ArticleReadCount.objects.all().delete()
ArticleReadCount.objects.bulk_create(
    ArticleReadCount(article=article, hour=hour - timedelta(hours=n % 20), count=100 + n)
    for n, article in enumerate(published[:50])
)
print(published[1000].pk, published[1000].get_absolute_url())
PYEOF
)
ARTICLE_ID=${ARTICLE%% *}
ARTICLE_URL=${ARTICLE#* }
echo "article: $ARTICLE_URL"
echo "redis: $(redis-cli -u "$CACHE_URL" flushdb)"

cat > "$RUN/beacon-many.lua" <<'LUAEOF'
-- Every request from another address (X-Forwarded-For): each one is counted.
wrk.method = "POST"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
local n = 0
-- Each wrk thread its own range of addresses.
setup = function(thread) thread:set("first", math.random(0, 2^23)) end
init = function() n = first or 0 end
request = function()
  n = n + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format()
end
LUAEOF
cat > "$RUN/beacon-one.lua" <<'LUAEOF'
-- Every request from one address: reloads, counted once a minute.
wrk.method = "POST"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
wrk.headers["X-Forwarded-For"] = "192.0.2.1"
LUAEOF

fold() {  # writes the bound of the ids beacons may count, as the scheduler does each minute
    (cd "$1" && "$PY" - <<'PYEOF'
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from articles.services import reads
reads.read_counts_fold()
PYEOF
    )
}

side() {  # $1: round, $2: label, $3: tree
    # Each side stores its own copy of the page: the two share the Redis database.
    redis-cli -u "$CACHE_URL" flushdb >/dev/null
    fold "$3"
    start_gunicorn "$3"
    curl -fs -o "$RUN/$2.html" "http://127.0.0.1:$APP_PORT$ARTICLE_URL"
    curl -fs -D "$RUN/$2.headers" -o /dev/null "http://127.0.0.1:$APP_PORT$ARTICLE_URL"
    grep -qi "^x-cache: HIT" "$RUN/$2.headers" || { echo "$2: not a cache hit"; exit 1; }
    run "round $1, $2: app-cache hits, article" "http://127.0.0.1:$APP_PORT$ARTICLE_URL"
    run "round $1, $2: beacon POST /r/$ARTICLE_ID, a new address each time (counted)" \
        "http://127.0.0.1:$APP_PORT/r/$ARTICLE_ID" -s "$RUN/beacon-many.lua"
    run "round $1, $2: beacon POST /r/$ARTICLE_ID, one address (reloads, not counted)" \
        "http://127.0.0.1:$APP_PORT/r/$ARTICLE_ID" -s "$RUN/beacon-one.lua"
    for key in $(redis-cli -u "$CACHE_URL" --scan --pattern '*newsroom:reads:hour:*'); do
        echo "$2: reads of article $ARTICLE_ID counted in $key: $(redis-cli -u "$CACHE_URL" hget "$key" "$ARTICLE_ID")"
    done
    stop
}

# ORDER="after before" runs this tree first in each round (to see what the order does).
for round in 1 2; do
    for name in ${ORDER:-before after}; do
        if [ "$name" = before ]; then side "$round" before "$RUN/before"; else side "$round" after "$HERE"; fi
    done
done
echo "article bytes: before $(wc -c < "$RUN/before.html"), after $(wc -c < "$RUN/after.html")"
