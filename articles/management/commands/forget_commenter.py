"""Find and delete every comment a reader wrote with an e-mail address (law 09-08).

    manage.py forget_commenter EMAIL [--dry-run]

With --dry-run it lists the reader's comments (article, date, status) and deletes nothing: the
answer to a request to see what is kept. Otherwise it deletes them through
`comments_forget_reader` (articles/services/comments.py), which audits the deletion per article
without the address and purges the pages that showed them.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.exceptions import WorkflowError
from articles.models import Comment, SystemActor
from articles.services.comments import comments_forget_reader


class Command(BaseCommand):
    help = "Find and delete every comment written with an e-mail address (a reader's request)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the comments, delete nothing."
        )

    def handle(self, *args, email, dry_run, **options):
        comments = Comment.objects.by_email(email).select_related("article").order_by("created_at")
        for comment in comments:
            self.stdout.write(
                f"{comment.pk} {comment.created_at:%Y-%m-%d %H:%M} {comment.status} "
                f"article {comment.article_id}: {comment.body[:60]!r}"
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"{len(comments)} comments; dry run, kept"))
            return
        try:
            count = comments_forget_reader(email=email, actor=SystemActor.FORGET_COMMENTER)
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"deleted {count} comments"))
