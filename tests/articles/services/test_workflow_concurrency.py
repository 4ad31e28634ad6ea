"""Two editors publishing one article at the same moment: the row lock lets one through."""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection, connections

from articles import services
from articles.exceptions import InvalidTransition
from articles.models import Article, Status, StatusChange

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (SELECT … FOR UPDATE is a no-op there)",
)


@pytest.fixture
def roles(transactional_db):
    """The role groups come from a data migration; a transactional test that ran earlier (the
    browser test) flushed them, so they are made again here (idempotent)."""
    importlib.import_module("articles.migrations.0004_editorial_roles").create_roles(apps, None)


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishes_leave_exactly_one_audit_row(roles, make_article, make_staff):
    article = make_article(status=Status.IN_REVIEW)
    editors = [make_staff("editor"), make_staff("editor")]
    barrier = threading.Barrier(len(editors))
    outcomes = []

    def publish(editor):
        try:
            barrier.wait(timeout=10)
            services.article_publish(article=Article(pk=article.pk), actor=editor)
            outcomes.append("published")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["published", "refused"]
    assert StatusChange.objects.filter(article_id=article.pk).count() == 1
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
