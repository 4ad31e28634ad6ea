"""Two app servers sharing one PostgreSQL database and one Redis, behind one nginx upstream
(docs/operations.md, "Scaling to several app servers").

`make serve` with APP_PORTS runs two gunicorn instances (two workers each) as two hosts would:
an article taken down through one is gone from the other and from nginx, and the publishing
timer firing on both hosts at once moves each scheduled article once.
"""

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections import Counter

import environ
import psycopg
import pytest

from tests.deploy.stack import (
    BASE_DIR,
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

SCHEDULED = 20


def postgresql_server():
    """Where to create the test's database: the server DATABASE_URL names, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        params = environ.Env.db_url_config(url)
    else:
        params = {"HOST": "127.0.0.1", "PORT": 5432, "USER": "postgres", "PASSWORD": ""}
    return {key: params.get(key) or None for key in ("HOST", "PORT", "USER", "PASSWORD")}


@pytest.fixture(scope="module")
def database():
    server = postgresql_server()
    connect = {
        "host": server["HOST"],
        "port": server["PORT"],
        "user": server["USER"],
        "password": server["PASSWORD"],
    }
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, **connect)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable ({error}); two app servers need one")
    name = f"newsroom_i15_two_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    user = server["USER"] or ""
    password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{server['HOST']}:{server['PORT']}/{name}"
    try:
        yield url, {**connect, "dbname": name}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def two_servers(database):
    url, connect = database
    folder = private_folder()
    redis = OwnRedis()
    redis.start()
    env = stack_environment(
        folder,
        DATABASE_URL=url,
        CACHE_URL=redis.url,
        GUNICORN_WORKERS="2",
        NEWSROOM_PURGE_HOOK="tests.deploy.purge_recorder.record",
        NEWSROOM_TEST_PURGE_LOG=str(folder / "purges.log"),
    )
    seeded = seed(env, scheduled=SCHEDULED)
    serve = Serve(env, folder, port=free_port(), app_ports=[free_port(), free_port()])
    try:
        yield serve, seeded, env, connect, folder / "purges.log"
    finally:
        serve.stop()
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


def take_down(base, article_id, session):
    """Take the article down through the admin's button on the server at `base`."""
    change = f"{base}/admin/articles/article/{article_id}/change/"
    status, headers, page = get(change, Cookie=f"sessionid={session}")
    assert status == 200, page[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    csrf = next(
        value.split(";")[0] for value in headers.get_all("Set-Cookie") if "csrftoken=" in value
    )
    status, _headers = post(
        f"{base}/admin/articles/article/{article_id}/workflow/archive/",
        {"csrfmiddlewaretoken": token, "reason": "خطأ في المعلومات"},
        Cookie=f"sessionid={session}; {csrf}",
        Origin=base,
        Referer=change,
    )
    assert status == 302


def test_an_article_taken_down_through_one_server_is_gone_from_the_other(two_servers):
    serve, seeded, _env, connect, _purges = two_servers
    first, second = serve.app_url(0), serve.app_url(1)
    url = seeded["article"]
    # Through nginx, the page cache is keyed by nginx's host: both servers store the page under
    # it (asked directly with that Host, so that nginx's own micro-cache holds no copy).
    nginx_host = serve.url.removeprefix("http://")
    for base in (first, second):
        for host in (base.removeprefix("http://"), nginx_host):
            assert get(f"{base}{url}", Host=host)[0] == 200
            assert get(f"{base}{url}", Host=host)[1]["X-Cache"] == "HIT"

    take_down(first, seeded["article_id"], seeded["session"])

    with psycopg.connect(**connect) as conn:
        assert conn.execute(
            "SELECT status FROM articles_article WHERE id = %s", [seeded["article_id"]]
        ).fetchone() == ("archived",)
    gone = (404, 410)  # 410 once take-downs answer Gone
    assert get(f"{second}{url}")[0] in gone
    assert get(f"{first}{url}")[0] in gone
    for _ in range(4):  # round robin: both servers behind nginx
        status, headers, _body = get(f"{serve.url}{url}")
        assert status in gone


def test_the_publishing_timer_firing_on_both_hosts_moves_each_article_once(two_servers):
    _serve, seeded, env, connect, purges = two_servers
    purges.unlink(missing_ok=True)
    command = [sys.executable, "manage.py", "publish_scheduled_articles"]
    runs = [
        subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0]
    with psycopg.connect(**connect) as conn:
        moved = conn.execute(
            "SELECT article_id, count(*) FROM articles_statuschange"
            " WHERE to_status = 'published' AND article_id = ANY(%s) GROUP BY article_id",
            [seeded["scheduled"]],
        ).fetchall()
    assert sorted(moved) == [(pk, 1) for pk in sorted(seeded["scheduled"])]
    purged = Counter(key for line in purges.read_text().splitlines() for key in line.split())
    assert all(purged[f"article-{pk}"] == 1 for pk in seeded["scheduled"]), purged
    published = [int(re.search(r"(\d+)", output).group(1)) for output in outputs]
    assert sum(published) == SCHEDULED, outputs
