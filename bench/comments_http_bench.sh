#!/usr/bin/env bash
# Readers' comments through the stack readers meet (issue 20): gunicorn (2 sync workers) with the
# Redis page cache, and the shipped nginx micro-cache in front, on the loopback. In one run:
# cached article requests per second with comments off, on (23 approved comments on each
# article) and off again, through gunicorn and through nginx; then comment submissions (token,
# then POST) through nginx while wrk keeps reading the article, with their latency percentiles.
# Manual: needs wrk, nginx, Redis and a PostgreSQL database of its own. See
# bench/REPORT-comments.md.
#
#   createdb -h 127.0.0.1 -U postgres newsroom_bench_comments
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_comments \
#   CACHE_URL=redis://127.0.0.1:6379/9 bench/comments_http_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
APP_PORT=${APP_PORT:-8131}
NGINX_PORT=${NGINX_PORT:-8130}
SUBMISSIONS=${SUBMISSIONS:-400}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-comments-bench.XXXXXX")
chmod 755 "$RUN"  # nginx workers run as another user when started by root
export DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-use-1234567890
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_STATIC_ROOT=$RUN/static GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_ACCESS_LOG=
export GUNICORN_WORKER_CLASS=sync NEWSROOM_PAGE_CACHE=true
# nginx replaces the client's X-Forwarded-For with the address it saw (as deploy/serve.sh).
export NEWSROOM_TRUSTED_PROXY_COUNT=1
# Every reader arrives from 127.0.0.1 through nginx: the rate limits and the minimum time are
# set out of the way (each submission still runs every rule and counter).
export NEWSROOM_COMMENT_RATE_PER_ARTICLE=1000000 NEWSROOM_COMMENT_RATE_PER_ADDRESS=1000000
export NEWSROOM_COMMENT_MIN_SECONDS=0
: "${CACHE_URL:?set CACHE_URL, e.g. redis://127.0.0.1:6379/9}"
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database of its own}"
for port in "$APP_PORT" "$NGINX_PORT"; do  # another server there would answer in our place
    if ss -ltn | grep -q "127.0.0.1:$port "; then echo "port $port is in use: set APP_PORT/NGINX_PORT"; exit 1; fi
done
"$PY" manage.py collectstatic --no-input --verbosity 0

GUNICORN_PID=""
NGINX_PID=""
WRK_PID=""
cleanup() {
    for pid in $WRK_PID $NGINX_PID $GUNICORN_PID; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$RUN"
}
trap cleanup EXIT

step() { "$PY" bench/comments_bench.py --http-step "$@"; }

ARTICLE=$(step setup | tail -n 1)
echo "article: $ARTICLE"

GUNICORN_BIND=127.0.0.1:$APP_PORT "$PY" -m gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi \
    2>"$RUN/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/robots.txt" && break; sleep 0.2; done
sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@UPSTREAM_SERVERS@|server 127.0.0.1:$APP_PORT;|g" \
    -e "s|@STATIC_ROOT@|$DJANGO_STATIC_ROOT|g" -e "s|@MEDIA_ROOT@|$RUN/media|g" \
    -e "s|@SERVER_NAMES@|127.0.0.1|g" deploy/nginx/local.conf.template > "$RUN/nginx.conf"
nginx -t -q -c "$RUN/nginx.conf" -e "$RUN/error.log"  # every @NAME@ of the template filled in
mkdir -p "$RUN/files"
nginx -c "$RUN/nginx.conf" -e "$RUN/error.log" &
NGINX_PID=$!
sleep 1

read_rate() {  # $1: label, $2: base URL
    local url="$2$ARTICLE" out
    curl -fsS -o /dev/null "$url"; curl -fsS -o "$RUN/page.html" -D "$RUN/page.headers" "$url"
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
    printf '%s | %s | %s bytes | load %s\n' "$1" \
        "$(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1 == "50%" {print $2}'), p99 $(echo "$out" | awk '$1 == "99%" {print $2}')" \
        "$(wc -c < "$RUN/page.html")" "$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "$out" | grep -E "Non-2xx|Socket errors" || true
    grep -iE "^(x-cache|set-cookie|vary):" "$RUN/page.headers" | tr -d '\r' | sed 's/^/    /' || true
}

phase() {  # $1: label
    read_rate "$1, gunicorn + Redis page cache" "http://127.0.0.1:$APP_PORT"
    read_rate "$1, nginx micro-cache in front" "http://127.0.0.1:$NGINX_PORT"
}

echo "## cached article requests per second ($CONNECTIONS connections, $DURATION each)"
phase "comments off (before)"
step comments-on
sleep 2  # nginx's micro-cache copy of the page made with comments off expires
phase "comments on, 23 comments"
echo
echo "## comment submissions through nginx while wrk reads the article through nginx"
wrk -t1 -c8 -d120s "http://127.0.0.1:$NGINX_PORT$ARTICLE" > "$RUN/background.txt" &
WRK_PID=$!
sleep 1
step submit --submissions "$SUBMISSIONS" --threads 8 --base "http://127.0.0.1:$NGINX_PORT"
kill "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; WRK_PID=""
echo
step comments-off
sleep 2
phase "comments off (after)"
