# The search column and its GIN index (PostgreSQL only: SQLite searches the text with LIKE).

import articles.search
from django.db import migrations, models

GIN_INDEX = "article_search_document_gin"


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON articles_article USING gin (search_document)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_import_fingerprint_and_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_document',
            field=models.GeneratedField(db_persist=True, expression=articles.search.ArticleSearchDocument0008(), output_field=articles.search.SearchDocumentField(), verbose_name='search document'),
        ),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
