"""Privacy of readers' comments: addresses kept as a keyed hash for 30 days, a reader's
comments found and deleted by e-mail (the commands operators run)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Comment, CommentAction, CommentModeration
from articles.services.comments import address_hash, comment_addresses_purge


def test_the_address_hash_is_keyed_on_the_secret_key(settings):
    first = address_hash("203.0.113.9")
    assert len(first) == 64 and "203" not in first
    assert address_hash("203.0.113.9") == first
    assert address_hash("203.0.113.10") != first
    settings.SECRET_KEY = "another secret key for another site, long enough"
    assert address_hash("203.0.113.9") != first
    assert address_hash(None) == ""


def test_hashes_older_than_30_days_are_forgotten(make_article, make_comment):
    article = make_article()
    now = timezone.now()
    old = make_comment(article, address_hash="a" * 64, created_at=now - timedelta(days=31))
    recent = make_comment(article, address_hash="b" * 64, created_at=now - timedelta(days=29))
    assert comment_addresses_purge(dry_run=True) == 1
    assert Comment.objects.get(pk=old.pk).address_hash == "a" * 64
    out = StringIO()
    call_command("purge_comment_addresses", stdout=out)
    assert "forgot the address hash of 1 comments" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.address_hash, recent.address_hash) == ("", "b" * 64)
    assert old.body  # the comment itself stays


def test_forget_commenter_lists_then_deletes_a_readers_comments(make_article, make_comment):
    article = make_article()
    make_comment(article, email="leila@example.ma", body="رأيي في الموضوع")
    make_comment(article, email="LEILA@example.ma", body="رأي ثان")
    kept = make_comment(article, email="other@example.ma")
    out = StringIO()
    call_command("forget_commenter", "leila@example.ma", "--dry-run", stdout=out)
    assert "2 comments; dry run, kept" in out.getvalue()
    assert Comment.objects.count() == 3
    call_command("forget_commenter", "leila@example.ma", stdout=out)
    assert "deleted 2 comments" in out.getvalue()
    assert list(Comment.objects.all()) == [kept]
    audit = CommentModeration.objects.get(action=CommentAction.FORGET)
    assert audit.system_actor == "forget_commenter" and "leila" not in audit.note


def test_the_purge_runs_from_cron():
    from pathlib import Path

    from django.conf import settings

    cron = (Path(settings.BASE_DIR) / "deploy" / "cron.example").read_text()
    assert "manage.py purge_comment_addresses" in cron


@pytest.mark.parametrize("days", ["-1"])
def test_a_negative_age_is_refused(days, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_comment_addresses", "--days", days)
