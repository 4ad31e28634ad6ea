"""Helper of bench/side_by_side.sh: Newsroom's URL list, and the summary table of a run.

    python bench/side_by_side.py urls --count 200 > urls.tsv     # Django settings from the env
    python bench/side_by_side.py summary RESULTS_DIR              # plain Python, no Django

`urls` prints `home<TAB>/` and a seeded sample of published articles over the whole archive
(the format of the peer's `dump_urls`). `summary` reads the JSON lines of the peers' driver
(../shared/peers/bench.py) that side_by_side.sh left in RESULTS_DIR/rep-1, rep-2, … and prints
markdown: the median over the repeats of each figure and ratio, then the ratios per repeat.
"""

import argparse
import json
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Issue 21, part 3.
CACHED_TARGET_RPS = 5000
MICROCACHE_TARGET_SHARE = 0.60


def urls(count, seed):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from articles.models import Article

    pks = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    if len(pks) < count:
        sys.exit(f"only {len(pks)} published articles, {count} wanted")
    chosen = random.Random(seed).sample(pks, count)
    articles = Article.objects.in_bulk(chosen)
    print("home\t/")
    for pk in chosen:
        print(f"article\t{articles[pk].get_absolute_url()}")


def read_repeat(folder):
    """{(label, scenario): record} of one repeat's JSON lines."""
    records = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["label"], record["scenario"]] = record
    return records


def value(records, label, scenario, field):
    record = records.get((label, scenario))
    return None if record is None else record.get(field)


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


# (row title, how to compute it from one repeat's records, format)
def rows():
    def inprocess(kind):
        scenario = f"inprocess-{kind}"
        return lambda r: (
            value(r, "newsroom", scenario, "median_ms"),
            value(r, "wagtail", scenario, "median_ms"),
            ratio(
                value(r, "wagtail", scenario, "median_ms"),
                value(r, "newsroom", scenario, "median_ms"),
            ),
        )

    def http(kind):
        scenario = f"http-{kind}"
        return lambda r: (
            value(r, "newsroom", scenario, "rps"),
            value(r, "wagtail", scenario, "rps"),
            ratio(value(r, "newsroom", scenario, "rps"), value(r, "wagtail", scenario, "rps")),
        )

    def alone(label, scenario):
        return lambda r: (value(r, label, scenario, "rps"), None, None)

    def cached_target(r):
        rps = value(r, "newsroom-cached", "http-article", "rps")
        return (rps, None, ratio(rps, CACHED_TARGET_RPS))

    def share(micro_label, ceiling_label):
        def compute(r):
            micro = value(r, micro_label, "http-article", "rps")
            ceiling = value(r, ceiling_label, "http-article", "rps")
            return (micro, ceiling, ratio(micro, ceiling))

        return compute

    return [
        ("article, in-process median ms (ratio Wagtail/Newsroom)", inprocess("article"), "ms"),
        ("home, in-process median ms (ratio Wagtail/Newsroom)", inprocess("home"), "ms"),
        ("article over HTTP, uncached, req/s (ratio Newsroom/Wagtail)", http("article"), "rps"),
        ("home over HTTP, uncached, req/s (ratio Newsroom/Wagtail)", http("home"), "rps"),
        (
            "article over HTTP, page cache on (Redis), req/s (share of the 5,000 target)",
            cached_target,
            "rps",
        ),
        (
            "home over HTTP, page cache on (Redis), req/s",
            alone("newsroom-cached", "http-home"),
            "rps",
        ),
        (
            "one article over HTTP, page cache on (Redis), 2 sync workers, req/s; the same "
            "gunicorn serving its bytes from a WSGI app that does nothing (bench/wsgi_ceiling.py), "
            "req/s (share)",
            share("newsroom-cached-1", "gunicorn-ceiling"),
            "rps",
        ),
        (
            "the 200 articles through the shipped nginx micro-cache, req/s; nginx serving the "
            "page's bytes for them (ceiling.sh), req/s (share, target ≥ 60 %)",
            share("newsroom-microcache", "nginx-static"),
            "rps",
        ),
        (
            "one article through the shipped nginx micro-cache, req/s; the same nginx serving "
            "its bytes from a file (bench/http_bench.sh's pair), req/s (share)",
            share("newsroom-microcache-1", "nginx-file"),
            "rps",
        ),
    ]


def queries(records, label, kind):
    q = value(records, label, f"inprocess-{kind}", "queries_median")
    return "" if q is None else f", {q:g} queries"


def fmt(x, kind):
    if x is None:
        return "—"
    if kind == "ms":
        return f"{x:.2f} ms"
    if kind == "rps":
        return f"{x:,.0f}"
    return f"{x:.2f}×"


def fmt_ratio(x, title):
    if x is None:
        return "—"
    if "share" in title:
        return f"{100 * x:.0f} %"
    return f"{x:.2f}×"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def errors(repeats):
    found = []
    for n, records in repeats:
        for (label, scenario), record in sorted(records.items()):
            total = sum(record.get("errors", {}).values())
            if total:
                found.append(
                    f"repeat {n}, {label} {scenario}: {record['errors']} of {record['requests']} requests"
                )
    return found


def summary(folder):
    folder = Path(folder)
    repeats = [
        (int(p.name.split("-")[1]), read_repeat(p))
        for p in sorted(folder.glob("rep-*"), key=lambda p: int(p.name.split("-")[1]))
    ]
    if not repeats:
        sys.exit(f"no rep-* folders in {folder}")
    table = rows()
    out = [
        f"### Median of {len(repeats)} repeat(s)",
        "",
        "Each ratio is the median of the per-repeat ratios (not the ratio of the medians).",
        "",
        "| measure | Newsroom | Wagtail (or the reference) | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for title, compute, kind in table:
        triples = [compute(records) for _, records in repeats]
        newsroom, other, r = (median([t[i] for t in triples]) for i in range(3))
        out.append(
            f"| {title} | {fmt(newsroom, kind)} | {fmt(other, kind)} | {fmt_ratio(r, title)} |"
        )
    first = repeats[0][1]
    out += [
        "",
        "Queries per page (repeat 1, median over 20 pages): article "
        f"Newsroom{queries(first, 'newsroom', 'article')} / Wagtail{queries(first, 'wagtail', 'article')}; "
        f"home Newsroom{queries(first, 'newsroom', 'home')} / Wagtail{queries(first, 'wagtail', 'home')}.",
        "",
        "### Ratios per repeat",
        "",
        "| ratio | " + " | ".join(f"repeat {n}" for n, _ in repeats) + " | median |",
        "| --- | " + " | ".join("---:" for _ in repeats) + " | ---: |",
    ]
    for title, compute, _ in table:
        per = [compute(records)[2] for _, records in repeats]
        cells = [fmt_ratio(x, title) for x in per] + [fmt_ratio(median(per), title)]
        out.append(f"| {title} | " + " | ".join(cells) + " |")
    found = errors(repeats)
    out += ["", "wrk errors: " + ("none." if not found else "")]
    out += [f"- {line}" for line in found]
    print("\n".join(out))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("urls", help="print Newsroom's URL list")
    make.add_argument("--count", type=int, default=200)
    make.add_argument("--seed", type=int, default=1)
    report = commands.add_parser("summary", help="print the markdown summary of a run")
    report.add_argument("folder")
    args = parser.parse_args()
    if args.command == "urls":
        urls(args.count, args.seed)
    else:
        summary(args.folder)


if __name__ == "__main__":
    main()
