"""In-process render time and query count per public page type, uncached (never run by tests).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_perf
    .venv/bin/python bench/public_bench.py generate --count 100000   # the 100,000 articles
    DJANGO_DEBUG=false DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=testserver \\
        DJANGO_SECURE_SSL_REDIRECT=false DJANGO_STATIC_ROOT=/tmp/newsroom-static \\
        .venv/bin/python bench/perf_bench.py

Production settings (DEBUG off, so templates are compiled once and cached; run collectstatic
first for the hashed static names), the page cache off, Django's test client: wall time and
process CPU time per request, and the queries of one request. See bench/REPORT-perf.md.

`--deep` adds what issue 21 asks of a million articles: the section's, tag's and author's lists
at page 50 and at cursors half-way and near their end, a month of the date archive, and search
over 200 different queries (p95 is the figure there). On a database from `public_bench.py
generate --count 1000000` (about an hour here); the news sitemap needs articles of the last two
days, which `generate` makes.

`--home-pins-and-reads` first replaces the home page's pins and the read counts with a curated
home (a top story, three places of the band, four section leads, all older articles than the
home's window, and one pin still to start) and 24 hours of reads (1,500 articles an hour: the
1,000 newest and 500 older ones), so that the home and article pages run the pins' and "most
read" queries on data of a realistic size, then checks that the home page shows both.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_PAGE_CACHE"] = "false"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, ArticleReadCount, HomePin, Section, Tag  # noqa: E402
from articles.models.home_pin import HomeSlot  # noqa: E402
from articles.public.pagination import Cursor  # noqa: E402
from articles.services.home import home_pin  # noqa: E402
from articles.services.reads import hour_of  # noqa: E402
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


def home_pins_and_reads(seed=3):
    """Pins and 24 hours of read counts (see the module's docstring); returns the headline of
    the pinned top story."""
    rng = random.Random(seed)
    now = timezone.now()
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-perf-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    HomePin.objects.all().delete()
    ArticleReadCount.objects.all().delete()
    newest = list(
        Article.objects.published()
        .order_by("-publish_at", "-id")
        .values_list("pk", flat=True)[:6000]
    )
    archive = Article.objects.published().order_by("-publish_at", "-id")
    top = archive[5000]
    home_pin(article=top, slot=HomeSlot.TOP, actor=editor, ends_at=now + timedelta(hours=6))
    for position, rank in ((1, 1000), (3, 2000), (6, 3000)):
        home_pin(article=archive[rank], slot=HomeSlot.BAND, position=position, actor=editor)
    home_pin(
        article=archive[4000],
        slot=HomeSlot.BAND,
        position=2,
        actor=editor,
        starts_at=now + timedelta(hours=2),
    )
    for section in Section.objects.order_by("order")[:4]:
        older = archive.filter(section=section)[400]
        home_pin(
            article=older, slot=HomeSlot.SECTION, actor=editor, ends_at=now + timedelta(days=1)
        )
    older_ids = list(Article.objects.published().values_list("pk", flat=True).order_by("?")[:5000])
    rows = []
    this_hour = hour_of(now)
    for back in range(24):
        read = newest[:1000] + rng.sample(older_ids, 500)
        for pk in set(read):
            rows.append(
                ArticleReadCount(
                    article_id=pk, hour=this_hour - timedelta(hours=back), count=rng.randint(1, 500)
                )
            )
    ArticleReadCount.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {HomePin._meta.db_table}")
        cursor.execute(f"ANALYZE {ArticleReadCount._meta.db_table}")
    print(f"pins: {HomePin.objects.count()}, read counts: {len(rows)} rows over 24 hours")
    return top.headline


def deep_pages(published, section, tag, author):
    """The lists at any depth: the last numbered page (?page=50), and cursor pages half-way
    and near the end of the section's, tag's and author's lists; a month of the date archive;
    search over 200 queries of one or two words taken from headlines."""
    pages = {}
    for name, list_of, url in (
        ("section", published.filter(section=section), section.get_absolute_url()),
        ("tag", published.filter(tags=tag), tag.get_absolute_url()),
        ("author", published.filter(bylines__author=author), author.get_absolute_url()),
    ):
        ordered = list_of.order_by("-publish_at", "-id")
        size = ordered.count()
        pages[f"{name} ?page=50"] = ([f"{url}?page=50"], 50)
        for share in (0.5, 0.95):
            row = ordered.values("pk", "publish_at")[int(size * share)]
            cursor = Cursor(row["publish_at"], row["pk"])
            pages[f"{name} cursor at {share:.0%} of {size}"] = ([f"{url}?before={cursor}"], 50)
    middle = published.order_by("-publish_at", "-id")[published.count() // 2].publish_at
    month = timezone.localtime(middle)
    pages["date archive, a month"] = (
        [reverse("articles:archive-month", args=[month.year, month.month])],
        50,
    )
    rng = random.Random(21)
    headlines = list(published.order_by("?").values_list("headline", flat=True)[:200])
    queries = []
    for headline in headlines:
        words = [word for word in headline.split() if len(word) > 2] or headline.split()
        start = rng.randrange(len(words))
        queries.append(" ".join(words[start : start + rng.choice((1, 2))]))
    pages["search (200 queries)"] = (
        [f"{reverse('articles:search')}?{urlencode({'q': query})}" for query in queries],
        1,
    )
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home-pins-and-reads", action="store_true")
    parser.add_argument(
        "--deep",
        action="store_true",
        help="also the lists' later pages (page 50, cursors half-way and near the end), a date "
        "archive and search over 200 different queries (issue 21's million articles)",
    )
    args = parser.parse_args()
    client = Client()
    if args.home_pins_and_reads:
        headline = home_pins_and_reads()
        html = client.get("/").content.decode()
        assert 'class="most-read"' in html, "no most-read block on the home page"
        assert headline in html, "the pinned top story is not on the home page"
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
    if args.deep:
        pages |= deep_pages(published, section, tag, author)
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
