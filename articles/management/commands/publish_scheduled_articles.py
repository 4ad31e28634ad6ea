"""Publish scheduled articles whose time has come and take down expired ones; apply the
scheduled updates whose time has come; delete old autosaved copies of article forms; queue a
reminder for live coverages that got no entry for a while; fold the readers' hourly read counts
from Redis into the database for the "most read" block, and delete old ones
(articles/services/reads.py).

Run every minute by cron or a systemd timer (see docs/workflow.md, "Scheduled publication").
Articles are public on time even without it (`Article.objects.published()` looks at the clock);
this command moves their status, writes their audit rows and runs their side effects.

It purges the home page when one of the editors' pins started or ended, or a breaking-news
label ended, since the previous run (articles/services/home.py `home_purge_due`).

It then sends the staff's queued e-mail notifications (articles/services/notifications.py),
those of the articles it just moved included; a mail that fails is retried by a later run.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ScheduledUpdate
from articles.services import article_publish_due_detailed
from articles.services.autosave import autosaves_delete_old
from articles.services.home import SCHEDULER_LOOKBACK, home_purge_due
from articles.services.notifications import notifications_queue_quiet_live, notifications_send_due
from articles.services.reads import read_counts_fold
from articles.services.scheduled_updates import scheduled_updates_apply_due


class Command(BaseCommand):
    # Plain strings: argparse formats the help itself and cannot take a lazy translation.
    help = "Publish scheduled articles whose time has come and take down expired ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the articles that would move, and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            self.list_due(now)
            return
        result = article_publish_due_detailed(now=now)
        self.stdout.write(
            self.style.SUCCESS(
                _("Published: %(published)d. Taken down: %(taken_down)d.")
                % {"published": result.published, "taken_down": result.taken_down}
            )
        )
        updates = scheduled_updates_apply_due(now=now)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Scheduled updates applied: %(applied)d. Not applied (changed since): %(conflicts)d."
                )
                % {"applied": updates.applied, "conflicts": updates.conflicts}
            )
        )
        autosaves_delete_old(now=now)
        # Live coverages silent for too long (NEWSROOM_LIVE_QUIET_MINUTES): sent just below.
        notifications_queue_quiet_live(now=now)
        if home_purge_due(since=now - SCHEDULER_LOOKBACK, now=now):
            self.stdout.write(
                _("Home page purged: a pin or a breaking-news label started or ended.")
            )
        self.fold_read_counts(now)
        self.send_notifications()
        for pk, error in result.failed:
            self.stderr.write(
                self.style.ERROR(
                    _("Article %(id)s could not be moved: %(error)s") % {"id": pk, "error": error}
                )
            )
        for pk, error in updates.failed:
            self.stderr.write(
                self.style.ERROR(
                    _("Scheduled update %(id)s could not be applied: %(error)s")
                    % {"id": pk, "error": error}
                )
            )
        if result.failed:
            raise CommandError(
                _("Articles that could not be moved: %(count)d.") % {"count": len(result.failed)}
            )
        if updates.failed:
            raise CommandError(
                _("Scheduled updates that could not be applied: %(count)d.")
                % {"count": len(updates.failed)}
            )

    def fold_read_counts(self, now):
        # Without Redis there is nothing to fold; old rows are deleted all the same, and the
        # articles' moves above are what the exit code speaks of.
        folded = read_counts_fold(now=now)
        if not folded.redis_available:
            self.stdout.write(
                self.style.WARNING(_("Read counts not folded: Redis is not available."))
            )
        elif folded.rows or folded.deleted:
            self.stdout.write(
                _("Read counts folded: %(rows)d. Old read counts deleted: %(deleted)d.")
                % {"rows": folded.rows, "deleted": folded.deleted}
            )

    def send_notifications(self):
        # A mail server that is down must not stop articles from moving: failures are retried
        # by the next runs and logged; the exit code speaks of the articles only.
        sent = notifications_send_due()
        if sent.sent or sent.failed or sent.given_up:
            self.stdout.write(
                _("E-mails sent: %(sent)d. To retry: %(failed)d. Given up: %(given_up)d.")
                % {"sent": sent.sent, "failed": sent.failed, "given_up": sent.given_up}
            )
        if sent.given_up:
            self.stderr.write(
                self.style.WARNING(
                    _("E-mails given up after every attempt: %(count)d (see the log).")
                    % {"count": sent.given_up}
                )
            )

    def list_due(self, now):
        to_publish = list(Article.objects.due_for_publication(now).only("pk", "headline"))
        to_take_down = list(Article.objects.due_for_takedown(now).only("pk", "headline"))
        for article in to_publish:
            self.stdout.write(
                _("Would publish: %(id)s %(headline)s")
                % {"id": article.pk, "headline": article.headline}
            )
        due_updates = list(ScheduledUpdate.objects.due(now).select_related("article"))
        for update in due_updates:
            self.stdout.write(
                _("Would apply scheduled update %(number)s to: %(id)s %(headline)s")
                % {
                    "number": update.pk,
                    "id": update.article_id,
                    "headline": update.article.headline,
                }
            )
        for article in to_take_down:
            self.stdout.write(
                _("Would take down: %(id)s %(headline)s")
                % {"id": article.pk, "headline": article.headline}
            )
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Dry run: %(published)d to publish, %(taken_down)d to take down; nothing changed."
                )
                % {"published": len(to_publish), "taken_down": len(to_take_down)}
            )
        )
