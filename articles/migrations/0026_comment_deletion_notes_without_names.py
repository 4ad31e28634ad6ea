"""The audit notes of comments deleted from the queue named the reader ("Comment 12 by Leila",
in the language of the moment): the name outlived a request to forget them. Keep the id only."""

import re

from django.db import migrations

NAMED = [
    (re.compile(r"^(Comment \d+) by .*$", re.DOTALL), r"\1"),
    (re.compile(r"^(التعليق \d+) من .*$", re.DOTALL), r"\1"),
]


def drop_names(apps, schema_editor):
    CommentModeration = apps.get_model("articles", "CommentModeration")
    rows = CommentModeration.objects.filter(action="delete").exclude(note="")
    for row in rows.iterator():
        for pattern, replacement in NAMED:
            note = pattern.sub(replacement, row.note)
            if note != row.note:
                row.note = note
                row.save(update_fields=["note"])
                break


class Migration(migrations.Migration):
    dependencies = [("articles", "0025_comments_trusted_rule_help")]

    operations = [migrations.RunPython(drop_names, migrations.RunPython.noop)]
