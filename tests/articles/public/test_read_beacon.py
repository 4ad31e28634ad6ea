"""`POST /r/<id>`, the beacon of the "most read" block (articles/public/reads.py): counted in
Redis once per reader and minute, never for bots or a Redis that is down; only public articles'
counts reach the database and the block; always 204, never stored, never a cookie.

Each rule is checked both ways a beacon is answered: by gunicorn's WSGI application before
Django (`ReadBeaconApplication`, newsroom/wsgi.py: what production runs) and by the view
through Django's handler (the test client).
"""

from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleReadCount, Status
from articles.public.most_read import most_read_articles
from articles.public.reads import ReadBeaconApplication
from articles.services import reads
from newsroom.http.fast_path import PageCacheApplication
from newsroom.proxies import axes_ipware_settings
from tests.articles.reads_fixtures import (
    BROWSER_AGENT,
    counted,
)
from tests.newsroom.http.test_fast_path import CountingApplication, call, environ_for

pytestmark = pytest.mark.django_db


class Sent:
    """An answer, whichever way it came: status, headers, body, cookies."""

    def __init__(self, status_code, headers, content, early):
        self.status_code = status_code
        self.headers = {name.lower(): value for name, value in headers}
        self.content = content
        self.early = early  # answered before Django

    def __getitem__(self, name):
        return self.headers[name.lower()]


class Beacons:
    """Sends requests either through gunicorn's application (`early`) or the test client."""

    def __init__(self, early, client):
        self.early = early
        self.client = client
        if early:
            self.django = CountingApplication()
            self.application = ReadBeaconApplication(PageCacheApplication(self.django))
            assert self.application.enabled

    def send(self, path, *, method="POST", agent=BROWSER_AGENT, address="198.51.100.7", **meta):
        if agent is not None:
            meta["HTTP_USER_AGENT"] = agent
        meta["REMOTE_ADDR"] = address
        if not self.early:
            response = self.client.generic(method, path, **meta)
            return Sent(response.status_code, response.items(), response.content, False)
        environ = environ_for(path, method=method)
        environ.update(meta)
        before = self.django.calls
        answer = call(self.application, environ)
        return Sent(
            answer.status_code, answer.header_list, answer.body, self.django.calls == before
        )


@pytest.fixture(params=["early", "django"])
def beacons(request, client):
    """The two ways; the early one's Django fallback runs outside the request signals, as the
    fast path's tests do (the test's transaction stays open)."""
    early = request.param == "early"
    if early:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
    yield Beacons(early, client)
    if early:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def beacon(beacons, article_id, **options):
    return beacons.send(f"/r/{article_id}", **options)


def assert_quiet_answer(response):
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Expires"]
    # SecurityMiddleware's headers, either way.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "set-cookie" not in response.headers


def assert_early(beacons, response):
    """The early way answered it without Django."""
    assert response.early is beacons.early


def test_a_reader_s_beacon_counts_one_read(
    beacons, make_article, counting_redis, django_assert_num_queries
):
    article = make_article()
    assert reverse("articles:read", args=[article.pk]) == f"/r/{article.pk}"
    # The early answer asks no database at all; the view neither, but Django's sessions and
    # authentication middleware are there.
    with django_assert_num_queries(0):
        response = beacon(beacons, article.pk)
    assert_quiet_answer(response)
    assert_early(beacons, response)
    assert counted(counting_redis, article.pk) == 1


def test_a_reload_within_a_minute_is_not_counted_but_another_reader_is(
    beacons, make_article, counting_redis
):
    article, other = make_article(), make_article()
    for _ in range(3):
        assert_quiet_answer(beacon(beacons, article.pk))
    assert counted(counting_redis, article.pk) == 1
    beacon(beacons, article.pk, address="198.51.100.8")
    # The same reader opening another article is a read of that one.
    beacon(beacons, other.pk)
    assert counted(counting_redis, article.pk) == 2
    assert counted(counting_redis, other.pk) == 1
    # One address of an IPv6 subscriber's /64 is the same reader as another.
    beacon(beacons, article.pk, address="2001:db8:1:2::1")
    beacon(beacons, article.pk, address="2001:db8:1:2::99")
    assert counted(counting_redis, article.pk) == 3
    # Leading zeros name the same article, and the same field (Django's <int:pk> reads them).
    beacon(beacons, f"000{article.pk}", address="198.51.100.9")
    assert counted(counting_redis, article.pk) == 4


def trust_proxies(settings, count):
    for name, value in axes_ipware_settings(count).items():
        setattr(settings, name, value)


def test_behind_nginx_the_reader_is_the_address_nginx_wrote(
    beacons, make_article, counting_redis, settings
):
    """NEWSROOM_TRUSTED_PROXY_COUNT=1: X-Forwarded-For (which nginx replaces) names the
    reader; every request comes from nginx's own address."""
    trust_proxies(settings, 1)
    article = make_article()
    for reader in ("203.0.113.1", "203.0.113.2", "203.0.113.1"):
        assert_quiet_answer(
            beacon(beacons, article.pk, address="127.0.0.1", HTTP_X_FORWARDED_FOR=reader)
        )
    assert counted(counting_redis, article.pk) == 2
    # Without the header (nginx always sends it) the address is unknown: all such requests are
    # one reader, never nginx's address standing in for everybody's.
    beacon(beacons, article.pk, address="127.0.0.1")
    assert counted(counting_redis, article.pk) == 3
    beacon(beacons, article.pk, address="127.0.0.2")
    assert counted(counting_redis, article.pk) == 3


def test_without_a_proxy_x_forwarded_for_is_ignored(
    beacons, make_article, counting_redis, settings
):
    """NEWSROOM_TRUSTED_PROXY_COUNT=0: anyone can write X-Forwarded-For; the socket's address
    is the reader, so changing the header does not make a reload count again."""
    trust_proxies(settings, 0)
    article = make_article()
    for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        beacon(beacons, article.pk, address="198.51.100.20", HTTP_X_FORWARDED_FOR=forged)
    assert counted(counting_redis, article.pk) == 1


def test_behind_a_cdn_and_nginx_what_the_client_prepends_is_never_read(
    beacons, make_article, counting_redis, settings
):
    """NEWSROOM_TRUSTED_PROXY_COUNT=2: the reader is the entry one place left of the right end
    (the CDN appended it; nginx appended the CDN's address)."""
    trust_proxies(settings, 2)
    article = make_article()
    for forged in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        beacon(
            beacons,
            article.pk,
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.50, 198.51.100.1",
        )
    assert counted(counting_redis, article.pk) == 1
    beacon(
        beacons,
        article.pk,
        address="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.51, 198.51.100.1",
    )
    assert counted(counting_redis, article.pk) == 2


def test_the_reload_rule_forgets_the_reader_after_a_minute_and_stores_no_address(
    beacons, make_article, counting_redis
):
    article = make_article()
    beacon(beacons, article.pk, address="203.0.113.45")
    seen = [name for name in counting_redis.scan_iter("*") if b":seen:" in name]
    assert len(seen) == 1
    assert 0 < counting_redis.ttl(seen[0]) <= reads.READ_REPEAT_SECONDS
    # Neither the keys nor their values hold the address.
    for name in counting_redis.scan_iter("*"):
        assert b"203.0.113.45" not in name
        kind = counting_redis.type(name)
        values = (
            counting_redis.hgetall(name).items()
            if kind == b"hash"
            else [(counting_redis.get(name), b"")]
        )
        for field, value in values:
            assert b"203.0.113.45" not in field + value
    # Once the minute is over (the key expired), the same reader counts again.
    counting_redis.delete(seen[0])
    beacon(beacons, article.pk, address="203.0.113.45")
    assert counted(counting_redis, article.pk) == 2


@pytest.mark.parametrize(
    "agent",
    [
        None,
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0.0.0",
        "WhatsApp/2.23.20",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Mozilla/5.0 (compatible; AhrefsSpider)",
        "SiteCrawler/1.0",
        "Mozilla/5.0 (compatible; Discordbot/2.0) link preview",
        "curl/8.5.0",
        "python-requests/2.32.3",
    ],
)
def test_bots_and_requests_without_a_user_agent_are_not_counted(
    beacons, make_article, counting_redis, agent
):
    article = make_article()
    response = beacon(beacons, article.pk, agent=agent)
    assert_quiet_answer(response)
    assert_early(beacons, response)
    assert counted(counting_redis, article.pk) == 0


def test_browsers_are_not_taken_for_bots():
    for agent in (
        BROWSER_AGENT,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
    ):
        assert not reads.is_bot(agent), agent


def comparable(response):
    """What a client can compare between two answers (the date aside)."""
    headers = {
        name: value for name, value in response.headers.items() if name not in ("date", "expires")
    }
    return response.status_code, headers, response.content


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.DRAFT},
        {"status": Status.IN_REVIEW},
        {"status": Status.SCHEDULED, "publish_at": timezone.now() + timedelta(days=1)},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
        {"status": Status.ARCHIVED},
    ],
    ids=["draft", "in review", "scheduled later", "expired", "taken down"],
)
def test_articles_readers_may_not_see_never_reach_most_read_nor_show_in_the_answer(
    beacons, make_article, counting_redis, fields
):
    public = make_article()
    hidden = make_article(**fields)
    reads.read_counts_fold()  # writes the bound of ids
    # The same answer as for a public article or an id of no article: nothing leaks.
    answers = [
        beacon(beacons, article_id, address=f"198.51.100.{n}")
        for n, article_id in enumerate([public.pk, hidden.pk, hidden.pk + 10**6, 10**30])
    ]
    for answer in answers:
        assert_quiet_answer(answer)
        assert_early(beacons, answer)
    assert len({str(comparable(answer)) for answer in answers}) == 1
    # More readers of the hidden article than of the public one: still never shown.
    for n in range(5):
        beacon(beacons, hidden.pk, address=f"203.0.113.{n}")
    result = reads.read_counts_fold()
    assert result.rows == 1
    assert list(ArticleReadCount.objects.values_list("article_id", "count")) == [(public.pk, 1)]
    assert [card.pk for card in most_read_articles()] == [public.pk]


def test_ids_above_the_bound_the_fold_writes_are_not_counted(beacons, make_article, counting_redis):
    article = make_article()
    # Before any fold (a Redis just started) there is no bound: counted, folded away later.
    beacon(beacons, article.pk + 500)
    assert counted(counting_redis, article.pk + 500) == 1
    reads.read_counts_fold()
    assert int(counting_redis.get(reads.bound_key())) == article.pk + reads.READ_ID_SLACK
    assert not ArticleReadCount.objects.exists()
    for article_id in (article.pk + reads.READ_ID_SLACK + 1, 10**18, 10**30, 0):
        assert_quiet_answer(beacon(beacons, article_id))
        assert counted(counting_redis, article_id) == 0
    # An article created since the last fold is counted (the slack), and folded once public.
    newer = make_article()
    beacon(beacons, newer.pk)
    assert counted(counting_redis, newer.pk) == 1
    reads.read_counts_fold()
    assert ArticleReadCount.objects.get().article_id == newer.pk


def test_an_hour_s_hash_takes_a_bounded_number_of_articles(
    beacons, make_article, counting_redis, monkeypatch
):
    """A flood of made-up ids fills one hour's hash up to its cap, never further; the articles
    already in it go on counting."""
    monkeypatch.setattr(reads, "READ_HOUR_MAX_ARTICLES", 3)
    article = make_article()
    beacon(beacons, article.pk)
    for n, junk in enumerate((article.pk + 1, article.pk + 2, article.pk + 3, article.pk + 4)):
        beacon(beacons, junk, address=f"192.0.2.{n}")
    hour = counting_redis.hgetall(reads.hour_key(reads.hour_of(timezone.now())))
    assert len(hour) == 3
    assert str(article.pk + 4).encode() not in hour
    beacon(beacons, article.pk, address="198.51.100.99")
    assert counted(counting_redis, article.pk) == 2


@pytest.mark.parametrize("path", ["/r/abc", "/r/-1", "/r/1.5", "/r/%00", "/r/١٢", "/r/1/"])
def test_malformed_ids_are_not_found(beacons, counting_redis, path):
    response = beacons.send(path)
    # Django's answer either way (its CSRF check refuses a POST to another view with 403 when
    # the test client does not switch it off).
    assert response.status_code in (400, 403, 404)
    assert not response.early


def test_only_post_is_answered(beacons, make_article, counting_redis):
    article = make_article()
    for method in ("GET", "HEAD", "PUT"):
        response = beacon(beacons, article.pk, method=method)
        assert response.status_code == 405
        assert not response.early
    assert counted(counting_redis, article.pk) == 0


def test_a_query_string_or_a_disallowed_host_goes_to_django(beacons, make_article, counting_redis):
    article = make_article()
    with_query = beacons.send(f"/r/{article.pk}?x=1")
    assert_quiet_answer(with_query)
    assert not with_query.early
    assert counted(counting_redis, article.pk) == 1
    elsewhere = beacon(beacons, article.pk, HTTP_HOST="evil.example", address="198.51.100.3")
    assert elsewhere.status_code == 400
    assert not elsewhere.early
    assert counted(counting_redis, article.pk) == 1


def test_a_signed_in_reader_s_cookie_changes_nothing(
    beacons, admin_client, make_article, counting_redis
):
    article = make_article()
    beacons.client = admin_client
    cookie = admin_client.cookies["sessionid"].value
    response = beacon(beacons, article.pk, HTTP_COOKIE=f"sessionid={cookie}")
    assert_quiet_answer(response)
    assert_early(beacons, response)
    assert counted(counting_redis, article.pk) == 1


def test_with_redis_down_nothing_is_counted_and_pages_are_unaffected(
    beacons, client, make_article, redis_down
):
    article = make_article()
    response = beacon(beacons, article.pk)
    assert_quiet_answer(response)
    assert_early(beacons, response)
    assert (
        reads.read_count(article_id=article.pk, user_agent=BROWSER_AGENT, ip_address="::1") is False
    )
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert b"most-read.js" in page.content
    assert client.get("/").status_code == 200


def test_without_redis_configured_nothing_is_counted(beacons, make_article):
    """The tests' default cache is local memory, as in development."""
    article = make_article()
    assert not reads.counting_configured()
    assert_quiet_answer(beacon(beacons, article.pk))
    assert (
        reads.read_count(article_id=article.pk, user_agent=BROWSER_AGENT, ip_address="::1") is False
    )


def test_the_early_answer_is_off_when_middleware_it_does_not_know_runs(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.sessions.middleware.SessionMiddleware",
    ]
    assert not ReadBeaconApplication(lambda environ, start_response: []).enabled
