"""Write a backup of the database and media files: `make backup`."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from newsroom.backups import BackupError, backup_site


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and MEDIA_ROOT into BACKUP_DIR/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=None, help="Default: BACKUP_DIR.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir, database, **options):
        try:
            folder = backup_site(
                db_settings=settings.DATABASES[database],
                media_root=settings.MEDIA_ROOT,
                storage=default_storage,
                backup_dir=output_dir or settings.BACKUP_DIR,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
