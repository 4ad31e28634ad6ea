"""Restore a backup into an empty database: `make restore BACKUP=backups/<timestamp>`."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from newsroom.backups import BackupError, restore_site


class Command(BaseCommand):
    help = "Restore a backup folder into an EMPTY PostgreSQL database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder, e.g. backups/20261128T101500Z")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, backup, database, **options):
        try:
            counts = restore_site(
                folder=backup,
                db_settings=settings.DATABASES[database],
                media_root=settings.MEDIA_ROOT,
                storage=default_storage,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(counts)} tables ({sum(counts.values())} rows) and the media files; "
                "every checksum and row count matches the manifest."
            )
        )
