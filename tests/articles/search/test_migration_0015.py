"""Migration 0015 fills the search text of existing articles and rebuilds the search column."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from articles.search import article_search_text, clean_query, search_articles

BEFORE = [("articles", "0014_image_permissions_for_roles")]
AFTER = [("articles", "0015_article_search_text")]
MIGRATION = importlib.import_module("articles.migrations.0015_article_search_text")
ROWS = [
    ("مَدْرَسَةٌ جَدِيدَةٌ", "آمنة في ٱلمدينة", "<p>سنة ٢٠٢٤ على مستوى <strong>القرى</strong></p>"),
    ("الرباط: «خبر»", "", "<p>الـجديد؟ نعم، هنا</p>"),
    ("Rabat: ÉCOLE", "Le Maroc", "<p>Ligne UN</p>"),
    ("إقليم الحسيمة", "مقدمة", "<p>ميناء جديد</p>"),
    ("خبر قصير", "", ""),
]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def gin_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_document_gin'"
        )
        return cursor.fetchone()[0] == 1


@pytest.fixture
def at_0014(transactional_db, monkeypatch):
    """The database as it was before 0015; migrated forward again afterwards."""
    monkeypatch.setattr(MIGRATION, "BATCH_SIZE", 2)  # several batches for five rows
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_articles_get_their_search_text_and_the_same_documents(at_0014):
    OldArticle = at_0014.get_model("articles", "Article")
    for headline, standfirst, body in ROWS:
        OldArticle.objects.create(headline=headline, slug="s", standfirst=standfirst, body=body)
    before = dict(OldArticle.objects.values_list("pk", "search_document"))

    # The model as 0015 left it: later migrations add columns the current model reads.
    NewArticle = migrate(AFTER).get_model("articles", "Article")

    for article in NewArticle.objects.all():
        assert article.search_text == article_search_text(article.standfirst, article.body)
    assert dict(NewArticle.objects.values_list("pk", "search_document")) == before
    columns_of_0015 = Article.objects.only("pk", "headline")
    found = search_articles(columns_of_0015, clean_query("مدرسه القري"))
    assert [a.headline for a in found] == [ROWS[0][0]]
    if connection.vendor == "postgresql":
        assert gin_index_exists()

    # Backwards: the column of 0008 again, with its index.
    apps = migrate(BEFORE)
    OldArticle = apps.get_model("articles", "Article")
    assert dict(OldArticle.objects.values_list("pk", "search_document")) == before
    assert "search_text" not in {f.name for f in OldArticle._meta.get_fields()}
    if connection.vendor == "postgresql":
        assert gin_index_exists()
