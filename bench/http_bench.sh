#!/usr/bin/env bash
# HTTP throughput with wrk against gunicorn (2 sync workers, as issue 7 measures) and the
# shipped nginx front, on the loopback only. App-cache hits are also measured with gthread
# workers (keep-alive), and the gunicorn ceiling with a WSGI app that does nothing
# (bench/wsgi_ceiling.py). Manual: needs `wrk` and `nginx` (apt-get install -y wrk nginx), a
# populated PostgreSQL database (bench/public_bench.py generate) and Redis. See
# bench/REPORT-perf.md.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_perf \
#   CACHE_URL=redis://127.0.0.1:6379/8 bench/http_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
APP_PORT=${APP_PORT:-8101}
NGINX_PORT=${NGINX_PORT:-8100}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-bench.XXXXXX")
chmod 755 "$RUN"  # nginx workers run as another user when started by root
export DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-use-1234567890
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_STATIC_ROOT=$RUN/static GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_ACCESS_LOG=
export GUNICORN_WORKER_CLASS=sync
GTHREAD_THREADS=${GTHREAD_THREADS:-2}
: "${CACHE_URL:?set CACHE_URL, e.g. redis://127.0.0.1:6379/8}"
"$PY" manage.py collectstatic --no-input --verbosity 0

GUNICORN_PID=""
NGINX_PID=""
stop() {
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    GUNICORN_PID=""
}
cleanup() { stop; [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT

start_gunicorn() {  # $1: page cache true/false; $2: the WSGI application (newsroom.wsgi)
    NEWSROOM_PAGE_CACHE=$1 GUNICORN_BIND=127.0.0.1:$APP_PORT \
        "$PY" -m gunicorn -c deploy/gunicorn.conf.py "${2:-newsroom.wsgi}" 2>"$RUN/gunicorn.log" &
    GUNICORN_PID=$!
    for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/robots.txt" && return; sleep 0.2; done
    echo "gunicorn did not start"; cat "$RUN/gunicorn.log"; exit 1
}

worker_ticks() {  # CPU clock ticks of gunicorn's workers so far, those already replaced included
    local total pid
    total=$(awk '{sub(/.*\) /, ""); print $14 + $15}' "/proc/$GUNICORN_PID/stat")  # cutime + cstime
    for pid in $(pgrep -P "$GUNICORN_PID"); do
        total=$((total + $(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

run() {  # $1: label, $2: URL; with gunicorn answering, its workers' CPU per request too
    local out before requests
    echo "## $1"
    echo "load: $(uptime)"
    [ -n "$GUNICORN_PID" ] && before=$(worker_ticks)
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
    echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +50%|^ +99%"
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    if [ -n "$GUNICORN_PID" ] && [ "${requests:-0}" -gt 0 ]; then
        echo "gunicorn workers' CPU: $(( ($(worker_ticks) - before) * 1000000 / $(getconf CLK_TCK) / requests )) us per request"
    fi
    echo
}

ARTICLE=$("$PY" - <<'PYEOF'
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from articles.models import Article
print(Article.objects.published().order_by("-publish_at")[1000].get_absolute_url())
PYEOF
)
echo "article: $ARTICLE"

start_gunicorn false
curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/"
run "gunicorn, uncached: article" "http://127.0.0.1:$APP_PORT$ARTICLE"
run "gunicorn, uncached: home" "http://127.0.0.1:$APP_PORT/"
stop

start_gunicorn true
curl -fs -o "$RUN/article.html" "http://127.0.0.1:$APP_PORT$ARTICLE"
curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/"
curl -fs -D "$RUN/article.headers" -o /dev/null "http://127.0.0.1:$APP_PORT$ARTICLE"
grep -i "^x-cache: HIT" "$RUN/article.headers" >/dev/null || { echo "the article is not a cache hit"; exit 1; }
run "gunicorn, app-cache hits: article" "http://127.0.0.1:$APP_PORT$ARTICLE"
run "gunicorn, app-cache hits: home" "http://127.0.0.1:$APP_PORT/"
stop

GUNICORN_WORKER_CLASS=gthread GUNICORN_THREADS=$GTHREAD_THREADS start_gunicorn true
run "gunicorn gthread ($GTHREAD_THREADS threads, keep-alive), app-cache hits: article" "http://127.0.0.1:$APP_PORT$ARTICLE"
run "gunicorn gthread ($GTHREAD_THREADS threads, keep-alive), app-cache hits: home" "http://127.0.0.1:$APP_PORT/"
stop

BENCH_CEILING_BODY=$RUN/article.html BENCH_CEILING_HEADERS=$RUN/article.headers \
    start_gunicorn true bench.wsgi_ceiling
run "gunicorn ceiling: the same bytes from a WSGI app that does nothing" "http://127.0.0.1:$APP_PORT$ARTICLE"
stop

start_gunicorn true

mkdir -p "$RUN/files"
cp "$RUN/article.html" "$RUN/files/article.html"
sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@UPSTREAM_SERVERS@|server 127.0.0.1:$APP_PORT;|g" \
    -e "s|@STATIC_ROOT@|$DJANGO_STATIC_ROOT|g" -e "s|@MEDIA_ROOT@|$RUN/media|g" \
    -e "s|@SERVER_NAMES@|127.0.0.1|g" deploy/nginx/local.conf.template > "$RUN/nginx.conf"
nginx -t -q -c "$RUN/nginx.conf" -e "$RUN/error.log"  # every @NAME@ of the template filled in
nginx -c "$RUN/nginx.conf" -e "$RUN/error.log" &
NGINX_PID=$!
sleep 1
curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT$ARTICLE"
run "nginx micro-cache in front: article" "http://127.0.0.1:$NGINX_PORT$ARTICLE"
run "nginx ceiling: the same bytes from a file" "http://127.0.0.1:$NGINX_PORT/__file__/article.html"
echo "article bytes: $(wc -c < "$RUN/article.html")"
