"""Load with publishing: wrk over public pages while an import runs and an editor publishes.

Loopback only, bounded in time, manual (never run by the tests). Start the stack first, with
the same DATABASE_URL and CACHE_URL as this script (e.g. `bench/http_bench.sh`'s settings, or
`make serve`), then:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_perf
    export CACHE_URL=redis://127.0.0.1:6379/8 DJANGO_DEBUG=false DJANGO_SECRET_KEY=… \\
           DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false
    .venv/bin/python bench/load_with_publishing.py --base http://127.0.0.1:8101 \\
        --gunicorn-pid $(pgrep -o -f 'gunicorn -c deploy') --duration 600

- `wrk` with 64 connections over home, article, section and feed pages (a Lua script
  rotates the paths) for `--duration` seconds, reporting p99 and non-2xx responses;
- a WordPress import of `--import-count` articles (bench/generate_wxr.py, then
  `manage.py import_wxr`) in a subprocess at the same time;
- every `--publish-every` seconds an article is published through `article_publish` (which
  purges after commit) and the home page is polled until its headline shows: the delay;
- the resident memory of every gunicorn worker, sampled each second.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from articles import services  # noqa: E402
from articles.models import Article, Byline, Section, Status  # noqa: E402
from authors.models import Author  # noqa: E402

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def pages(base):
    latest = list(Article.objects.published().order_by("-publish_at")[:50])
    section = Section.objects.first()
    paths = ["/", "/feed/", section.get_absolute_url()]
    paths += [article.get_absolute_url() for article in latest[10:40]]
    return paths


def worker_rss(master_pid):
    """{pid: resident MB} of the master's children (the gunicorn workers)."""
    found = {}
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if rss:
                found[int(child.name)] = int(rss.group(1)) / 1024
    return found


def publisher(base, every, stop, delays, editor):
    section = Section.objects.first()
    author = Author.objects.first()
    number = 0
    while not stop.wait(every):
        number += 1
        headline = f"خبر عاجل للاختبار رقم {number} {int(time.time())}"
        article = Article.objects.create(
            headline=headline,
            section=section,
            status=Status.IN_REVIEW,
            body="<p>نص الخبر العاجل.</p>",
        )
        Byline.objects.create(article=article, author=author, position=0)
        published_at = time.monotonic()
        services.article_publish(article=article, actor=editor)
        while time.monotonic() - published_at < 30:
            html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
            if headline in html:
                delays.append(time.monotonic() - published_at)
                break
            time.sleep(0.1)
        else:
            delays.append(None)


def run_import(count, stop, result):
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "load.xml"
        subprocess.run(
            [sys.executable, ROOT / "bench/generate_wxr.py", str(count), export], check=True
        )
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, ROOT / "manage.py", "import_wxr", export],
            capture_output=True,
            text=True,
        )
        result["seconds"] = time.monotonic() - started
        result["returncode"] = done.returncode
        result["tail"] = (done.stdout + done.stderr)[-400:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8101")
    parser.add_argument("--gunicorn-pid", type=int, required=True)
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--publish-every", type=float, default=10)
    parser.add_argument("--import-count", type=int, default=10_000)
    options = parser.parse_args()
    if not options.base.startswith(("http://127.0.0.1", "http://localhost")):
        sys.exit("Loopback only.")

    editor = get_user_model().objects.filter(is_superuser=True).first()
    if editor is None:
        editor = get_user_model().objects.create_superuser("bench-editor", password=None)
    paths = pages(options.base)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(f'"{path}"' for path in paths))
    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout)

    stop = threading.Event()
    delays, rss_peak, import_result = [], {}, {}
    threads = [
        threading.Thread(
            target=publisher,
            args=(options.base, options.publish_every, stop, delays, editor),
        ),
        threading.Thread(target=run_import, args=(options.import_count, stop, import_result)),
    ]
    for thread in threads:
        thread.start()

    def sample():
        while not stop.wait(1):
            for pid, mb in worker_rss(options.gunicorn_pid).items():
                rss_peak[pid] = max(rss_peak.get(pid, 0), mb)

    sampler = threading.Thread(target=sample)
    sampler.start()
    wrk = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{options.connections}",
            f"-d{options.duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            options.base,
        ],
        capture_output=True,
        text=True,
    )
    stop.set()
    for thread in [*threads, sampler]:
        thread.join()
    os.unlink(script.name)

    print(wrk.stdout)
    print("load after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout)
    seen = [delay for delay in delays if delay is not None]
    print(f"publishes: {len(delays)}, seen on home: {len(seen)}")
    if seen:
        print(f"publish to home: max {max(seen):.2f} s, mean {sum(seen) / len(seen):.2f} s")
    print(f"import: {import_result}")
    print("worker peak RSS (MB):", {pid: round(mb) for pid, mb in rss_peak.items()})


if __name__ == "__main__":
    main()
