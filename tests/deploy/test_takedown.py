"""A take-down is final through `make serve`'s whole stack within 2 seconds.

deploy/serve.sh runs for real (nginx and its micro-cache, two gunicorn workers, the page cache
in Redis) over a throwaway SQLite database. The newsroom acts from another process
(tests/deploy/takedown_steps.py), as an editor or the clock would. On the old configuration
nginx went on serving the old page for minutes: the application's 404 could not be stored, and
`proxy_cache_use_stale updating` handed every reader the previous copy.
"""

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.deploy.test_serve import free_port

BASE_DIR = Path(__file__).resolve().parents[2]
# A Redis database of its own, emptied before and after (tests/articles use 13).
REDIS_DB = 12
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
DEADLINE_SECONDS = 2.0

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None, reason="nginx is not installed (.ci/run installs it)"
)


def flush_redis_db():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")


@pytest.fixture(scope="module")
def stack():
    flush_redis_db()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-takedown-test-"))
    folder.chmod(0o755)
    port, app_port = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "NEWSROOM_"))
        and key not in ("CACHE_URL", "REDIS_URL", "DATABASE_URL")
    }
    env.update(
        PY=sys.executable,
        PORT=str(port),
        APP_PORT=str(app_port),
        DATABASE_URL=f"sqlite:///{folder / 'serve.sqlite3'}",
        CACHE_URL=REDIS_URL,
        MEDIA_ROOT=str(folder / "media"),
        TMPDIR=str(folder),
        GUNICORN_WORKERS="2",
        DJANGO_SECRET_KEY="takedown-test-only-" + os.urandom(12).hex(),
    )
    log = folder / "serve.log"
    server = subprocess.Popen(
        ["bash", "deploy/serve.sh"],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # What serve.sh sets for its own processes, for the newsroom's steps.
    steps_env = {
        **env,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if fetch(port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"make serve did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield Stack(port=port, env=steps_env, log=log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        flush_redis_db()


def fetch(port, path):
    """(status, headers) of a GET through nginx, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        # Paths arrive encoded (get_absolute_url) or not (the Arabic slug as typed).
        connection.request("GET", urllib.parse.quote(urllib.parse.unquote(path), safe="/"))
        response = connection.getresponse()
        response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()


class Stack:
    def __init__(self, *, port, env, log):
        self.port, self.env, self.log = port, env, log

    def get(self, path):
        return fetch(self.port, path)

    def step(self, *arguments):
        """Run one of tests/deploy/takedown_steps.py's steps in a process of its own."""
        done = subprocess.run(
            [sys.executable, "-m", "tests.deploy.takedown_steps", *map(str, arguments)],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def read_twice(self, path):
        """A reader's two visits: the page is now in nginx's and the application's caches."""
        first, second = self.get(path), self.get(path)
        assert first[0] == second[0] == 200, (first, second)
        return second

    def first_answer_other_than_200(self, path, *, since, limit=10.0):
        """(seconds after `since`, status, headers) of the first answer that is not 200.

        The seconds are counted to when that request was sent: what a reader asking at that
        moment is given. Counting to the answer's arrival would add the request's own time,
        which on a loaded CI machine is a tenth of a second and says nothing about the caches.
        """
        while time.time() - since < limit:
            asked = time.time()
            status, headers = self.get(path)
            if status != 200:
                return asked - since, status, headers
            time.sleep(0.05)
        pytest.fail(f"{path} still answered 200 {limit} s later:\n{self.log.read_text()[-3000:]}")

    def assert_stays(self, path, status, *, seconds=2.5):
        """No cache brings the old page back: every answer for a while is `status`."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            assert self.get(path)[0] == status
            time.sleep(0.1)


def test_a_taken_down_article_answers_410_through_nginx_within_2_seconds(stack):
    article = stack.step("create")
    short_link = f"/a/{article['id']}/"
    stack.read_twice(article["url"])
    assert stack.get(short_link)[0] == 301

    stack.step("archive", article["id"])
    done = time.time()

    elapsed, status, _headers = stack.first_answer_other_than_200(article["url"], since=done)
    assert status == 410
    assert elapsed <= DEADLINE_SECONDS
    stack.assert_stays(article["url"], 410)
    assert stack.get(short_link)[0] == 410


def test_an_expired_article_answers_410_through_nginx_within_2_seconds(stack):
    # Nothing writes at the expiry: no scheduler runs, the article is still "published".
    article = stack.step("create", 4)
    stack.read_twice(article["url"])

    elapsed, status, _headers = stack.first_answer_other_than_200(
        article["url"], since=article["expires_at"]
    )
    assert status == 410
    assert elapsed <= DEADLINE_SECONDS
    stack.assert_stays(article["url"], 410)


def test_a_changed_slug_answers_301_to_the_new_address_within_2_seconds(stack):
    article = stack.step("create")
    stack.read_twice(article["url"])

    moved = stack.step("change_slug", article["id"], "عنوان-جديد")
    done = time.time()

    elapsed, status, headers = stack.first_answer_other_than_200(article["url"], since=done)
    assert status == 301
    assert urllib.parse.unquote(headers["location"]) == urllib.parse.unquote(moved["url"])
    assert elapsed <= DEADLINE_SECONDS
    stack.assert_stays(article["url"], 301)
    assert stack.get(moved["url"])[0] == 200
