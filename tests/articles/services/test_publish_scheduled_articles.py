"""`manage.py publish_scheduled_articles`: a thin command over article_publish_due."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.utils import timezone

from articles.models import Article, Status, StatusChange
from articles.services import workflow


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("publish_scheduled_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def due_and_expired(make_article):
    now = timezone.now()
    due = make_article(
        status=Status.SCHEDULED, publish_at=now - timedelta(minutes=2), headline="مقال حان وقته"
    )
    expired = make_article(
        status=Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
        expires_at=now - timedelta(minutes=2),
        headline="مقال انتهت مدته",
    )
    later = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(hours=1))
    return due, expired, later


def test_command_publishes_due_and_takes_down_expired_articles(due_and_expired):
    due, expired, later = due_and_expired
    out, err = run()
    assert Article.objects.get(pk=due.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=expired.pk).status == Status.ARCHIVED
    assert Article.objects.get(pk=later.pk).status == Status.SCHEDULED
    assert StatusChange.objects.filter(actor__isnull=True).count() == 2
    assert "1" in out
    assert err == ""


def test_dry_run_lists_what_would_move_and_writes_nothing(due_and_expired):
    due, expired, later = due_and_expired
    out, _err = run("--dry-run")
    assert due.headline in out
    assert expired.headline in out
    assert later.headline not in out
    assert Article.objects.get(pk=due.pk).status == Status.SCHEDULED
    assert Article.objects.get(pk=expired.pk).status == Status.PUBLISHED
    assert not StatusChange.objects.exists()


def test_command_with_nothing_due_changes_nothing(make_article):
    make_article(status=Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1))
    run()
    assert not StatusChange.objects.exists()


def test_command_exits_non_zero_when_an_article_cannot_be_moved(due_and_expired, monkeypatch):
    due, expired, _later = due_and_expired
    real_move = workflow._move

    def failing_move(article, **kwargs):
        if article.pk == due.pk:
            raise DatabaseError("disk full")
        return real_move(article, **kwargs)

    monkeypatch.setattr(workflow, "_move", failing_move)
    with pytest.raises(CommandError):
        run()
    # The failure is contained: the other article still moved, the failed one is unchanged.
    assert Article.objects.get(pk=due.pk).status == Status.SCHEDULED
    assert Article.objects.get(pk=expired.pk).status == Status.ARCHIVED
