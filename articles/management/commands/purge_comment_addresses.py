"""Forget the client addresses (their keyed hashes) kept with readers' comments after 30 days.

    manage.py purge_comment_addresses [--dry-run] [--days N]

Run once a day (deploy/cron.example). The hash serves only the rate limits and the duplicate
rule (articles/services/comment_spam.py); docs/security.md says what is kept and how long.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.services.comments import comment_addresses_purge


class Command(BaseCommand):
    help = "Forget the keyed hashes of readers' addresses kept with comments older than 30 days."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them, change nothing.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep the hashes of comments younger than this (default: "
            "NEWSROOM_COMMENT_ADDRESS_DAYS, 30).",
        )

    def handle(self, *args, dry_run, days, **options):
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative")
        count = comment_addresses_purge(days=days, dry_run=dry_run)
        verb = "would forget" if dry_run else "forgot"
        self.stdout.write(self.style.SUCCESS(f"{verb} the address hash of {count} comments"))
