"""Migration 0034: articles flagged "breaking" before the flag had an end get one, three hours
after their publication, so that no old story shows the label forever."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from articles.models import Article

migration = importlib.import_module("articles.migrations.0034_home_pins_and_share")


def test_old_breaking_flags_end_three_hours_after_publication(make_article):
    published = timezone.now().replace(microsecond=0) - timedelta(days=2)
    old = make_article(is_breaking=True, publish_at=published, breaking_until=None)
    fresh = make_article(is_breaking=True, publish_at=timezone.now() - timedelta(minutes=10))
    fresh_until = Article.objects.get(pk=fresh.pk).breaking_until
    plain = make_article()

    migration.end_existing_breaking_flags(apps, None)

    assert Article.objects.get(pk=old.pk).breaking_until == published + timedelta(hours=3)
    assert not Article.objects.get(pk=old.pk).is_breaking_now()
    assert Article.objects.get(pk=fresh.pk).breaking_until == fresh_until  # had one: kept
    assert Article.objects.get(pk=plain.pk).breaking_until is None
