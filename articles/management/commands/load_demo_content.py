"""Load the demo articles: the text files under `articles/demo/`, through the text importer.

Each sub-directory is a section; each file is published a few hours apart so the home page
shows them in a sensible order. Running it again changes nothing (the importer recognises
the files by their path and content).
"""

from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.importers.text.importer import import_text
from articles.models import Section

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
# directory -> (section name, order)
SECTIONS = {"society": ("مجتمع", 1), "economy": ("اقتصاد", 2), "sport": ("رياضة", 3)}
HOURS_BETWEEN_ARTICLES = 5


class Command(BaseCommand):
    help = "Load a few demo articles from articles/demo/*.txt (safe to run again)."

    def handle(self, *args, **options):
        reports = load_demo_content(now=timezone.now())
        created = sum(report.created for report in reports)
        failed = [str(failure) for report in reports for failure in report.failures]
        for failure in failed:
            self.stderr.write(self.style.ERROR(failure))
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: {created} articles created."))
        else:
            self.stdout.write("Demo content already present; nothing to do.")


def load_demo_content(*, now):
    """Import every demo file; return the import reports."""
    reports = []
    files = sorted(DEMO_DIR.glob("*/*.txt"))
    for position, path in enumerate(files):
        name, order = SECTIONS[path.parent.name]
        section = Section.objects.filter(name=name).first() or Section.objects.create(
            name=name, order=order
        )
        reports.append(
            import_text(
                [path],
                section=section.slug,
                status="published",
                published_at=now - timedelta(hours=1 + position * HOURS_BETWEEN_ARTICLES),
                root=DEMO_DIR,
            )
        )
    return reports
