"""When a live coverage last started or resumed: its silence is counted from then.

A coverage running before this migration gets its start time, as the reminder counted until
now; the column is small and nullable, added without a table rewrite."""

from django.db import migrations, models
from django.db.models import F


def copy_start(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(live_started_at__isnull=False).update(
        live_resumed_at=F("live_started_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0037_privacy_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="live_resumed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="live coverage resumed"
            ),
        ),
        migrations.RunPython(copy_start, migrations.RunPython.noop),
    ]
