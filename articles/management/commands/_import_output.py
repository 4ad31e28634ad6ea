"""What `import_text` and `import_wxr` print and how they exit (shared by both commands).

Command output is in English: it is read by operators in a terminal and pasted into tickets,
like Django's own management command output. Nothing here is shown in the admin.
"""

import sys

from django.core.management.base import CommandError

from articles.importers.errors import ImportInputError

EXIT_UNUSABLE = 2


def add_common_arguments(parser):
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="Do everything in a transaction that is rolled back: report, write nothing.",
    )
    parser.add_argument(
        "--atomic",
        action="store_true",
        help="All or nothing: if any item fails, nothing from this run is kept.",
    )
    parser.add_argument(
        "--overwrite-local-changes",
        action="store_true",
        help="Replace the content of articles changed in the CMS since their last import "
        "(reported as 'changed here, left alone' otherwise). Statuses never change.",
    )


def run_and_report(command, run):
    """Run an import, print its report, and exit 0 / 1 / 2 as documented in
    docs/importers.md, "Common options and behaviour"."""
    try:
        report = run(show_progress=sys.stdout.isatty())
    except ImportInputError as error:
        raise CommandError(
            f"input refused, nothing written: {error}", returncode=EXIT_UNUSABLE
        ) from None
    for line in report.lines():
        if line.startswith("FAILED"):
            command.stderr.write(command.style.ERROR(line))
        else:
            command.stdout.write(line)
    code = report.exit_code
    if code:
        raise CommandError(
            f"{report.failed} item(s) failed" + (", nothing written" if code == 2 else ""),
            returncode=code,
        )
