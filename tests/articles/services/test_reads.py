"""Folding the hourly read counts from Redis into the database (articles/services/reads.py),
run by the scheduler: the same totals however often it runs or wherever it stopped."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from articles.models import ArticleReadCount
from articles.services import reads
from tests.articles.reads_fixtures import (
    BROWSER_AGENT,
    counted,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 5, 14, 20, tzinfo=UTC)
HOUR = datetime(2026, 12, 5, 14, tzinfo=UTC)


@pytest.fixture
def make_article(make_article):
    """Articles public at NOW (the fold keeps the counts of public articles only)."""

    def make(**fields):
        fields.setdefault("publish_at", NOW - timedelta(days=1))
        return make_article(**fields)

    return make


def read(article, *, readers=1, at=NOW, first=0):
    """`readers` different readers open `article` at `at`."""
    for n in range(first, first + readers):
        assert reads.read_count(
            article_id=article.pk,
            user_agent=BROWSER_AGENT,
            ip_address=f"10.0.{n // 250}.{n % 250}",
            now=at,
        )


def stored(article, hour=HOUR):
    row = ArticleReadCount.objects.filter(article=article, hour=hour).first()
    return row.count if row else 0


def test_the_fold_stores_each_hour_s_reads(make_article, counting_redis):
    first, second = make_article(), make_article()
    read(first, readers=3)
    read(second, readers=1)
    read(first, readers=2, at=NOW - timedelta(hours=1), first=10)
    result = reads.read_counts_fold(now=NOW)
    assert result.redis_available and result.rows == 3
    assert stored(first) == 3 and stored(second) == 1
    assert stored(first, HOUR - timedelta(hours=1)) == 2


def test_folding_twice_counts_nothing_twice(make_article, counting_redis):
    article = make_article()
    read(article, readers=4)
    reads.read_counts_fold(now=NOW)
    reads.read_counts_fold(now=NOW + timedelta(minutes=1))
    assert stored(article) == 4
    # Reads since the last fold bring the row to the hour's total, not total + old total.
    read(article, readers=2, first=50, at=NOW + timedelta(minutes=5))
    reads.read_counts_fold(now=NOW + timedelta(minutes=6))
    assert stored(article) == 6
    assert ArticleReadCount.objects.count() == 1


def test_a_fold_that_stops_after_committing_is_not_counted_again(
    make_article, counting_redis, monkeypatch
):
    article = make_article()
    read(article, readers=5)
    later = NOW + timedelta(hours=3)  # the hour is over: its hash is deleted once folded

    def crash(*names):
        raise SystemExit("the scheduler was killed")

    monkeypatch.setattr(counting_redis, "delete", crash)
    with pytest.raises(SystemExit):
        reads.read_counts_fold(now=later)
    assert stored(article) == 5
    assert counted(counting_redis, article.pk, NOW) == 5  # the hash survived the crash
    monkeypatch.undo()
    reads.read_counts_fold(now=later)
    reads.read_counts_fold(now=later)
    assert stored(article) == 5
    assert counted(counting_redis, article.pk, NOW) == 0  # folded and deleted


def test_recent_hours_stay_in_redis_and_old_ones_are_deleted_once_folded(
    make_article, counting_redis
):
    article = make_article()
    read(article, readers=2, at=NOW - timedelta(hours=3))
    read(article, readers=1, at=NOW - timedelta(hours=1), first=10)
    reads.read_counts_fold(now=NOW)
    assert counted(counting_redis, article.pk, NOW - timedelta(hours=3)) == 0
    assert counted(counting_redis, article.pk, NOW - timedelta(hours=1)) == 1
    assert stored(article, HOUR - timedelta(hours=3)) == 2
    assert stored(article, HOUR - timedelta(hours=1)) == 1


def test_a_redis_that_lost_its_counts_does_not_lower_a_row(make_article, counting_redis):
    article = make_article()
    read(article, readers=3)
    reads.read_counts_fold(now=NOW)
    counting_redis.delete(reads.hour_key(HOUR))  # Redis restarted without its data
    read(article, readers=1, first=90)
    reads.read_counts_fold(now=NOW + timedelta(minutes=2))
    assert stored(article) == 3


def test_rows_older_than_eight_days_are_deleted(make_article, counting_redis):
    article = make_article()
    old = ArticleReadCount.objects.create(
        article=article, hour=HOUR - timedelta(days=8, hours=1), count=9
    )
    kept = ArticleReadCount.objects.create(article=article, hour=HOUR - timedelta(days=7), count=4)
    result = reads.read_counts_fold(now=NOW)
    assert result.deleted == 1
    assert not ArticleReadCount.objects.filter(pk=old.pk).exists()
    assert ArticleReadCount.objects.filter(pk=kept.pk).exists()


def test_reads_of_an_article_deleted_since_are_dropped(make_article, counting_redis):
    article, other = make_article(), make_article()
    read(article, readers=2)
    read(other, readers=1)
    article.delete()
    reads.read_counts_fold(now=NOW)
    assert list(ArticleReadCount.objects.values_list("article_id", "count")) == [(other.pk, 1)]


def test_with_redis_down_the_fold_still_deletes_old_rows(make_article, redis_down):
    article = make_article()
    ArticleReadCount.objects.create(article=article, hour=HOUR - timedelta(days=9), count=1)
    result = reads.read_counts_fold(now=NOW)
    assert result.redis_available is False
    assert result.deleted == 1


def test_the_scheduler_folds_the_counts(make_article, counting_redis, capsys):
    article = make_article()
    assert reads.read_count(article_id=article.pk, user_agent=BROWSER_AGENT, ip_address="10.1.1.1")
    call_command("publish_scheduled_articles")
    assert ArticleReadCount.objects.get(article=article).count == 1
    assert "أعداد القراءات المُضافة: 1." in capsys.readouterr().out


def test_the_scheduler_runs_on_with_redis_down(make_article, redis_down, capsys):
    call_command("publish_scheduled_articles")
    assert "لم تُضَف أعداد القراءات: Redis غير متاح." in capsys.readouterr().out


def test_a_slower_concurrent_fold_cannot_lower_a_row(make_article, db):
    """Two folds read the hash at different moments; the one with the smaller total may write
    last. The upsert keeps the larger count in SQL (GREATEST / MAX), whatever Python read."""
    article = make_article()
    reads._upsert_larger([(article.pk, HOUR, 5)])
    reads._upsert_larger([(article.pk, HOUR, 3)])  # the slower fold's older total
    assert stored(article) == 5
    reads._upsert_larger([(article.pk, HOUR, 8)])
    assert stored(article) == 8
    assert ArticleReadCount.objects.count() == 1


def test_the_fold_keeps_only_public_articles_and_writes_the_bound(make_article, counting_redis):
    public = make_article()
    later = make_article(publish_at=NOW + timedelta(hours=2))  # scheduled, not public at NOW
    read(public, readers=2)
    read(later, readers=3)
    for junk in (public.pk + 1000, 10**12):
        assert reads.read_count(
            article_id=junk, user_agent=BROWSER_AGENT, ip_address="10.9.9.9", now=NOW
        )
    result = reads.read_counts_fold(now=NOW)
    assert result.rows == 1
    assert list(ArticleReadCount.objects.values_list("article_id", "count")) == [(public.pk, 2)]
    assert int(counting_redis.get(reads.bound_key())) == later.pk + reads.READ_ID_SLACK
    # The scheduled article's reads stay in Redis: folded once it is public (same hour here).
    assert reads.read_counts_fold(now=later.publish_at + timedelta(minutes=1)).rows == 1
    assert stored(later) == 3


@pytest.mark.parametrize("article_id", [0, -5, 2**63])
def test_ids_out_of_range_are_not_counted(counting_redis, article_id):
    assert not reads.read_count(
        article_id=article_id, user_agent=BROWSER_AGENT, ip_address="10.1.1.1", now=NOW
    )
    assert not list(counting_redis.scan_iter("*:hour:*"))
