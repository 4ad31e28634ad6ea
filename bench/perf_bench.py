"""In-process render time and query count per public page type, uncached (never run by tests).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_perf
    .venv/bin/python bench/public_bench.py generate --count 100000   # the 100,000 articles
    DJANGO_DEBUG=false DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=testserver \\
        DJANGO_SECURE_SSL_REDIRECT=false DJANGO_STATIC_ROOT=/tmp/newsroom-static \\
        .venv/bin/python bench/perf_bench.py

Production settings (DEBUG off, so templates are compiled once and cached; run collectstatic
first for the hashed static names), the page cache off, Django's test client: wall time and
process CPU time per request, and the queries of one request. See bench/REPORT-perf.md.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_PAGE_CACHE"] = "false"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article, Section, Tag  # noqa: E402
from authors.models import Author  # noqa: E402


def load():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def measure(client, urls, rounds):
    wall, cpu = [], []
    for _ in range(rounds):
        for url in urls:
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def count_queries(client, url):
    queries = []

    def count(execute, *args):
        queries.append(1)
        return execute(*args)

    with connection.execute_wrapper(count):
        client.get(url)
    return queries


def p(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    client = Client()
    published = Article.objects.published()
    total = published.count()
    articles = list(published.order_by("?").values_list("pk", "slug")[:100])
    section, tag = Section.objects.first(), Tag.objects.first()
    author = Author.objects.filter(articles__isnull=False).first()
    pages = {
        "home": (["/"], 100),
        "article (100 different)": ([f"/article/{pk}/{slug}/" for pk, slug in articles], 2),
        "section": ([section.get_absolute_url()], 100),
        "tag": ([tag.get_absolute_url()], 100),
        "author": ([author.get_absolute_url()], 100),
        "feed": (["/feed/"], 50),
        "section feed": ([reverse("articles:section-feed", args=[section.slug])], 50),
        "news sitemap": (["/news-sitemap.xml"], 50),
        "sitemap index": (["/sitemap.xml"], 10),
    }
    print(f"{total} public articles, {connection.vendor} {connection.pg_version}")
    print(f"load before: {load()}")
    print("| page | p50 wall | p95 wall | p50 CPU | queries |")
    print("| --- | --- | --- | --- | --- |")
    for name, (urls, rounds) in pages.items():
        measure(client, urls[:3], 1)  # warm up templates, connection, plan caches
        queries = count_queries(client, urls[0])
        wall, cpu = measure(client, urls, rounds)
        print(
            f"| {name} | {statistics.median(wall):.1f} ms | {p(wall, 0.95):.1f} ms "
            f"| {statistics.median(cpu):.1f} ms | {len(queries)} |"
        )
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
