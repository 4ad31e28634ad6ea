from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for WordPress's short links (/?p=<id>, /?attachment_id=<id>): the lookup knows
    the post id, not which site the export came from (articles/wordpress_links.py)."""

    dependencies = [
        ("articles", "0017_preview_links"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["source_id"], name="article_source_id_idx"),
        ),
        migrations.AddIndex(
            model_name="importedattachment",
            index=models.Index(fields=["source_id"], name="attachment_source_id_idx"),
        ),
    ]
