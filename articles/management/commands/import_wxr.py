"""Import a WordPress export (WXR 1.0-1.2), streaming.

See docs/importers.md, "`import_wxr FILE`".
"""

from django.core.management.base import BaseCommand

from articles.importers.wxr.importer import import_wxr
from articles.management.commands._import_output import add_common_arguments, run_and_report


class Command(BaseCommand):
    help = "Import a WordPress export file (WXR). Safe to re-run: unchanged posts are left alone."
    # The system checks (URLs, templates, admin) add to every run's start-up and say nothing
    # about an export file; `manage.py check` runs them in CI and at deploy.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xml export file.")
        parser.add_argument(
            "--media-dir",
            help=(
                "A local copy of the site's wp-content/uploads: attachments become library "
                "images, body pictures and featured images point at them."
            ),
        )
        add_common_arguments(parser)

    def handle(self, *args, **options):
        run_and_report(
            self,
            lambda show_progress: import_wxr(
                options["file"],
                media_dir=options["media_dir"],
                dry_run=options["dry_run"],
                atomic=options["atomic"],
                overwrite_local_changes=options["overwrite_local_changes"],
                show_progress=show_progress,
            ),
        )
