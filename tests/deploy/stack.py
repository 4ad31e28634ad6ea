"""Helpers for tests that run the production stack for real: a redis-server of the test's own,
`make serve` (deploy/serve.sh) on free ports, and plain HTTP requests to it."""

import json
import os
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, *, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answers on port {port}")


class OwnRedis:
    """A redis-server this test may stop and start: never the machine's own."""

    def __init__(self):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def keys(self, pattern):
        import redis

        client = redis.Redis(port=self.port)
        try:
            return list(client.scan_iter(pattern))
        finally:
            client.close()


def stack_environment(folder, **extra):
    """The environment of `make serve` and of commands run beside it: the caller's, minus any
    project setting it might carry, plus `extra`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "NEWSROOM_"))
        and key not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL")
    }
    env.update(
        PY=sys.executable,
        MEDIA_ROOT=str(folder / "media"),
        TMPDIR=str(folder),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="stack-test-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        **extra,
    )
    return env


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# Run with `manage.py shell -c` in the stack's database: a published article, scheduled ones,
# and a superuser's signed-in session (second factor verified, as tests/sign_in.py does).
SEED = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from articles.models import Article, Byline, Section, Status
from authors.models import Author
from tests.sign_in import sign_in

section = Section.objects.create(name="سياسة")
author = Author.objects.create(name="سعاد الإدريسي")
def article(headline, status, publish_at):
    made = Article.objects.create(
        section=section, headline=headline, body="<p>متن.</p>", status=status,
        publish_at=publish_at,
    )
    Byline.objects.create(article=made, author=author, position=0)
    return made
now = timezone.now()
public = article("خبر منشور", Status.PUBLISHED, now - timedelta(hours=1))
scheduled = [article(f"خبر مبرمج {n}", Status.SCHEDULED, now - timedelta(minutes=1)) for n in range(HOW_MANY_SCHEDULED)]
user = get_user_model().objects.create_superuser("chief", "chief@example.ma", "a long test passphrase 42")
client = Client()
sign_in(client, user)
print(json.dumps({
    "session": client.session.session_key,
    "article": public.get_absolute_url(),
    "article_id": public.pk,
    "scheduled": [made.pk for made in scheduled],
}))
"""


def seed(env, *, scheduled=0):
    manage(env, "migrate", "--no-input")
    output = manage(env, "shell", "-c", SEED.replace("HOW_MANY_SCHEDULED", str(scheduled)))
    return json.loads(output.strip().splitlines()[-1])


class Serve:
    """`make serve` (deploy/serve.sh) running in the background until `stop()`."""

    def __init__(self, env, folder, *, port, app_ports):
        self.port = port
        self.app_ports = app_ports
        self.log = folder / "serve.log"
        self.process = subprocess.Popen(
            ["bash", "deploy/serve.sh"],
            cwd=BASE_DIR,
            env={**env, "PORT": str(port), "APP_PORTS": " ".join(map(str, app_ports))},
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        # The app servers first: nginx asked before they listen marks them failed for ten
        # seconds (max_fails), and a test starting then would get its 502s.
        for base in [*(self.app_url(n) for n in range(len(app_ports))), self.url]:
            while True:
                try:
                    urllib.request.urlopen(f"{base}/robots.txt", timeout=2)
                    break
                except OSError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        self.stop()
                        pytest.fail(f"make serve did not start:\n{self.log.read_text()}")
                    time.sleep(0.5)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def app_url(self, index):
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def get(url, **headers):
    """(status, headers, body) without raising for 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url, data, **headers):
    """(status, headers) of a form POST, redirects not followed."""
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def private_folder():
    # Not under pytest's own temporary folder: it is private to this user (0700), and nginx's
    # workers, which run as another user when started by root, could not read the files.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-stack-test-"))
    folder.chmod(0o755)
    return folder
