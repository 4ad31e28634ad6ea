"""Two readers' requests (or a request and the scheduler) applying one due update at the same
moment: it is written once."""

import importlib
import threading
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from articles.models import Article, Revision, ScheduledUpdate, ScheduledUpdateState
from articles.services.scheduled_updates import scheduled_update_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (SELECT … FOR UPDATE is a no-op there)",
)


@pytest.fixture
def roles(transactional_db):
    importlib.import_module("articles.migrations.0004_editorial_roles").create_roles(apps, None)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_apply_a_due_update_once(roles, make_article, make_staff):
    article = make_article(headline="قبل")
    now = timezone.now()
    update = scheduled_update_create(
        article=article,
        actor=make_staff("editor"),
        changes={"headline": "بعد"},
        go_live_at=now + timedelta(minutes=1),
        now=now,
    )
    ScheduledUpdate.objects.filter(pk=update.pk).update(go_live_at=now - timedelta(seconds=1))
    barrier = threading.Barrier(2)
    pages = []

    def read():
        try:
            barrier.wait(timeout=10)
            pages.append(Client().get(article.get_absolute_url()).content.decode())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(pages) == 2 and all("بعد" in page for page in pages)
    assert Article.objects.get(pk=article.pk).version == 2
    assert Revision.objects.filter(article_id=article.pk).count() == 1
    assert ScheduledUpdate.objects.get(pk=update.pk).state == ScheduledUpdateState.APPLIED
