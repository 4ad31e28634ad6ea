"""`make serve` (deploy/serve.sh): the production stack on this machine, nginx in front.

Started for real on free ports over a throwaway SQLite database: the newcomer's run found that
nobody could sign in through it (nginx dropped the port from Host, so Django's CSRF origin check
refused every form) and that uploaded pictures answered 404 (no /media/ location).
"""

import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
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


# --- Client addresses and the Host header behind nginx (docs/security.md) --------------------

EDITOR_PASSWORD = "a long enough serve passphrase 42"
# The editor's authenticator key (hex, as django-otp stores it).
EDITOR_TOTP_KEY = "3132333435363738393031323334353637383930"


class Browser:
    """A browser on one loopback address (127.0.0.0/8 is all local): its requests reach nginx
    from that address. Cookies are kept by hand, Secure ones included, as browsers keep them
    for http://127.0.0.1."""

    def __init__(self, base, address):
        parts = urllib.parse.urlsplit(base)
        self.base, self.host, self.port, self.address = base, parts.hostname, parts.port, address
        self.cookies = {}

    def request(self, method, path, form=None, headers=()):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=30, source_address=(self.address, 0)
        )
        sent = dict(headers)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": self.base,
                    "Referer": self.base + path,
                }
            )
        try:
            connection.request(method, path, body, sent)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, text

    def post_form(self, path, fields, **headers):
        _response, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields}, headers)


def manage(folder, code):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{folder / 'serve.sqlite3'}")
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )


def rows(folder, query, *params):
    with sqlite3.connect(folder / "serve.sqlite3") as connection:
        return connection.execute(query, params).fetchall()


@pytest.fixture(scope="module")
def editor(served):
    """An editor with an authenticator app, in the served database."""
    _base, media = served
    manage(
        media.parent,
        "from django.contrib.auth.models import Group, User\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        "from articles.services.roles import EDITOR\n"
        f"user = User.objects.create_user('serve-editor', password={EDITOR_PASSWORD!r},"
        " is_staff=True)\n"
        "user.groups.add(Group.objects.get(name=EDITOR))\n"
        f"TOTPDevice.objects.create(user=user, name='phone', key={EDITOR_TOTP_KEY!r},"
        " confirmed=True)\n",
    )
    return "serve-editor"


def test_an_attacker_locks_out_only_their_own_address_and_the_log_names_it(served, editor):
    from django_otp.oath import totp

    base, media = served
    attacker = Browser(base, "127.0.0.2")
    statuses = [
        attacker.post_form("/admin/login/", {"username": editor, "password": "wrong"})[0].status
        for _ in range(5)
    ]

    owner = Browser(base, "127.0.0.3")
    signed_in, _page = owner.post_form(
        "/admin/login/", {"username": editor, "password": EDITOR_PASSWORD}
    )
    verified, _page = owner.post_form(
        "/admin/security/two-factor/verify/?next=/admin/",
        {"token": f"{totp(bytes.fromhex(EDITOR_TOTP_KEY)):06d}"},
    )
    admin, _page = owner.request("GET", "/admin/")

    assert statuses == [200, 200, 200, 200, 429]
    assert signed_in.status == 302
    assert verified.status == 302 and verified.headers["Location"] == "/admin/"
    assert admin.status == 200
    events = rows(
        media.parent,
        "SELECT kind, ip_address FROM staff_securityevent WHERE username = ? ORDER BY id",
        editor,
    )
    assert events == [("sign_in_failed", "127.0.0.2")] * 4 + [
        ("locked_out", "127.0.0.2"),
        ("signed_in", "127.0.0.3"),
        ("second_factor_verified", "127.0.0.3"),
    ]
    assert rows(
        media.parent, "SELECT ip_address FROM axes_accessattempt WHERE username = ?", editor
    ) == [("127.0.0.2",)]


def test_a_forwarded_for_header_sent_by_the_client_is_ignored(served):
    base, media = served
    visitor = Browser(base, "127.0.0.4")

    visitor.post_form(
        "/admin/login/",
        {"username": "spoofer", "password": "wrong"},
        **{"X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.67"},
    )

    assert rows(
        media.parent, "SELECT ip_address FROM staff_securityevent WHERE username = 'spoofer'"
    ) == [("127.0.0.4",)]


def test_a_host_with_another_port_cannot_poison_the_micro_cache(served):
    base, _media = served
    port = urllib.parse.urlsplit(base).port
    browser = Browser(base, "127.0.0.1")

    # The feed's links carry the host Django was given; both requests fall in the same second
    # of the micro-cache.
    poisoned, poisoned_feed = browser.request("GET", "/feed/", headers={"Host": "127.0.0.1:9999"})
    genuine, genuine_feed = browser.request("GET", "/feed/", headers={"Host": f"127.0.0.1:{port}"})

    assert poisoned.status == genuine.status == 200
    assert "127.0.0.1:9999" in poisoned_feed
    assert "127.0.0.1:9999" not in genuine_feed
    assert f"127.0.0.1:{port}" in genuine_feed


def test_an_unknown_host_is_closed_without_an_answer(served):
    base, _media = served

    with pytest.raises(http.client.RemoteDisconnected):
        Browser(base, "127.0.0.1").request("GET", "/feed/", headers={"Host": "evil.example"})
