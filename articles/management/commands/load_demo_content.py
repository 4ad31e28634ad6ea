"""Load the demo content (articles/demo/loader.py): articles, pictures, tags, a correction,
a gallery, an embed, a pinned top story, a live coverage and the published legal pages.

Running it again adds nothing and says so.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.demo.loader import load_demo_content


class Command(BaseCommand):
    help = "Load the demo content: articles, pictures, tags, pages (safe to run again)."

    def handle(self, *args, **options):
        report = load_demo_content(now=timezone.now())
        for failure in report.failures:
            self.stderr.write(self.style.ERROR(failure))
        if report.changed:
            added = ", ".join(f"{number} {what}" for what, number in report.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo content added: {added}."))
        else:
            self.stdout.write("Demo content already present; nothing to do.")
        if report.failures:
            raise CommandError(f"{len(report.failures)} demo files could not be imported.")
