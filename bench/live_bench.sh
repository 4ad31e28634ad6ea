#!/usr/bin/env bash
# The live blog's endpoint under load (issue 19, part 6): wrk polls `/live/<id>/entries/?since=`
# through gunicorn (2 sync workers) with the Redis page cache, on the loopback, with the `since`
# values readers' scripts send, first with no entry posted, then while bench/live_bench.py posts
# an entry through the service every 10 s (each post purges the endpoint: every copy is
# re-rendered on the next request). Per run: requests/s, p50/p99, the X-Cache states seen,
# errors; per post: the time from the service call to the first answer containing the entry.
# Manual: needs wrk, Redis and a PostgreSQL database of its own. See bench/REPORT-live.md.
#
#   createdb -h 127.0.0.1 -U postgres newsroom_bench_live
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_live \
#   CACHE_URL=redis://127.0.0.1:6379/11 bench/live_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
DURATION=${DURATION:-30}  # seconds per run
ROUNDS=${ROUNDS:-2}
EVERY=${EVERY:-10}
CONNECTIONS=${CONNECTIONS:-16}
APP_PORT=${APP_PORT:-8161}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-live-bench.XXXXXX")
export DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production-use-1234567890
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_STATIC_ROOT=$RUN/static GUNICORN_WORKERS=2 GUNICORN_THREADS=1 GUNICORN_ACCESS_LOG=
export GUNICORN_WORKER_CLASS=sync NEWSROOM_PAGE_CACHE=true
: "${CACHE_URL:?set CACHE_URL, e.g. redis://127.0.0.1:6379/11}"
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database of its own}"
if ss -ltn | grep -q "127.0.0.1:$APP_PORT "; then echo "port $APP_PORT is in use: set APP_PORT"; exit 1; fi
"$PY" manage.py collectstatic --no-input --verbosity 0

GUNICORN_PID=""
POSTER_PID=""
cleanup() {
    for pid in $POSTER_PID $GUNICORN_PID; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$RUN"
}
trap cleanup EXIT

read -r ARTICLE_ID LATEST < <("$PY" bench/live_bench.py setup | tail -n 1)
BASE=http://127.0.0.1:$APP_PORT
URL=$BASE/live/$ARTICLE_ID/entries/
echo "article $ARTICLE_ID, newest entry $LATEST; redis: $(redis-cli -u "$CACHE_URL" flushdb)"

GUNICORN_BIND=127.0.0.1:$APP_PORT "$PY" -m gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi \
    2>"$RUN/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/robots.txt" && break; sleep 0.2; done
curl -fsS -o /dev/null "$URL?since=$LATEST"
curl -fsS -D "$RUN/headers" -o "$RUN/body.json" "$URL?since=$LATEST"
grep -qi "^x-cache: HIT" "$RUN/headers" || { echo "the endpoint is not served from the cache"; cat "$RUN/headers"; exit 1; }
grep -iE "^(cache-control|surrogate-key|set-cookie|vary):" "$RUN/headers" | tr -d '\r' | sed 's/^/    /'

# Readers' scripts: most have seen the newest entry (since = latest); some loaded a page a few
# entries old from a cache and are one poll behind; a few are further behind. Each wrk thread
# learns `latest` from the answers, as the script does (`since = max(since, data.latest)`).
cat > "$RUN/poll.lua" <<'LUAEOF'
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args)
  latest = tonumber(args[1]); path = args[2]
  hit, miss, stale, other, bad, bytes = 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() * 10 + id)
end
function request()
  local r, since = math.random(), latest
  if r > 0.95 then since = latest - math.random(4, 10)
  elseif r > 0.75 then since = latest - math.random(1, 3) end
  return wrk.format("GET", path .. "?since=" .. since)
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1; return end
  local state = headers["X-Cache"]
  if state == "HIT" then hit = hit + 1 elseif state == "MISS" then miss = miss + 1
  elseif state == "STALE" then stale = stale + 1 else other = other + 1 end
  bytes = bytes + #body
  local seen = tonumber(body:match('"latest": (%d+)'))
  if seen and seen > latest then latest = seen end
end
function done(summary, latency, requests)
  local h, m, s, o, b, n = 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hit"); m = m + t:get("miss"); s = s + t:get("stale")
    o = o + t:get("other"); b = b + t:get("bad"); n = n + t:get("bytes")
  end
  local all = h + m + s + o
  io.write(string.format("X-Cache: HIT %d, MISS %d, STALE %d, none %d: hit ratio %.4f; non-200 %d; mean body %d bytes\n",
    h, m, s, o, all > 0 and h / all or 0, b, all > 0 and n / all or 0))
end
LUAEOF

run() {  # $1: label
    local out
    echo "## $1"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$RUN/poll.lua" "$BASE" -- "$LATEST" "/live/$ARTICLE_ID/entries/")
    echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors|^ +50%|^ +99%|X-Cache|requests in"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

for round in $(seq "$ROUNDS"); do
    LATEST=$(curl -fsS "$URL" | sed -E 's/.*"latest": ([0-9]+).*/\1/')
    run "round $round, no entry posted ($CONNECTIONS connections, ${DURATION} s)"
    echo
    LATEST=$(curl -fsS "$URL" | sed -E 's/.*"latest": ([0-9]+).*/\1/')
    "$PY" bench/live_bench.py post --article "$ARTICLE_ID" --base "$BASE" --every "$EVERY" \
        --count $(( (DURATION - 3) / EVERY + 1 )) --start-delay 2 --go-file "$RUN/go" \
        > "$RUN/poster.txt" 2>&1 &
    POSTER_PID=$!
    # The poster's start-up (Django, connections) before the run, not during it.
    for _ in $(seq 300); do grep -q "^ready" "$RUN/poster.txt" && break; sleep 0.1; done
    grep -q "^ready" "$RUN/poster.txt" || { echo "the poster did not start"; cat "$RUN/poster.txt"; exit 1; }
    touch "$RUN/go"
    run "round $round, an entry posted every $EVERY s ($CONNECTIONS connections, ${DURATION} s)"
    wait "$POSTER_PID" || { echo "the poster failed"; cat "$RUN/poster.txt"; exit 1; }
    POSTER_PID=""
    rm -f "$RUN/go"
    grep -v "^ready" "$RUN/poster.txt" | sed 's/^/    /'
    echo
done
if grep -qiE "error|traceback" "$RUN/gunicorn.log"; then echo "gunicorn log:"; tail -n 30 "$RUN/gunicorn.log"; fi
