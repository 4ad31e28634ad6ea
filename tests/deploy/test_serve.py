"""`make serve` (deploy/serve.sh): the production stack on this machine, nginx in front.

Started for real on free ports over a throwaway SQLite database: the newcomer's run found that
nobody could sign in through it (nginx dropped the port from Host, so Django's CSRF origin check
refused every form) and that uploaded pictures answered 404 (no /media/ location).
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None, reason="nginx is not installed (`make test` installs it as root)"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served():
    # Not under pytest's own temporary folder: it is private to this user (0700), and nginx's
    # workers, which run as another user when started by root, could not read the pictures.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-serve-test-"))
    folder.chmod(0o755)
    port, app_port = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "NEWSROOM_")) and key != "CACHE_URL"
    }
    env.update(
        PY=sys.executable,
        PORT=str(port),
        APP_PORT=str(app_port),
        DATABASE_URL=f"sqlite:///{folder / 'serve.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        TMPDIR=str(folder),
        GUNICORN_WORKERS="1",
    )
    # Its output goes to a file: a pipe nobody reads would fill and stall the server.
    log = folder / "serve.log"
    server = subprocess.Popen(
        ["bash", "deploy/serve.sh"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"make serve did not start:\n{log.read_text()}")
                time.sleep(0.5)
        yield base, folder / "media"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_sign_in_form_is_accepted_through_nginx(served):
    base, _media = served
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    page = opener.open(f"{base}/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    csrf_cookie = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/admin/login/",
        data=form,
        # What the browser sends; the Secure cookie is passed by hand (urllib keeps Secure
        # cookies for https only, browsers also for http://127.0.0.1).
        headers={
            "Origin": base,
            "Referer": f"{base}/admin/login/",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    try:
        response = urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        pytest.fail(f"sign-in refused with {error.code}: {error.read().decode()[:300]}")
    # Wrong credentials: the form again, with its error, not a CSRF refusal.
    assert response.status == 200
    assert 'name="username"' in response.read().decode()


def test_uploaded_pictures_are_served_by_nginx(served):
    base, media = served
    picture = media / "images" / "renditions" / "example.webp"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")

    response = urllib.request.urlopen(f"{base}/media/images/renditions/example.webp")

    assert response.read() == picture.read_bytes()
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_health_check_reaches_the_application_through_nginx_and_is_not_logged(served):
    base, media = served
    request = urllib.request.Request(
        f"{base}/healthz", headers={"X-Request-ID": "load-balancer-check-0001"}
    )

    answers = [urllib.request.urlopen(request) for _ in range(2)]
    urllib.request.urlopen(f"{base}/robots.txt?after-the-health-check")

    for response in answers:
        assert response.status == 200
        body = json.loads(response.read())
        assert (body["database"], body["migrations"]) == ("ok", "applied")
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Request-ID"] == "load-balancer-check-0001"
        assert "X-Micro-Cache" not in response.headers  # never from nginx's cache
    log = (media.parent / "serve.log").read_text()
    assert "/robots.txt" in log  # one line per request at INFO…
    assert "/healthz" not in log  # …but not for health checks


def test_public_pages_pass_through_the_micro_cache(served):
    base, _media = served
    response = urllib.request.urlopen(f"{base}/")
    assert response.status == 200
    assert response.headers["X-Micro-Cache"] in {"MISS", "HIT", "EXPIRED", "UPDATING", "STALE"}
