"""PostgreSQL connections prepare the statements a page repeats (settings' prepare_threshold)."""

import subprocess
import sys

import pytest
from django.db import connection

from articles.models import Article

from .test_settings import BASE_DIR, PRODUCTION


def database_options(**env):
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env={**PRODUCTION, "DATABASE_URL": "postgres://u@db.example:5432/news", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_statements_are_prepared_after_five_runs_unless_turned_off_for_a_pooler():
    assert "'prepare_threshold': 5" in database_options()
    assert "'prepare_threshold': None" in database_options(DJANGO_DB_PREPARE_THRESHOLD="0")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_a_repeated_page_query_is_prepared_on_the_server(db):
    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(6):
        list(Article.objects.published().filter(pk=0))
    assert prepared() > before
