"""Each speed-up of issue 17 (point 3) against its plain Django version (never run by tests).

    createdb -h 127.0.0.1 -U postgres i17bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/i17bench
    .venv/bin/python bench/public_bench.py generate --count 10000
    export DJANGO_DEBUG=false DJANGO_SECRET_KEY=bench-only-not-a-secret \\
        DJANGO_ALLOWED_HOSTS=testserver DJANGO_SECURE_SSL_REDIRECT=false \\
        DJANGO_STATIC_ROOT=/tmp/i17bench-static CACHE_URL=redis://127.0.0.1:6379/13
    .venv/bin/python manage.py collectstatic --no-input -v 0
    .venv/bin/python bench/speedups.py [--rounds 4] [--requests 200] [--only a1,b,...]

Each speed-up's plain version is a swap applied in this process only (patched names,
`override_settings`): the application code is not changed. For each speed-up and each page
that uses it, rounds alternate plain / special (A/B/A/B), each round a few unmeasured warm-up
requests then `--requests` measured ones through Django's WSGI handler (as gunicorn calls
it), recording the process CPU time (`time.process_time`) and wall time of each request.
PostgreSQL and Redis work in their own processes: CPU time is the application's share.
Production settings (DEBUG off: the cached template loader, hashed static names, persistent
connections). Uncached pages with the page cache off; page-cache hits with it on and Redis.
See bench/REPORT-speedups.md.
"""

import argparse
import copy
import io
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from unittest import mock
from urllib.parse import unquote_to_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Long enough that no page-cache entry expires during a run (the hits must all be hits).
os.environ.setdefault("NEWSROOM_PAGE_CACHE_SECONDS", "86400")

import django  # noqa: E402

django.setup()

import re  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.cache.backends.base import BaseCache  # noqa: E402
from django.core.cache.backends.redis import RedisCacheClient  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

import articles.models.article  # noqa: E402
import articles.models.taxonomy  # noqa: E402
import articles.public.cards  # noqa: E402
import articles.public.views  # noqa: E402
import authors.models  # noqa: E402
from articles.models import Article, Byline, Correction, Section  # noqa: E402
from articles.public.article_page import RELATED_COUNT, PageRelations  # noqa: E402
from newsroom.http.fast_path import PageCacheApplication  # noqa: E402
from newsroom.http.redis_cache import ReusingRedisCache  # noqa: E402

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
RELATED_FIELDS = ("id", "slug", "headline", "publish_at", "language")


# --- a. related articles and the page's relations through the ORM -----------------------------


def plain_related_articles(article, tag_ids, now=None):
    """`related_articles` on `published()`: the same two index walks, as an ORM union."""
    newest = (
        Article.objects.published(now=now)
        .exclude(pk=article.pk)
        .only(*RELATED_FIELDS)
        .order_by("-publish_at", "-id")
    )
    walks = []
    if article.section_id:
        walks.append(newest.filter(section_id=article.section_id)[:RELATED_COUNT])
    if tag_ids:
        tagged = Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        walks.append(newest.filter(Exists(tagged))[:RELATED_COUNT])
    if not walks:
        return []
    if len(walks) == 1:
        return list(walks[0])
    return list(walks[0].union(walks[1]).order_by("-publish_at", "-id")[:RELATED_COUNT])


def plain_page_relations(article):
    """`page_relations` through the ORM: the same three queries, as querysets."""
    bylines = Byline.objects.filter(article_id=article.pk).select_related("author")
    return PageRelations(
        authors=[byline.author for byline in bylines.order_by("position", "id")],
        tags=list(article.tags.order_by("name", "id")),
        corrections=list(
            Correction.objects.filter(article_id=article.pk).order_by("created_at", "id")
        ),
    )


# --- b. Article instances for cards -----------------------------------------------------------


def plain_cards_for(articles):
    """Cards as Article instances: `for_listing()` without its ordering (the views' querysets
    are ordered, and the paginator's page is already sliced)."""
    return list(
        articles.select_related("section", "lead_image")
        .with_bylines()
        .defer("body", "source", "source_id", "search_text", "search_document")
    )


# --- c. the card as a template include --------------------------------------------------------

# The markup of articles/templatetags/cards.py `card_html`, as a template: the reference
# templates/includes/card.html, which tests/articles/public/test_cards.py pins the tag to. The
# bylines keep `{% authors_html %}`, the tag the article page uses too.
CARD_TEMPLATE = "includes/card.html"
CARD_TAG = re.compile(r"{% article_card (?P<article>\w+)(?P<options>[^%]*)%}")


def card_include(match, *, snippets):
    """The include for one `{% article_card %}`, every parameter given (a name missing from
    the context is a failed lookup, which costs an exception)."""
    options = {"lead": "False", "show_standfirst": "False", "level": "3", "snippet": '""'}
    for option in match["options"].split():
        name, _, value = option.partition("=")
        options[name] = value
    article = match["article"]
    if snippets:
        options["snippet"] = f"{article}.snippet"
    given = " ".join(f"{name}={value}" for name, value in options.items())
    return f'{{% include "{CARD_TEMPLATE}" with article={article} {given} %}}'


def card_templates():
    """The templates that show cards, each `{% article_card %}` replaced by the include."""
    templates = {}
    for path in TEMPLATES_DIR.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "{% article_card" in text:
            name = str(path.relative_to(TEMPLATES_DIR))
            # Only search results carry snippets (articles/search/snippets.py with_snippets).
            snippets = name == "articles/search.html"
            templates[name] = CARD_TAG.sub(partial(card_include, snippets=snippets), text)
    return templates


@contextmanager
def card_include_templates():
    templates = copy.deepcopy(settings.TEMPLATES)
    backend = templates[0]
    backend["APP_DIRS"] = False
    backend["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                ("django.template.loaders.locmem.Loader", card_templates()),
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]
    with override_settings(TEMPLATES=templates):
        yield


@contextmanager
def same_templates():
    """The special side of c: the same cached loaders as the swap, without the locmem one."""
    templates = copy.deepcopy(settings.TEMPLATES)
    backend = templates[0]
    backend["APP_DIRS"] = False
    backend["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]
    with override_settings(TEMPLATES=templates):
        yield


# --- d. reverse() -----------------------------------------------------------------------------

# Every module that imported `public_path` by name.
PATH_USERS = (
    articles.models.article,
    articles.models.taxonomy,
    authors.models,
    articles.public.cards,
)


def plain_public_path(name, **kwargs):
    return reverse(name, kwargs=kwargs)


# --- e. Django's RedisCache -------------------------------------------------------------------


class OutageOnlyRedisCache(ReusingRedisCache):
    """The project's backend without its two speed-ups: Django's client per operation and
    Django's key check, keeping the outage handling (a behaviour, not a speed-up)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    validate_key = BaseCache.validate_key


@contextmanager
def cache_backend(backend, *, keep_retry_after):
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["BACKEND"] = backend
    if not keep_retry_after:
        caches["default"]["OPTIONS"].pop("retry_after", None)
    with override_settings(CACHES=caches):
        yield


# --- the swaps --------------------------------------------------------------------------------


def patched(*patches):
    @contextmanager
    def swap():
        with ExitStack() as stack:
            for target, name, value in patches:
                stack.enter_context(mock.patch.object(target, name, value))
            yield

    return swap


@contextmanager
def nothing():
    yield


def all_plain_patches():
    return (
        (articles.public.views, "related_articles", plain_related_articles),
        (articles.public.views, "page_relations", plain_page_relations),
        (articles.public.views, "cards_for", plain_cards_for),
        *((module, "public_path", plain_public_path) for module in PATH_USERS),
    )


@contextmanager
def all_plain():
    with patched(*all_plain_patches())(), card_include_templates():
        yield


UNCACHED = ("article", "home", "section")
HITS = ("article hit", "home hit")
# name: (what the plain version is, plain swap, special swap, pages, WSGI fast path on)
SWAPS = {
    "a1": (
        "related articles: ORM union on published() instead of raw SQL",
        patched((articles.public.views, "related_articles", plain_related_articles)),
        nothing,
        ("article",),
    ),
    "a2": (
        "authors, tags, corrections: ORM querysets instead of raw SQL",
        patched((articles.public.views, "page_relations", plain_page_relations)),
        nothing,
        ("article",),
    ),
    "b": (
        "cards: Article instances (select_related + bylines prefetch) instead of Card rows",
        patched((articles.public.views, "cards_for", plain_cards_for)),
        nothing,
        ("home", "section"),
    ),
    "c": (
        "cards: {% include 'includes/card.html' %} instead of the Python-built card",
        card_include_templates,
        same_templates,
        ("home", "section"),
    ),
    "d": (
        "paths: reverse() instead of newsroom/paths.py",
        patched(*((module, "public_path", plain_public_path) for module in PATH_USERS)),
        nothing,
        ("article", "home", "section"),
    ),
    "e": (
        "cache: Django's RedisCache as is, instead of ReusingRedisCache",
        lambda: cache_backend(
            "django.core.cache.backends.redis.RedisCache", keep_retry_after=False
        ),
        nothing,
        HITS,
    ),
    "e2": (
        "cache: ReusingRedisCache's outage handling only (Django's client and key check)",
        lambda: cache_backend(f"{__name__}.OutageOnlyRedisCache", keep_retry_after=True),
        nothing,
        HITS,
    ),
    "f": (
        "page-cache hit answered by the middleware (no WSGI fast path)",
        None,  # the application differs, not a patch: see `application`
        nothing,
        HITS,
    ),
    "all": (
        "a1+a2+b+c+d together: every uncached speed-up replaced",
        all_plain,
        same_templates,
        UNCACHED,
    ),
}


# --- measuring --------------------------------------------------------------------------------


def load():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def environ(path):
    # PATH_INFO as a WSGI server gives it: the path's UTF-8 bytes read as Latin-1.
    wsgi_path = unquote_to_bytes(path).decode("iso-8859-1")
    env = RequestFactory()._base_environ(PATH_INFO=wsgi_path, REQUEST_METHOD="GET")
    env["wsgi.input"] = io.BytesIO(b"")
    return env


def call(application, path, expect_hit):
    env = environ(path)
    status_headers = []

    def start_response(status, headers, exc_info=None):
        status_headers.append((status, headers))

    begin, begin_cpu = time.perf_counter(), time.process_time()
    result = application(env, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    cpu = (time.process_time() - begin_cpu) * 1000
    wall = (time.perf_counter() - begin) * 1000
    status, headers = status_headers[0]
    assert status.startswith("200"), (path, status)
    if expect_hit is not None:
        hit = ("X-Cache", "HIT") in [(name, value) for name, value in headers]
        assert hit == expect_hit, (path, headers)
    return cpu, wall, body


def page_urls(requests):
    published = Article.objects.published()
    articles = list(published.order_by("-publish_at", "-id").values_list("pk", "slug")[:requests])
    section = Section.objects.order_by("order").first()
    return {
        "article": [f"/article/{pk}/{slug}/" for pk, slug in articles],
        "home": ["/"],
        "section": [section.get_absolute_url()],
        "article hit": [f"/article/{pk}/{slug}/" for pk, slug in articles[:20]],
        "home hit": ["/"],
    }


def run_round(application, urls, requests, *, expect_hit, warm_up=5):
    for index in range(warm_up):
        call(application, urls[index % len(urls)], expect_hit)
    cpu, wall = [], []
    for index in range(requests):
        one_cpu, one_wall, _body = call(application, urls[index % len(urls)], expect_hit)
        cpu.append(one_cpu)
        wall.append(one_wall)
    return cpu, wall


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(name, page, urls, rounds, requests, django_app):
    _label, plain_swap, special_swap, _pages = SWAPS[name]
    hit = page in HITS
    results = {"plain": ([], []), "special": ([], [])}
    fast_path = PageCacheApplication(django_app)
    for _round in range(rounds):
        for variant in ("plain", "special"):
            swap = special_swap if variant == "special" else plain_swap
            if name == "f":
                application = fast_path if variant == "special" else django_app
            else:
                application = fast_path if hit else django_app
            with override_settings(NEWSROOM_PAGE_CACHE=hit), (swap or nothing)():
                if hit:
                    call(application, urls[0], None)  # fills the entry if missing
                    for url in urls:
                        call(application, url, None)
                cpu, wall = run_round(application, urls, requests, expect_hit=True if hit else None)
            results[variant][0].extend(cpu)
            results[variant][1].extend(wall)
    return results


def summary(values):
    return statistics.median(values), percentile(values, 0.9)


def check_same_pages(urls):
    """The plain swaps must show the same page (whitespace aside)."""

    def squeeze(body):
        return re.sub(rb"\s+", b" ", body).replace(b"> <", b"><").strip()

    app = WSGIHandler()
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        for page in UNCACHED:
            url = urls[page][0]
            special = squeeze(call(app, url, None)[2])
            for name in ("a1", "a2", "b", "c", "d", "all"):
                with SWAPS[name][1]():
                    plain = squeeze(call(app, url, None)[2])
                if plain != special:
                    at = next(
                        (i for i, (x, y) in enumerate(zip(plain, special, strict=False)) if x != y),
                        min(len(plain), len(special)),
                    )
                    print(f"DIFFERENT page {page} with {name} plain at byte {at}:")
                    print("  plain:  ", plain[at - 120 : at + 120].decode(errors="replace"))
                    print("  special:", special[at - 120 : at + 120].decode(errors="replace"))
                else:
                    print(f"same page: {page}, {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="A/B rounds (each A then B)")
    parser.add_argument("--requests", type=int, default=200, help="measured requests a round")
    parser.add_argument("--only", default=",".join(SWAPS), help="comma-separated speed-ups")
    parser.add_argument("--check", action="store_true", help="only compare the pages' HTML")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a PostgreSQL database (see the docstring).")
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        sys.exit("Set CACHE_URL=redis://… (page-cache hits are measured on Redis).")
    urls = page_urls(options.requests)
    if options.check:
        check_same_pages(urls)
        return
    django_app = WSGIHandler()
    print(
        f"{Article.objects.published().count()} public articles, PostgreSQL "
        f"{connection.pg_version}, Django {django.__version__}, Python {sys.version.split()[0]}"
    )
    print(f"{options.rounds} A/B rounds x {options.requests} requests, started {timezone.now()}")
    print(f"load before: {load()}")
    print(
        "| speed-up | page | plain CPU p50 | plain CPU p90 | special CPU p50 | special CPU p90"
        " | gain p50 | gain / plain page | plain wall p50 | special wall p50 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in options.only.split(","):
        for page in SWAPS[name][3]:
            results = measure(name, page, urls[page], options.rounds, options.requests, django_app)
            plain50, plain90 = summary(results["plain"][0])
            special50, special90 = summary(results["special"][0])
            gain = plain50 - special50
            print(
                f"| {name} | {page} | {plain50:.2f} | {plain90:.2f} | {special50:.2f} "
                f"| {special90:.2f} | {gain:+.2f} | {gain / plain50:+.1%} "
                f"| {statistics.median(results['plain'][1]):.2f} "
                f"| {statistics.median(results['special'][1]):.2f} |",
                flush=True,
            )
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
