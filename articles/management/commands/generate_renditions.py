"""Make the renditions library images lack: after an import, a change of sizes, or lost files.

    manage.py generate_renditions [--dry-run] [--verify-files] [--image ID ...]

Renditions are normally made at upload; this fills in whatever is missing, outside any page
request. With --dry-run it only reports. Progress is shown on a terminal only.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.images.services import image_fill_missing_renditions
from articles.models import Image


def fill_missing_renditions(images, *, dry_run=False, verify_files=False, progress=False):
    """Fill in each image's missing renditions; return (images changed, files, failures)."""
    changed, files, failures = 0, 0, []
    for image in tqdm(images, disable=not progress, unit="image", file=sys.stderr):
        try:
            keys = image_fill_missing_renditions(
                image=image, verify_files=verify_files, dry_run=dry_run
            )
        except (OSError, ValueError) as error:
            failures.append((image, error))
            continue
        if keys:
            changed += 1
            files += len(keys)
    return changed, files, failures


class Command(BaseCommand):
    help = "Make the renditions that library images are missing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only report what is missing.")
        parser.add_argument(
            "--verify-files",
            action="store_true",
            help="Also check that every listed file exists in storage (slower on object stores).",
        )
        parser.add_argument("--image", type=int, nargs="*", help="Only these image ids.")

    def handle(self, *args, dry_run, verify_files, image, **options):
        images = Image.objects.order_by("pk")
        if image:
            images = images.filter(pk__in=image)
        changed, files, failures = fill_missing_renditions(
            images.iterator(chunk_size=200),
            dry_run=dry_run,
            verify_files=verify_files,
            progress=sys.stderr.isatty(),
        )
        verb = "would make" if dry_run else "made"
        self.stdout.write(self.style.SUCCESS(f"{verb} {files} renditions for {changed} images"))
        for failed, error in failures:
            self.stderr.write(self.style.ERROR(f"image {failed.pk} ({failed.file.name}): {error}"))
        if failures:
            raise CommandError(f"{len(failures)} images could not be processed")
