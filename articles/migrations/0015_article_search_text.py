"""The standfirst and body are folded for search in Python, not by the database.

`Article.search_text` holds `normalise_for_search` of the standfirst and the body's text; the
search column is rebuilt from the headline and that text (articles/search.py says why: the
database's `translate()` over the long text made a 10,000-post import 4-5 times slower).

The old column is dropped first, so that filling `search_text` does not recompute it for every
row; a generated column's expression cannot be altered, only dropped and added again, and its
GIN index goes with it. Existing rows are filled in batches read by primary key: memory stays
bounded, and SQLite (which gives no isolation between a cursor being read and writes to the
same table) never writes to a table it is iterating over.

On PostgreSQL it runs in one transaction that keeps the article table locked until it ends:
96 s for 99,020 articles on the benchmark machine (bench/REPORT-importers.md, third pass).
"""

import articles.search
from django.db import migrations, models

GIN_INDEX = "article_search_document_gin"
BATCH_SIZE = 500


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON articles_article USING gin (search_document)"
        )


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    database = schema_editor.connection.alias
    rows = Article.objects.using(database).only("pk", "standfirst", "body").order_by("pk")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH_SIZE]):
        for article in batch:
            article.search_text = articles.search.article_search_text(
                article.standfirst, article.body
            )
        Article.objects.using(database).bulk_update(batch, ["search_text"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0014_image_permissions_for_roles"),
    ]

    operations = [
        # Backwards, this runs last: the index of the column of 0008, added back just before.
        migrations.RunPython(migrations.RunPython.noop, create_gin_index),
        migrations.RemoveField(
            model_name="article",
            name="search_document",
        ),
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=articles.search.SearchTextField(verbose_name="search text"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search.ArticleSearchDocument(),
                output_field=articles.search.SearchDocumentField(),
                verbose_name="search document",
            ),
        ),
        migrations.RunPython(create_gin_index, migrations.RunPython.noop),
    ]
