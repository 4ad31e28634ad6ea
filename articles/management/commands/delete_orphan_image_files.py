"""Delete picture files under images/ that no library image uses.

    manage.py delete_orphan_image_files [--dry-run] [--older-than HOURS]

Files of a rolled-back upload are deleted as the transaction ends; this finds what a killed
process or a restored backup left behind (articles/images/orphans.py). Files younger than
--older-than hours (default 24) are kept: their image may still be being saved. With --dry-run
it lists what it would delete. Progress is shown on a terminal only. Exits non-zero when a
file could not be read or deleted.
"""

import sys
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.images.orphans import find_and_delete_orphan_image_files


def megabytes(size):
    # Operators read this in a terminal, in English like Django's own commands.
    return f"{size / 1_000_000:.1f} MB"


def non_negative_hours(value):
    hours = float(value)
    if hours < 0:
        raise ValueError(value)
    return hours


class Command(BaseCommand):
    help = "Delete picture files under images/ that no library image uses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the orphaned files, delete nothing."
        )
        parser.add_argument(
            "--older-than",
            type=non_negative_hours,
            default=24,
            metavar="HOURS",
            help="Only files last written this many hours ago or more (default 24). "
            "Younger files may belong to an upload being saved now.",
        )

    def handle(self, *args, dry_run, older_than, verbosity, **options):
        progress = None
        if sys.stderr.isatty():

            def progress(names):
                return tqdm(names, unit="file", desc="scanning", file=sys.stderr)

        report = find_and_delete_orphan_image_files(
            dry_run=dry_run, older_than=timedelta(hours=older_than), progress=progress
        )
        if dry_run or verbosity >= 2:
            verb = "would delete" if dry_run else "deleted"
            for name, size in report.orphans:
                self.stdout.write(f"{verb} {name} ({megabytes(size)})")
        summary = (
            f"scanned {report.scanned} files: {report.used} in use, "
            f"{len(report.orphans)} orphaned ({megabytes(report.orphan_bytes)}), "
            f"{report.too_recent} younger than {older_than:g} hours kept; "
        )
        summary += "dry run, deleted nothing" if dry_run else f"deleted {len(report.deleted)} files"
        self.stdout.write(self.style.SUCCESS(summary))
        for name, error in report.failures:
            self.stderr.write(self.style.ERROR(f"FAILED {name}: {error}"))
        if report.failures:
            raise CommandError(f"{len(report.failures)} files could not be checked or deleted")
