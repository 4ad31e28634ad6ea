#!/usr/bin/env bash
# `make serve`: the production stack on this machine. gunicorn with production settings
# (DEBUG off, hashed static files, the page cache) and, when nginx is installed, nginx with
# the micro-cache in front. Nothing is written outside one temporary folder and the project's
# own database; no root needed. Stop with Ctrl-C.
#
#   PORT (8000)           where to browse: nginx when installed, else gunicorn
#   APP_PORT (PORT + 1)   gunicorn behind nginx
#   APP_PORTS             several gunicorn instances behind one nginx upstream ("8001 8002"),
#                         as on several app servers: they need a shared CACHE_URL
#   CACHE_URL             a shared cache (redis://…); without one, one gunicorn worker, since
#                         a per-process cache refuses several (newsroom/checks.py)
#   GUNICORN_WORKERS, GUNICORN_THREADS, …: see deploy/gunicorn.conf.py
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-serve.XXXXXX")
chmod 755 "$RUN"  # nginx workers run as another user when started by root
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-local-serve-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
# Plain HTTP on the loopback: no HTTPS redirect. Cookies stay Secure-only as in production;
# browsers keep and send them to http://127.0.0.1 and http://localhost, which they trust.
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-false}
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$RUN/static}
# Uploaded pictures: the same folder as `make run` (settings' default), served by nginx.
export MEDIA_ROOT=${MEDIA_ROOT:-$PWD/media}
if [ -z "${CACHE_URL:-}${REDIS_URL:-}" ]; then
    export GUNICORN_WORKERS=${GUNICORN_WORKERS:-1}
fi

"$PY" manage.py migrate --no-input
"$PY" manage.py collectstatic --no-input --verbosity 0

cleanup() {
    for pid in ${NGINX_PID:-} ${GUNICORN_PIDS:-}; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$RUN"
}
trap cleanup EXIT

if command -v nginx >/dev/null; then
    APP_PORTS=${APP_PORTS:-${APP_PORT:-$((PORT + 1))}}
    UPSTREAM=""
    for app_port in $APP_PORTS; do UPSTREAM="$UPSTREAM server 127.0.0.1:$app_port;"; done
    mkdir -p "$RUN/files"
    # nginx answers the allowed hosts only; Django's "*" is nginx's "any name" regex.
    SERVER_NAMES=$(tr ',' ' ' <<<"$DJANGO_ALLOWED_HOSTS" | sed -e 's/\(^\| \)\*\( \|$\)/\1~.\2/g')
    # nginx replaces the client's X-Forwarded-For with the address it saw: trust one proxy.
    export NEWSROOM_TRUSTED_PROXY_COUNT=${NEWSROOM_TRUSTED_PROXY_COUNT:-1}
    sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$PORT|g" -e "s|@UPSTREAM_SERVERS@|$UPSTREAM|g" \
        -e "s|@STATIC_ROOT@|$DJANGO_STATIC_ROOT|g" -e "s|@MEDIA_ROOT@|$MEDIA_ROOT|g" \
        -e "s|@SERVER_NAMES@|$SERVER_NAMES|g" \
        deploy/nginx/local.conf.template > "$RUN/nginx.conf"
    nginx -t -q -c "$RUN/nginx.conf" -e "$RUN/error.log"
    nginx -c "$RUN/nginx.conf" -e "$RUN/error.log" &
    NGINX_PID=$!
    echo "nginx on http://127.0.0.1:$PORT/ in front of gunicorn on port(s) $APP_PORTS (config: $RUN/nginx.conf)"
else
    APP_PORTS=$PORT
    echo "nginx is not installed: gunicorn alone on http://127.0.0.1:$PORT/" \
        "(uploaded pictures are not served: install nginx to see them)"
fi

# One gunicorn per port; the stack stops when any of them does.
GUNICORN_PIDS=""
for app_port in $APP_PORTS; do
    GUNICORN_BIND=127.0.0.1:$app_port "$PY" -m gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi &
    GUNICORN_PIDS="$GUNICORN_PIDS $!"
done
wait -n
