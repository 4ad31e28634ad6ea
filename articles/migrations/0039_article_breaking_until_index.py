from django.db import migrations, models


class Migration(migrations.Migration):
    """A partial index for the scheduler's minute-by-minute question "did a breaking label end
    since the last run?" (articles/services/home.py `home_purge_due`), which read every article
    row before it."""

    dependencies = [
        ("articles", "0038_live_resumed_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("breaking_until__isnull", False)),
                fields=["breaking_until"],
                name="article_breaking_until_idx",
            ),
        ),
    ]
