"""Benchmark of the public site on PostgreSQL with generated articles (never run by the tests).

    createdb -h 127.0.0.1 -U postgres newsroom_bench_public
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_public
    .venv/bin/python bench/public_bench.py generate --count 100000
    .venv/bin/python bench/public_bench.py run

`generate` migrates the database and adds articles with bylines and tags by bulk_create (which
fills each article's search text; PostgreSQL computes the search column on insert). `run` renders pages in-process with
Django's test client, uncached, and prints server-time percentiles. See bench/REPORT-public.md.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
# Uncached: the page cache would answer every repeated page from memory.
os.environ["NEWSROOM_PAGE_CACHE"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Byline, Section, SiteSettings, Status, Tag  # noqa: E402
from authors.models import Author  # noqa: E402

# Debug mode is only for settings without secrets; it must not log every query here.
settings.DEBUG = False
BATCH = 2000


def vocabulary():
    """Arabic words from the demo articles (articles/demo/*/*.txt), the bench's raw material."""
    demo = Path(__file__).resolve().parents[1] / "articles" / "demo"
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(demo.rglob("*.txt")))
    return sorted(set(re.findall(r"[\u0600-\u06ff]{3,}", text)))


def sentence(rng, words, length):
    return " ".join(rng.choice(words) for _ in range(length))


def generate(count, seed=1):
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database (newsroom_bench_public).")
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    words = vocabulary()
    SiteSettings.load()
    sections = [Section.objects.create(name=f"قسم {n}", order=n) for n in range(12)]
    tags = [Tag.objects.create(name=f"وسم {n} {rng.choice(words)}") for n in range(200)]
    authors = [Author.objects.create(name=f"كاتب {n} {rng.choice(words)}") for n in range(80)]
    now = timezone.now()
    start = time.perf_counter()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        batch = []
        for _ in range(size):
            made += 1
            paragraphs = "".join(
                f"<p>{sentence(rng, words, rng.randint(25, 60))}.</p>" for _ in range(6)
            )
            batch.append(
                Article(
                    headline=sentence(rng, words, rng.randint(6, 12)),
                    slug=f"مقال-{made}",
                    standfirst=sentence(rng, words, 20),
                    body=paragraphs,
                    section=rng.choice(sections),
                    status=Status.PUBLISHED,
                    publish_at=now - timedelta(minutes=made * 7),
                    is_featured=made % 500 == 0,
                    is_breaking=made % 2000 == 0,
                )
            )
        created = Article.objects.bulk_create(batch)
        Byline.objects.bulk_create(
            Byline(article=a, author=author, position=i)
            for a in created
            for i, author in enumerate(rng.sample(authors, rng.choice((1, 1, 2))))
        )
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article_id=a.pk, tag_id=tag.pk)
            for a in created
            for tag in rng.sample(tags, 3)
        )
        print(f"{made} articles, {time.perf_counter() - start:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url, repeat):
    """Server time of each request in milliseconds (in-process: no network, no cache)."""
    times = []
    for _ in range(repeat):
        reset_queries()
        begin = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name, times):
    print(
        f"{name:<28} n={len(times):<4} p50={statistics.median(times):6.1f} ms  "
        f"p95={percentile(times, 0.95):6.1f} ms  max={max(times):6.1f} ms"
    )


def run(seed=2):
    rng = random.Random(seed)
    words = vocabulary()
    client = Client()
    total = Article.objects.count()
    print(f"{total} articles on {connection.vendor}, PostgreSQL {connection.pg_version}")
    client.get("/")  # warm up imports, templates and the connection
    ids = list(Article.objects.published().order_by("?").values_list("pk", "slug")[:100])
    report("home", timed(client, "/", 100))
    article_times = []
    for pk, slug in ids:
        article_times += timed(client, f"/article/{pk}/{slug}/", 1)
    report("article (100 different)", article_times)
    queries = [" ".join(rng.sample(words, rng.choice((1, 1, 2, 3)))) for _ in range(200)]
    search_times = []
    for query in queries:
        search_times += timed(client, "/search/?q=" + query, 1)
    report("search (200 queries)", search_times)
    rare = [rng.choice(words) + "ة" for _ in range(50)]
    rare_times = []
    for query in rare:
        rare_times += timed(client, "/search/?q=" + query, 1)
    report("search, few or no matches", rare_times)
    report("feed", timed(client, "/feed/", 30))
    report("sitemap index", timed(client, "/sitemap.xml", 30))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="add generated articles")
    make.add_argument("--count", type=int, default=100_000)
    commands.add_parser("run", help="measure pages")
    options = parser.parse_args()
    if options.command == "generate":
        generate(options.count)
    else:
        run()


if __name__ == "__main__":
    main()
