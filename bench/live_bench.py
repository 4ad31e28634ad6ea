"""Steps of bench/live_bench.sh (the live endpoint under load; never run by the tests).

    live_bench.py setup                       migrate; one live article with 40 entries
    live_bench.py post --article ID --base URL --every 10 --count N
                                              post an entry through the service every 10 s and
                                              time how soon a poller first sees it

`setup` makes (or reuses) a staff superuser and one published article with live coverage
started, 40 entries posted through `live_entry_post` (one pinned, three edited, one withdrawn,
so that the endpoint's `edited`, `withdrawn` and `pinned` parts are not empty), and prints
`<article id> <newest entry id>` on its last line.

`post` posts an entry through `live_entry_post` (the one write path: audit row, purge after
commit) every `--every` seconds. After each post it asks the endpoint, as a reader's script
would (`?since=<the entry before>`, no cookie), every 10 ms until an answer contains the new
entry, and prints the seconds from the call to the first such answer, and from the commit. It
runs with the same settings and CACHE_URL as the gunicorn it asks, so its purge bumps the
keys that gunicorn's page cache reads.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Byline, LiveEntry, Section, SiteSettings, Status  # noqa: E402
from articles.services.live import (  # noqa: E402
    live_coverage_start,
    live_entry_edit,
    live_entry_post,
    live_entry_withdraw,
)
from authors.models import Author  # noqa: E402
from newsroom.http import page_cache  # noqa: E402
from newsroom.http.page_cache import EVERY_PAGE  # noqa: E402

SLUG = "bench-live"
PARAGRAPH = (
    "<p>تتواصل عمليات فرز الأصوات في مكاتب الاقتراع بمختلف جهات المملكة، وتشير النتائج "
    "الأولية إلى تقدم واضح في عدد من الدوائر الانتخابية بالدار البيضاء والرباط وفاس.</p>"
)


def actor():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-live-editor",
        defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.invalid"},
    )
    author, _ = Author.objects.get_or_create(name="مراسل البث المباشر", defaults={"user": user})
    return user


def setup():
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database of its own.")
    call_command("migrate", verbosity=0)
    SiteSettings.load()
    user = actor()
    article = Article.objects.filter(slug=SLUG).first()
    if article is None:
        section, _ = Section.objects.get_or_create(name="سياسة", defaults={"order": 1})
        article = Article.objects.create(
            headline="مباشر: نتائج الانتخابات لحظة بلحظة",
            slug=SLUG,
            standfirst="تغطية مباشرة لفرز الأصوات وإعلان النتائج.",
            body=PARAGRAPH * 4,
            section=section,
            status=Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=3),
        )
        Byline.objects.create(article=article, author=user.author_profile, position=0)
        live_coverage_start(article=article, actor=user)
        entries = [
            live_entry_post(
                article=article, actor=user, body=f"<p>تحديث رقم {n}</p>" + PARAGRAPH, pinned=n == 5
            )
            for n in range(1, 41)
        ]
        for entry in entries[10:13]:
            live_entry_edit(entry=entry, actor=user, body=entry.body + "<p>(تصحيح)</p>")
        live_entry_withdraw(entry=entries[20], actor=user)
    newest = LiveEntry.objects.filter(article=article).visible().order_by("-id").first()
    print(article.pk, newest.pk)


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
        return response.headers.get("X-Cache", "-"), json.loads(response.read())


def post(article_id, base, every, count, start_delay, go_file):
    user = actor()
    article = Article.objects.get(pk=article_id)
    from_call, from_commit = [], []
    # Warm up (the database connection, the cache client, the endpoint's URL) before the timed
    # posts, then wait for the go file: the process's start-up is not part of the measured run.
    before = LiveEntry.objects.filter(article=article).order_by("-id").first()
    page_cache.generations([EVERY_PAGE])
    fetch(f"{base}/live/{article_id}/entries/?since={before.pk}")
    print("ready", flush=True)
    while go_file and not os.path.exists(go_file):
        time.sleep(0.05)
    time.sleep(start_delay)
    next_at = time.monotonic()
    for n in range(count):
        next_at += every if n else 0
        time.sleep(max(0.0, next_at - time.monotonic()))
        before = LiveEntry.objects.filter(article=article).order_by("-id").first()
        called = time.monotonic()
        entry = live_entry_post(
            article=article, actor=user, body=f"<p>جديد {n} في {timezone.now():%H:%M:%S}</p>"
        )
        committed = time.monotonic()  # the purge ran on commit, inside the call
        url = f"{base}/live/{article_id}/entries/?since={before.pk}"
        polls, state = 0, "-"
        while True:
            polls += 1
            asked = time.monotonic()
            state, data = fetch(url)
            if any(item["id"] == entry.pk for item in data["entries"]):
                break
            if time.monotonic() - called > 30:
                print(f"entry {entry.pk}: not seen after 30 s", flush=True)
                break
            time.sleep(0.01)
        seen = time.monotonic()
        from_call.append(seen - called)
        from_commit.append(seen - committed)
        print(
            f"entry {entry.pk}: post call {1000 * (committed - called):.1f} ms, seen "
            f"{1000 * (seen - called):.1f} ms after the call ({polls} polls, the last one "
            f"{1000 * (seen - asked):.1f} ms, X-Cache {state})",
            flush=True,
        )
    if from_call:
        print(
            f"posted {len(from_call)}; post to first answer containing it: median "
            f"{1000 * statistics.median(from_call):.1f} ms, max {1000 * max(from_call):.1f} ms "
            f"(from the commit: median {1000 * statistics.median(from_commit):.1f} ms)",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("setup")
    poster = steps.add_parser("post")
    poster.add_argument("--article", type=int, required=True)
    poster.add_argument("--base", required=True)
    poster.add_argument("--every", type=float, default=10.0)
    poster.add_argument("--count", type=int, default=3)
    poster.add_argument("--start-delay", type=float, default=2.0)
    poster.add_argument("--go-file", help="wait for this file to exist before the first post")
    args = parser.parse_args()
    if args.step == "setup":
        setup()
    else:
        post(args.article, args.base, args.every, args.count, args.start_delay, args.go_file)


if __name__ == "__main__":
    main()
