"""A Redis outage under `make serve`: the site keeps answering, and caches again when Redis is
back (newsroom/http/redis_cache.py; docs/operations.md, "Caching and Redis outages").

The stack runs for real (nginx, gunicorn with two workers, production settings) with CACHE_URL
on a redis-server of this test's own, which it stops and starts again.
"""

import re
import shutil
import time

import pytest

from tests.deploy.stack import (
    OwnRedis,
    Serve,
    free_port,
    get,
    post,
    private_folder,
    seed,
    stack_environment,
)

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None, reason="nginx is not installed (.ci/run installs it)"
)

PASSWORD = "a long test passphrase 42"


@pytest.fixture(scope="module")
def stack():
    folder = private_folder()
    redis = OwnRedis()
    redis.start()
    env = stack_environment(
        folder,
        DATABASE_URL=f"sqlite:///{folder / 'stack.sqlite3'}",
        CACHE_URL=redis.url,
        GUNICORN_WORKERS="2",
    )
    seeded = seed(env)
    serve = Serve(env, folder, port=free_port(), app_ports=[free_port()])
    try:
        yield serve, redis, seeded
    finally:
        serve.stop()
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


def sign_in_status(base):
    """The status of a password sign-in through the admin's form (302 when accepted)."""
    status, headers, page = get(f"{base}/admin/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(
        value.split(";")[0] for value in headers.get_all("Set-Cookie") if "csrftoken=" in value
    )
    status, headers = post(
        f"{base}/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "chief", "password": PASSWORD},
        Origin=base,
        Referer=f"{base}/admin/login/",
        Cookie=cookie,
    )
    return status, headers.get("Location", "")


def test_pages_feeds_and_sign_in_answer_while_redis_is_down_and_caching_resumes(stack):
    serve, redis, seeded = stack
    app = serve.app_url(0)
    article = seeded["article"]
    assert get(f"{app}{article}")[0] == 200
    assert get(f"{app}{article}")[1]["X-Cache"] == "HIT"

    redis.stop()
    # Each URL with a query of its own, so nginx's micro-cache has no copy to fall back on.
    for round_ in range(2):
        for path in ("/", article, "/feed/", "/sitemap.xml", "/admin/login/"):
            url = f"{path}?outage={round_}"
            for base in (serve.url, app):
                status, _headers, _body = get(f"{base}{url}")
                assert status == 200, (base, url)
    status, location = sign_in_status(serve.url)
    assert status == 302
    assert "/admin/login/" not in location

    redis.start()  # empty, as after a restart without persistence
    time.sleep(2.5)  # the backend leaves Redis alone for 2 s after a failure
    for _ in range(3):
        get(f"{app}{article}")
    assert get(f"{app}{article}")[1]["X-Cache"] == "HIT"
    assert redis.keys("*newsroom:page:*")
