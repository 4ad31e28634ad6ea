"""Import articles from the plain-text archive.

See docs/importers.md, "`import_text PATH [PATH …]`".
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.importers.text.importer import import_text
from articles.management.commands._import_output import (
    EXIT_UNUSABLE,
    add_common_arguments,
    run_and_report,
)


def aware_datetime(value):
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--published-at {value!r} is not an ISO date and time (e.g. 2019-05-14T09:30)",
            returncode=EXIT_UNUSABLE,
        ) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = "Import plain-text articles (files, or directories searched for *.txt). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Text files or directories.")
        parser.add_argument("--section", help="Slug or name of an existing section.")
        parser.add_argument(
            "--status", choices=["draft", "published"], default="draft", help="Default: draft."
        )
        parser.add_argument(
            "--published-at",
            help="Publish time for every file (ISO 8601, site time zone unless given). "
            "Default: each file's modification time, reported.",
        )
        parser.add_argument(
            "--root",
            help="Directory the stored source ids are relative to (default: the current one). "
            "Use the same root on every run so files are recognised again.",
        )
        add_common_arguments(parser)

    def handle(self, *args, **options):
        published_at = options["published_at"] and aware_datetime(options["published_at"])
        run_and_report(
            self,
            lambda show_progress: import_text(
                options["paths"],
                section=options["section"],
                status=options["status"],
                published_at=published_at,
                root=options["root"],
                dry_run=options["dry_run"],
                atomic=options["atomic"],
                overwrite_local_changes=options["overwrite_local_changes"],
                show_progress=show_progress,
            ),
        )
