#!/usr/bin/env bash
# Newsroom and the Wagtail peer measured in the same run, on the same machine, with the same
# driver and settings (issue 21; ../shared/peers/README.md). Never run by the tests. See
# bench/REPORT-side-by-side.md.
#
#   bench/side_by_side.sh                          # 3 repeats, the peers' README settings
#   REPEATS=1 DURATION=3 WARMUP=1 REQUESTS=50 bench/side_by_side.sh     # a smoke run
#
# Once per machine it sets the peer up as ../shared/peers/run_all.sh does (venv, database
# `wagbench` with N pages) and Newsroom (database `newsroom_sidebyside`: a generated WordPress
# export of N posts through `manage.py import_wxr`); both are reused when already populated.
# Then, per repeat, alternately (the peer first in odd repeats, Newsroom first in even ones):
# the peer's run_wagtail.sh (in-process, then wrk against 2 sync gunicorn workers), and the
# same for Newsroom with the page cache off. Then, for Newsroom only: wrk against the page
# cache on (Redis; the 200 articles, then one), through the shipped nginx micro-cache
# (deploy/nginx/local.conf.template, as bench/http_bench.sh runs it), the same nginx serving
# the page's bytes from a file, the same gunicorn serving them from a WSGI app that does
# nothing (bench/wsgi_ceiling.py), and the peers' ceiling.sh with Newsroom's article bytes. The machine's state is recorded before
# and after. Results (JSON lines, logs, summary.md) go to OUT; nothing is written in the repo.
#
# Env: NEWSROOM_SHARED_DIR (../shared beside the repo), PEERS_DIR (its peers/), OUT
# ($TMPDIR/side-by-side-<UTC time>), REPEATS (3), N (10000 articles each), K (200 sampled
# articles), REQUESTS (500 timed in-process requests per kind), DURATION (20 s of wrk),
# WARMUP (5 s), CONNECTIONS (16), THREADS (2), PEER_PORT (8110), APP_PORT (8111),
# NGINX_PORT (8112), CEILING_PORT (8113), VENV (/tmp/peers-venv), PY313, PEER_DB (wagbench),
# NEWSROOM_DB (newsroom_sidebyside), PG (postgres://postgres@127.0.0.1:5432), CACHE_URL
# (redis://127.0.0.1:6379/12), BENCH_LOCK (/work/BENCH-LOCK, the shared machine's timing lock;
# empty to skip it), CACHED (true: the cached / nginx / ceiling scenarios), PY (.venv/bin/python).
set -Eeuo pipefail  # -E: the ERR trap in functions too
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SHARED=${NEWSROOM_SHARED_DIR:-$ROOT/../shared}
PEERS_DIR=${PEERS_DIR:-$SHARED/peers}
for f in README.md bench.py run_wagtail.sh ceiling.sh conditions.sh wrk_report.lua wagtail_site/manage.py; do
    if [ ! -e "$PEERS_DIR/$f" ]; then
        echo "side_by_side.sh: the Wagtail peer is not at $PEERS_DIR ($f is missing)." >&2
        echo "Set PEERS_DIR=/path/to/shared/peers (or NEWSROOM_SHARED_DIR=/path/to/shared);" >&2
        echo "from a git worktree, ../shared is not beside the checkout." >&2
        exit 2
    fi
done
PEERS_DIR=$(cd "$PEERS_DIR" && pwd)
# The fixtures (the Arabic sentences of both sites' articles) are beside peers/, as the peer's
# load_articles expects: PEERS_DIR alone is enough.
SHARED=${NEWSROOM_SHARED_DIR:-$(dirname "$PEERS_DIR")}
for tool in wrk nginx curl psql; do
    command -v "$tool" >/dev/null || { echo "side_by_side.sh: $tool is missing (apt-get install -y wrk nginx-light curl postgresql-client)" >&2; exit 2; }
done

PY=${PY:-$ROOT/.venv/bin/python}
VENV=${VENV:-/tmp/peers-venv}
REPEATS=${REPEATS:-3}
N=${N:-10000}
K=${K:-200}
REQUESTS=${REQUESTS:-500}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PEER_PORT=${PEER_PORT:-8110}
APP_PORT=${APP_PORT:-8111}
NGINX_PORT=${NGINX_PORT:-8112}
CEILING_PORT=${CEILING_PORT:-8113}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
PEER_DB=${PEER_DB:-wagbench}
NEWSROOM_DB=${NEWSROOM_DB:-newsroom_sidebyside}
CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/12}
CACHED=${CACHED:-true}
BENCH_LOCK=${BENCH_LOCK-/work/BENCH-LOCK}
OUT=${OUT:-${TMPDIR:-/tmp}/side-by-side-$(date -u +%Y%m%dT%H%M%SZ)}
# The peer's settings read DATABASE_URL with a password (run_all.sh gives the role one).
PEER_DATABASE_URL=${PEER_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/$PEER_DB}
WRK_ARGS=(--duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" --threads "$THREADS")

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RUN=$(mktemp -d "${TMPDIR:-/tmp}/side-by-side-run.XXXXXX")
chmod 755 "$RUN"  # nginx workers run as another user when started by root
LOG=$OUT/run.log
export PYTHONDONTWRITEBYTECODE=1

# Newsroom's production settings (bench/perf_bench.py, bench/http_bench.sh). Passed with `env`
# to Newsroom's commands only: the peer reads DATABASE_URL too.
NEWSROOM_ENV=(
    DATABASE_URL="$PG/$NEWSROOM_DB" CACHE_URL="$CACHE_URL"
    DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-use-1234567890
    DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false
    DJANGO_STATIC_ROOT="$RUN/static" MEDIA_ROOT="$RUN/media"
    GUNICORN_WORKERS=2 GUNICORN_WORKER_CLASS=sync GUNICORN_THREADS=1 GUNICORN_ACCESS_LOG=
)
newsroom() { env "${NEWSROOM_ENV[@]}" "$@"; }

GUNICORN_PID=""
NGINX_PID=""
LOCKED=""
stop_gunicorn() {
    if [ -n "$GUNICORN_PID" ]; then
        kill "$GUNICORN_PID" 2>/dev/null || true
        wait "$GUNICORN_PID" 2>/dev/null || true
        GUNICORN_PID=""
    fi
}
stop_nginx() {
    if [ -n "$NGINX_PID" ]; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
        NGINX_PID=""
    fi
}
cleanup() {
    stop_nginx
    stop_gunicorn
    rm -rf "$RUN"
    [ -n "$LOCKED" ] && rmdir "$BENCH_LOCK" 2>/dev/null
    true
}
trap cleanup EXIT
exec 9>&2  # the terminal's stderr, for the ERR trap inside steps whose output goes to the log
trap 'echo "side_by_side.sh: line $LINENO failed; the steps and their output are in $LOG" >&9' ERR
trap 'exit 130' INT TERM

say() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOG"; }
port_free() {  # $1: port, $2: the variable that sets it
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        echo "side_by_side.sh: something listens on port $1; set ${2}=another port" >&2
        exit 2
    fi
}
db_count() {  # $1: database, $2: table; 0 when either is missing
    psql "$PG/$1" -Atqc "SELECT count(*) FROM $2" 2>/dev/null || echo 0
}

port_free "$PEER_PORT" PEER_PORT
port_free "$APP_PORT" APP_PORT
port_free "$NGINX_PORT" NGINX_PORT
port_free "$CEILING_PORT" CEILING_PORT
psql "$PG/postgres" -Atqc "SELECT 1" >/dev/null || { echo "side_by_side.sh: PostgreSQL is not reachable at $PG" >&2; exit 2; }
# Every Newsroom run uses the cache (the page cache off or on).
newsroom "$PY" -c "import redis, os; redis.Redis.from_url(os.environ['CACHE_URL']).ping()" 2>/dev/null \
    || { echo "side_by_side.sh: Redis is not reachable at $CACHE_URL" >&2; exit 2; }

# --- The peer, once per machine: run_all.sh's set-up steps (run_all.sh itself would also drop
# the database every time and run a full-length measurement).
if [ ! -x "$VENV/bin/python" ]; then
    say "peer: creating $VENV (Wagtail and its requirements; a few minutes)"
    "${PY313:-$(pyenv root)/versions/3.13.0/bin/python3}" -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$PEERS_DIR/wagtail_site/requirements.txt" >>"$LOG" 2>&1
fi
pages=$(db_count "$PEER_DB" news_newsarticlepage)
if [ "$pages" -lt "$N" ]; then
    say "peer: database $PEER_DB has $pages pages, $N wanted: recreating it (about a minute)"
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $PEER_DB" -c "CREATE DATABASE $PEER_DB"
    (cd "$PEERS_DIR/wagtail_site" && DATABASE_URL=$PEER_DATABASE_URL "$VENV/bin/python" manage.py migrate -v0 \
        && DATABASE_URL=$PEER_DATABASE_URL "$VENV/bin/python" manage.py load_articles "$N") | tee -a "$LOG"
    psql "$PG/$PEER_DB" -qc "VACUUM ANALYZE"
else
    say "peer: reusing database $PEER_DB ($pages pages)"
fi

# --- Newsroom, once per machine: N posts of a generated WordPress export, imported as a
# newsroom imports its archive (real Arabic sentences, as the peer's pages have).
articles=$(db_count "$NEWSROOM_DB" articles_article)
if [ "$articles" -lt $((N * 95 / 100)) ]; then
    say "newsroom: database $NEWSROOM_DB has $articles articles: recreating it with an import of $N posts"
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $NEWSROOM_DB" -c "CREATE DATABASE $NEWSROOM_DB"
    NEWSROOM_SHARED_DIR=$SHARED "$PY" bench/generate_wxr.py "$N" "$RUN/export.xml"
    newsroom "$PY" manage.py migrate -v0
    newsroom "$PY" manage.py import_wxr "$RUN/export.xml" 2>&1 | tail -n 15 | tee -a "$LOG"
    rm -f "$RUN/export.xml"
    psql "$PG/$NEWSROOM_DB" -qc "VACUUM ANALYZE"
else
    say "newsroom: reusing database $NEWSROOM_DB ($articles articles)"
fi
newsroom "$PY" manage.py migrate --check -v0 \
    || { echo "side_by_side.sh: $NEWSROOM_DB lacks migrations of this checkout (drop it to rebuild)" >&2; exit 2; }
newsroom "$PY" manage.py collectstatic --no-input -v0
newsroom "$PY" bench/side_by_side.py urls --count "$K" > "$OUT/newsroom-urls.tsv"
awk -F'\t' '$1 == "article"' "$OUT/newsroom-urls.tsv" > "$OUT/newsroom-article-urls.tsv"
ARTICLE=$(awk -F'\t' 'NR == 1 {print $2}' "$OUT/newsroom-article-urls.tsv")

if [ -n "$BENCH_LOCK" ]; then
    mkdir "$BENCH_LOCK" 2>/dev/null || { echo "side_by_side.sh: $BENCH_LOCK exists: another benchmark runs (rmdir it if stale, or BENCH_LOCK= to skip)" >&2; exit 2; }
    LOCKED=1
fi

start_gunicorn() {  # $1: page cache true/false; $2: the WSGI application (newsroom.wsgi)
    port_free "$APP_PORT" APP_PORT
    # `env` execs gunicorn: $! is its master, which the trap stops (a shell function run in
    # the background would be a subshell, and killing it would leave gunicorn running).
    env "${NEWSROOM_ENV[@]}" NEWSROOM_PAGE_CACHE="$1" GUNICORN_BIND="127.0.0.1:$APP_PORT" \
        BENCH_CEILING_BODY="$RUN/article.html" BENCH_CEILING_HEADERS="$RUN/article.headers" \
        "$PY" -m gunicorn -c deploy/gunicorn.conf.py "${2:-newsroom.wsgi}" 2>>"$OUT/newsroom-gunicorn.log" &
    GUNICORN_PID=$!
    for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/robots.txt" && return; sleep 0.2; done
    echo "side_by_side.sh: Newsroom's gunicorn did not start (see $OUT/newsroom-gunicorn.log)" >&2
    exit 1
}

run_peer() {  # $1: the repeat's folder; the peer's own script, port and settings
    say "repeat $2: Wagtail (in-process, then HTTP on :$PEER_PORT)"
    PEERS_OUT=$1 VENV=$VENV PORT=$PEER_PORT K=$K R=$REQUESTS DATABASE_URL=$PEER_DATABASE_URL \
        "$PEERS_DIR/run_wagtail.sh" "${WRK_ARGS[@]}" >>"$LOG" 2>&1
}

run_newsroom() {  # $1: the repeat's folder; as run_wagtail.sh, page cache off
    say "repeat $2: Newsroom (in-process, then HTTP on :$APP_PORT), page cache off"
    start_gunicorn false
    newsroom NEWSROOM_PAGE_CACHE=false "$PY" "$PEERS_DIR/bench.py" --label newsroom \
        --urls "$OUT/newsroom-urls.tsv" --settings newsroom.settings --pythonpath . \
        --requests "$REQUESTS" --base-url "http://127.0.0.1:$APP_PORT" "${WRK_ARGS[@]}" \
        --out "$1/newsroom.jsonl" >>"$LOG" 2>&1
    stop_gunicorn
}

run_cached() {  # $1: the repeat's folder; Newsroom only
    say "repeat $2: Newsroom, page cache on (Redis), 2 sync workers"
    start_gunicorn true
    # Every page of the list into the page cache first: wrk's warm-up alone does not reach all
    # 200 articles at uncached speed, and the misses would be measured as "cached".
    cut -f2 "$OUT/newsroom-urls.tsv" | while read -r path; do
        curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT$path"
    done
    curl -fs -D "$RUN/article.headers" -o "$RUN/article.html" "http://127.0.0.1:$APP_PORT$ARTICLE"
    grep -qi "^x-cache: HIT" "$RUN/article.headers" || { echo "side_by_side.sh: $ARTICLE is not a page-cache hit" >&2; exit 1; }
    "$PY" "$PEERS_DIR/bench.py" --label newsroom-cached --urls "$OUT/newsroom-urls.tsv" \
        --base-url "http://127.0.0.1:$APP_PORT" "${WRK_ARGS[@]}" --out "$1/newsroom-cached.jsonl" >>"$LOG" 2>&1
    # One article, as the pairs below: wrk without the path rotation, against the gunicorn
    # ceiling serving the same bytes (after the nginx runs).
    printf 'article\t%s\n' "$ARTICLE" > "$RUN/one-url.tsv"
    "$PY" "$PEERS_DIR/bench.py" --label newsroom-cached-1 --urls "$RUN/one-url.tsv" \
        --base-url "http://127.0.0.1:$APP_PORT" "${WRK_ARGS[@]}" --out "$1/newsroom-cached-1.jsonl" >>"$LOG" 2>&1

    say "repeat $2: the shipped nginx micro-cache in front (:$NGINX_PORT), and a file from it"
    rm -rf "$RUN/nginx" && mkdir -p "$RUN/nginx/files"
    cp "$RUN/article.html" "$RUN/nginx/files/article.html"
    sed -e "s|@RUN@|$RUN/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" \
        -e "s|@UPSTREAM_SERVERS@|server 127.0.0.1:$APP_PORT;|g" -e "s|@STATIC_ROOT@|$RUN/static|g" \
        -e "s|@MEDIA_ROOT@|$RUN/media|g" -e "s|@SERVER_NAMES@|127.0.0.1|g" \
        deploy/nginx/local.conf.template > "$RUN/nginx/nginx.conf"
    nginx -t -q -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"  # every @NAME@ filled in
    port_free "$NGINX_PORT" NGINX_PORT
    nginx -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log" &
    NGINX_PID=$!
    for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT$ARTICLE" && break; sleep 0.1; done
    # The page cache's keys hold the Host, port included: through nginx (another port) every
    # page is a miss again until it has been rendered once for that Host.
    cut -f2 "$OUT/newsroom-article-urls.tsv" | while read -r path; do
        curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT$path"
    done
    "$PY" "$PEERS_DIR/bench.py" --label newsroom-microcache --urls "$OUT/newsroom-article-urls.tsv" \
        --base-url "http://127.0.0.1:$NGINX_PORT" "${WRK_ARGS[@]}" --out "$1/microcache.jsonl" >>"$LOG" 2>&1
    # bench/http_bench.sh's pair: one article through the micro-cache, and its bytes from a
    # file of the same nginx (one URL: wrk without the path rotation of the 200-URL runs).
    "$PY" "$PEERS_DIR/bench.py" --label newsroom-microcache-1 --urls "$RUN/one-url.tsv" \
        --base-url "http://127.0.0.1:$NGINX_PORT" "${WRK_ARGS[@]}" --out "$1/microcache-1.jsonl" >>"$LOG" 2>&1
    printf 'article\t/__file__/article.html\n' > "$RUN/file-url.tsv"
    "$PY" "$PEERS_DIR/bench.py" --label nginx-file --urls "$RUN/file-url.tsv" \
        --base-url "http://127.0.0.1:$NGINX_PORT" "${WRK_ARGS[@]}" --out "$1/nginx-file.jsonl" >>"$LOG" 2>&1
    stop_nginx
    stop_gunicorn

    # The gunicorn ceiling (bench/http_bench.sh's): the same 2 sync workers and configuration
    # answering the article's saved bytes and headers from a WSGI application that does
    # nothing (bench/wsgi_ceiling.py), on the port Newsroom's gunicorn has just left.
    say "repeat $2: gunicorn serving the article's bytes from a WSGI app that does nothing (:$APP_PORT)"
    start_gunicorn true bench.wsgi_ceiling
    "$PY" "$PEERS_DIR/bench.py" --label gunicorn-ceiling --urls "$RUN/one-url.tsv" \
        --base-url "http://127.0.0.1:$APP_PORT" "${WRK_ARGS[@]}" --out "$1/gunicorn-ceiling.jsonl" >>"$LOG" 2>&1
    stop_gunicorn

    # The peers' ceiling: its own nginx serving Newsroom's cached article bytes for every path.
    # ceiling.sh runs bench.py with its own settings (20 s, 5 s warm-up): DURATION does not apply.
    say "repeat $2: ceiling.sh with Newsroom's article bytes (:$CEILING_PORT)"
    port_free "$CEILING_PORT" CEILING_PORT
    PEERS_OUT=$1 PORT=$CEILING_PORT PYTHON=$PY \
        "$PEERS_DIR/ceiling.sh" "$RUN/article.html" "$OUT/newsroom-article-urls.tsv" >>"$LOG" 2>&1
}

conditions() {  # $1: before/after
    {
        echo "### Machine, $1 the run"
        echo
        VENV=$VENV "$PEERS_DIR/conditions.sh"
        echo "- Newsroom: $("$PY" -c 'import sys, django, gunicorn, psycopg; print(f"Python {sys.version.split()[0]}, Django {django.get_version()}, gunicorn {gunicorn.__version__}, psycopg {psycopg.__version__}")'), PostgreSQL server $(psql "$PG/postgres" -Atqc 'SHOW server_version'), $(redis-cli -u "$CACHE_URL" INFO server 2>/dev/null | awk -F: '/^redis_version/ {print "Redis", $2}' | tr -d '\r')"
        echo "- uptime: $(uptime)"
        echo
    } > "$OUT/conditions-$1.md"
    cat "$OUT/conditions-$1.md" >>"$LOG"
}

say "results in $OUT"
conditions before
for repeat in $(seq "$REPEATS"); do
    dir=$OUT/rep-$repeat
    mkdir -p "$dir"
    say "repeat $repeat: load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ $((repeat % 2)) -eq 1 ]; then
        run_peer "$dir" "$repeat"; run_newsroom "$dir" "$repeat"
    else
        run_newsroom "$dir" "$repeat"; run_peer "$dir" "$repeat"
    fi
    if [ "$CACHED" = true ]; then run_cached "$dir" "$repeat"; fi
done
conditions after

{
    echo "## Side by side: Newsroom and the Wagtail peer, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Settings: $REPEATS repeat(s), $N articles each, $K sampled article URLs, in-process $REQUESTS requests per kind,"
    echo "wrk $DURATION s after a $WARMUP s warm-up, $CONNECTIONS connections, $THREADS threads; gunicorn 2 sync workers each"
    echo "(ceiling.sh: its own 20 s after 5 s). Newsroom: $(db_count "$NEWSROOM_DB" "articles_article WHERE status = 'published'") published articles in $NEWSROOM_DB; Wagtail: $(db_count "$PEER_DB" news_newsarticlepage) pages in $PEER_DB."
    echo
    cat "$OUT/conditions-before.md"
    "$PY" bench/side_by_side.py summary "$OUT"
    echo
    cat "$OUT/conditions-after.md"
    echo "### Every scenario"
    for dir in "$OUT"/rep-*; do
        echo
        echo "#### ${dir##*/}"
        echo
        "$PY" "$PEERS_DIR/bench.py" --report "$dir"/*.jsonl
    done
} > "$OUT/summary.md"
cat "$OUT/summary.md"
say "summary: $OUT/summary.md"
