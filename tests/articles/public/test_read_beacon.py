"""`POST /r/<id>`, the beacon of the "most read" block (articles/public/reads.py): counted in
Redis once per reader and minute, never for bots, articles readers may not see or a Redis that
is down; always 204, never stored, never a cookie."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.services import reads
from tests.articles.reads_fixtures import (
    BROWSER_AGENT,
    counted,
)

pytestmark = pytest.mark.django_db


def beacon(client, article_id, *, agent=BROWSER_AGENT, address="198.51.100.7", **extra):
    headers = {"REMOTE_ADDR": address, **extra}
    if agent is not None:
        headers["HTTP_USER_AGENT"] = agent
    return client.post(f"/r/{article_id}", **headers)


def assert_quiet_answer(response):
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert not response.cookies
    assert not response.has_header("Set-Cookie")


def test_a_reader_s_beacon_counts_one_read(client, make_article, counting_redis):
    article = make_article()
    assert reverse("articles:read", args=[article.pk]) == f"/r/{article.pk}"
    response = beacon(client, article.pk)
    assert_quiet_answer(response)
    assert counted(counting_redis, article.pk) == 1


def test_a_reload_within_a_minute_is_not_counted_but_another_reader_is(
    client, make_article, counting_redis
):
    article, other = make_article(), make_article()
    for _ in range(3):
        assert_quiet_answer(beacon(client, article.pk))
    assert counted(counting_redis, article.pk) == 1
    beacon(client, article.pk, address="198.51.100.8")
    # The same reader opening another article is a read of that one.
    beacon(client, other.pk)
    assert counted(counting_redis, article.pk) == 2
    assert counted(counting_redis, other.pk) == 1
    # One address of an IPv6 subscriber's /64 is the same reader as another.
    beacon(client, article.pk, address="2001:db8:1:2::1")
    beacon(client, article.pk, address="2001:db8:1:2::99")
    assert counted(counting_redis, article.pk) == 3


def test_the_reload_rule_forgets_the_reader_after_a_minute_and_stores_no_address(
    client, make_article, counting_redis
):
    article = make_article()
    beacon(client, article.pk, address="203.0.113.45")
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
    beacon(client, article.pk, address="203.0.113.45")
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
    client, make_article, counting_redis, agent
):
    article = make_article()
    assert_quiet_answer(beacon(client, article.pk, agent=agent))
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
def test_articles_readers_may_not_see_are_refused_quietly(
    client, make_article, counting_redis, fields
):
    article = make_article(**fields)
    assert_quiet_answer(beacon(client, article.pk))
    assert counted(counting_redis, article.pk) == 0
    assert not list(counting_redis.scan_iter("*:hour:*"))


def test_an_id_of_no_article_is_refused_quietly(client, counting_redis):
    assert_quiet_answer(beacon(client, 987654))
    assert_quiet_answer(beacon(client, 0))
    # Far beyond any database integer: refused, not an error.
    assert_quiet_answer(beacon(client, 10**30))
    assert not list(counting_redis.scan_iter("*:hour:*"))


@pytest.mark.parametrize("path", ["/r/abc", "/r/-1", "/r/1.5", "/r/%00", "/r/١٢"])
def test_malformed_ids_are_not_found(client, counting_redis, path):
    response = client.post(path, HTTP_USER_AGENT=BROWSER_AGENT)
    assert response.status_code in (400, 404)


def test_only_post_is_answered(client, make_article, counting_redis):
    article = make_article()
    response = client.get(f"/r/{article.pk}", HTTP_USER_AGENT=BROWSER_AGENT)
    assert response.status_code == 405
    assert counted(counting_redis, article.pk) == 0


def test_a_signed_in_reader_s_cookie_changes_nothing(admin_client, make_article, counting_redis):
    article = make_article()
    response = beacon(admin_client, article.pk)
    assert_quiet_answer(response)
    assert counted(counting_redis, article.pk) == 1


def test_with_redis_down_nothing_is_counted_and_pages_are_unaffected(
    client, make_article, redis_down
):
    article = make_article()
    assert_quiet_answer(beacon(client, article.pk))
    assert (
        reads.read_count(article_id=article.pk, user_agent=BROWSER_AGENT, ip_address="::1") is False
    )
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert b"most-read.js" in page.content
    assert client.get("/").status_code == 200


def test_without_redis_configured_nothing_is_counted(client, make_article):
    """The tests' default cache is local memory, as in development."""
    article = make_article()
    assert not reads.counting_configured()
    assert_quiet_answer(beacon(client, article.pk))
    assert (
        reads.read_count(article_id=article.pk, user_agent=BROWSER_AGENT, ip_address="::1") is False
    )
