"""Benchmark of readers' comments (issue 20; never run by the tests).

    createdb -h 127.0.0.1 -U postgres newsroom_bench_comments
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_comments
    .venv/bin/python bench/comments_bench.py [--articles 200] [--threads 8] [--submissions 400]

In one process, through the production WSGI stack (newsroom.wsgi.application: the page cache's
fast path, the request log, Django), called from a pool of threads as gunicorn's threaded
workers would:

1. cached article pages per second with comments OFF (the default): every article page
   rendered once, then read again and again;
2. the same with comments ON, each article carrying 20 approved comments with replies;
3. comment submission under concurrent load: each submission asks for the form's token, then
   posts the comment (different client addresses, as readers); latency percentiles of the POST
   and of the pair;
4. cached article pages per second with comments OFF again (the machine's drift in one run).

The page cache is Django's local-memory cache here (one process), PostgreSQL the database.
See bench/REPORT-comments.md.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["NEWSROOM_PAGE_CACHE"] = "true"
# One process: its local-memory cache is the page cache of every request (newsroom.E001).
os.environ["GUNICORN_WORKERS"] = "1"
# Readers from many addresses, quickly: the rate limits and the minimum time are not measured.
os.environ["NEWSROOM_COMMENT_RATE_PER_ARTICLE"] = "1000000"
os.environ["NEWSROOM_COMMENT_RATE_PER_ADDRESS"] = "1000000"
os.environ["NEWSROOM_COMMENT_MIN_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.encoding import iri_to_uri  # noqa: E402

settings.DEBUG = False
settings.ALLOWED_HOSTS = ["bench.example"]

from articles.models import Article, Byline, Comment, CommentStatus, Section  # noqa: E402
from articles.services import site_settings_update  # noqa: E402
from articles.services.roles import EDITOR_IN_CHIEF  # noqa: E402
from authors.models import Author  # noqa: E402
from newsroom.wsgi import application  # noqa: E402


def environ(method, path, *, query="", body=b"", remote="198.51.100.1", accept="text/html"):
    return {
        "REQUEST_METHOD": method,
        # WSGI's PATH_INFO: the URL's bytes, decoded as latin-1 (the articles' paths are Arabic).
        "PATH_INFO": unquote_to_bytes(iri_to_uri(path)).decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "bench.example",
        "SERVER_PORT": "80",
        "HTTP_HOST": "bench.example",
        "HTTP_ACCEPT": accept,
        "REMOTE_ADDR": remote,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def call(env):
    status = []

    def start_response(line, headers, exc_info=None):
        status.append((line, headers))

    chunks = application(env, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return int(status[0][0].split()[0]), dict(status[0][1]), body


def http_call(base, method, path, *, query="", body=b"", accept="text/html"):
    """The same request over HTTP to `base` (gunicorn or nginx in front), one connection each."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    connection_ = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    target = iri_to_uri(path) + (f"?{query}" if query else "")
    headers = {"Accept": accept, "Host": parts.netloc}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"{parts.scheme}://{parts.netloc}"
    try:
        connection_.request(method, target, body=body or None, headers=headers)
        response = connection_.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection_.close()


def setup(count):
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database (newsroom_bench_comments).")
    call_command("migrate", verbosity=0)
    Comment.objects.all().delete()
    Article.objects.filter(source="bench-comments").delete()
    section, _created = Section.objects.get_or_create(name="قسم التعليقات", defaults={"order": 1})
    author, _created = Author.objects.get_or_create(name="كاتب المقاعد")
    now = timezone.now()
    articles = []
    for n in range(count):
        article = Article.objects.create(
            headline=f"مقال رقم {n} عن افتتاح خط الترامواي الجديد",
            body="<p>" + "فقرة من متن المقال فيها كلمات عربية كثيرة. " * 40 + "</p>",
            section=section,
            status="published",
            publish_at=now - timedelta(hours=1),
            source="bench-comments",
            source_id=str(n),
        )
        Byline.objects.create(article=article, author=author)
        articles.append(article)
    chief, _created = get_user_model().objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True}
    )
    from django.contrib.auth.models import Group

    chief.groups.add(Group.objects.get(name=EDITOR_IN_CHIEF))
    return articles, chief


def add_comments(articles, per_article=20):
    rows = []
    start = timezone.now() - timedelta(minutes=50)
    for article in articles:
        for n in range(per_article):
            rows.append(
                Comment(
                    article=article,
                    name=f"قارئ {n}",
                    email=f"reader{n}@example.ma",
                    body=f"تعليق رقم {n} على هذا الخبر، فيه رأي القارئ وسؤال عن التفاصيل.",
                    status=CommentStatus.APPROVED,
                    created_at=start + timedelta(seconds=n),
                )
            )
    Comment.objects.bulk_create(rows)
    tops = {}
    replies = []
    for comment in Comment.objects.filter(article__in=articles).order_by("id"):
        tops.setdefault(comment.article_id, comment)
    for article_id, top in tops.items():
        for n in range(3):
            replies.append(
                Comment(
                    article_id=article_id,
                    parent=top,
                    name="الجريدة",
                    by_newspaper=n == 0,
                    body=f"رد رقم {n}.",
                    status=CommentStatus.APPROVED,
                    created_at=timezone.now(),
                )
            )
    Comment.objects.bulk_create(replies)


def pool_run(threads, jobs, work):
    lock = threading.Lock()
    latencies = []

    def one(job):
        try:
            start = time.perf_counter()
            result = work(job)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
            return result
        finally:
            connections.close_all()

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as executor:
        results = list(executor.map(one, jobs))
    return time.perf_counter() - start, latencies, results


def cached_pages_per_second(articles, threads, rounds):
    paths = [article.get_absolute_url() for article in articles]
    for path in paths:  # fill the cache
        status, _headers, _body = call(environ("GET", path))
        assert status == 200, status
    jobs = [paths[i % len(paths)] for i in range(len(paths) * rounds)]

    def get(path):
        status, headers, _body = call(environ("GET", path))
        assert status == 200
        return headers.get("X-Cache", "")

    elapsed, latencies, results = pool_run(threads, jobs, get)
    hits = sum(1 for r in results if r.startswith("HIT"))
    return (
        len(jobs) / elapsed,
        percentile(latencies, 50),
        percentile(latencies, 95),
        hits / len(jobs),
    )


def submissions(articles, threads, total, base=None):
    """Token then POST for `total` readers; over HTTP to `base` when given, else in-process."""
    post_latencies = []
    lock = threading.Lock()

    def request(method, path, *, remote, **kwargs):
        if base:  # the proxy gives the address: every reader is 127.0.0.1 over the loopback
            return http_call(base, method, path, **kwargs)
        return call(environ(method, path, remote=remote, **kwargs))

    def submit(n):
        article = articles[n % len(articles)]
        remote = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        status, _h, body = request(
            "GET",
            f"/comments/{article.pk}/token/",
            query="loaded=30",
            remote=remote,
            accept="application/json",
        )
        assert status == 200, (status, body[:200])
        import json

        token = json.loads(body)["token"]
        form = urlencode(
            {
                "token": token,
                "name": f"قارئ {n}",
                "email": f"bench{n}@example.ma",
                "body": f"تعليق القياس رقم {n} على المقال، بلا روابط ولا كلمات ممنوعة.",
                "website": "",
            }
        ).encode()
        start = time.perf_counter()
        status, _h, body = request(
            "POST",
            f"/comments/{article.pk}/",
            body=form,
            remote=remote,
            accept="application/json",
        )
        elapsed = time.perf_counter() - start
        assert status == 202, (status, body[:300])
        with lock:
            post_latencies.append(elapsed)

    elapsed, pair_latencies, _results = pool_run(threads, range(total), submit)
    return {
        "per second": total / elapsed,
        "post p50": percentile(post_latencies, 50),
        "post p95": percentile(post_latencies, 95),
        "token+post p95": percentile(pair_latencies, 95),
    }


def percentile(values, p):
    if not values:
        return float("nan")
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[p - 1]


def switch_comments(chief, on):
    site_settings_update(actor=chief, changes={"comments_enabled": on})


def http_step(args):
    """One step of bench/comments_http_bench.sh, which runs gunicorn, nginx and wrk."""
    if args.http_step == "setup":
        articles, chief = setup(args.articles)
        switch_comments(chief, False)
        print(articles[0].get_absolute_url())
        return
    chief = get_user_model().objects.get(username="bench-chief")
    if args.http_step == "comments-on":
        articles = list(Article.objects.filter(source="bench-comments").order_by("pk"))
        add_comments(articles)
        switch_comments(chief, True)
    elif args.http_step == "comments-off":
        switch_comments(chief, False)
    elif args.http_step == "submit":
        articles = list(Article.objects.filter(source="bench-comments").order_by("pk"))
        sub = submissions(articles, args.threads, args.submissions, base=args.base)
        stored = Comment.objects.filter(status=CommentStatus.PENDING).count()
        print(
            f"comment submissions over HTTP ({args.submissions}, {args.threads} at a time): "
            f"{sub['per second']:.0f}/s, POST p50 {sub['post p50'] * 1000:.1f} ms, "
            f"POST p95 {sub['post p95'] * 1000:.1f} ms, token+POST p95 "
            f"{sub['token+post p95'] * 1000:.1f} ms; pending comments stored: {stored}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--submissions", type=int, default=400)
    parser.add_argument(
        "--http-step", choices=["setup", "comments-on", "comments-off", "submit"], default=None
    )
    parser.add_argument("--base", default="", help="the stack's address, for --http-step submit")
    args = parser.parse_args()
    if args.http_step:
        return http_step(args)
    articles, chief = setup(args.articles)
    cache.clear()
    switch_comments(chief, False)
    print(f"{args.articles} articles, {args.threads} threads, {os.cpu_count()} CPUs")
    results = {}
    results["off (before)"] = cached_pages_per_second(articles, args.threads, args.rounds)
    add_comments(articles)
    switch_comments(chief, True)
    results["on, 23 comments each"] = cached_pages_per_second(articles, args.threads, args.rounds)
    sub = submissions(articles, args.threads, args.submissions)
    switch_comments(chief, False)
    results["off (after)"] = cached_pages_per_second(articles, args.threads, args.rounds)
    print("\n| cached article pages | req/s | p50 | p95 | hits |")
    print("| --- | --- | --- | --- | --- |")
    for name, (rate, p50, p95, hits) in results.items():
        print(f"| {name} | {rate:.0f} | {p50 * 1000:.2f} ms | {p95 * 1000:.2f} ms | {hits:.1%} |")
    print(f"\ncomment submissions ({args.submissions}, {args.threads} threads):")
    print(
        f"{sub['per second']:.0f}/s, POST p50 {sub['post p50'] * 1000:.1f} ms, "
        f"POST p95 {sub['post p95'] * 1000:.1f} ms, token+POST p95 "
        f"{sub['token+post p95'] * 1000:.1f} ms"
    )
    stored = Comment.objects.filter(status=CommentStatus.PENDING).count()
    print(f"pending comments stored: {stored}")


if __name__ == "__main__":
    main()
