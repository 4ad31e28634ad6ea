from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.images.pending_files import delete_rolled_back_files_of_every_connection
        from articles.models import Article, Section
        from articles.public.navigation import forget_cached_after_commit
        from articles.public.pins import forget_pin_rows_of_changed_article
        from articles.search import register_sqlite_function
        from articles.services.notifications import queue_status_change_notifications
        from articles.services.reads import forget_most_read
        from articles.signals import article_changed_publicly, article_status_changed
        from newsroom import checks  # noqa: F401  (registers the production checks)

        # SQLite computes the search column by calling the Python normaliser.
        connection_created.connect(register_sqlite_function, dispatch_uid="articles-sqlite-fn")
        # Picture files written by a request whose transaction rolled back are deleted.
        request_finished.connect(
            delete_rolled_back_files_of_every_connection, dispatch_uid="articles-image-files"
        )
        # Each committed workflow move queues the staff's e-mails (sent by the scheduler).
        article_status_changed.connect(
            queue_status_change_notifications, dispatch_uid="articles-notifications"
        )
        # The "most read" block and the home's pins are kept in the shared cache
        # (newsroom/kept.py): the block shows headlines of public articles, a section-lead pin
        # its article's section. Connected before newsroom.http's purge (INSTALLED_APPS order),
        # so no page is drawn from them between the purge and the forget.
        article_changed_publicly.connect(
            forget_most_read, sender=Article, dispatch_uid="articles-most-read"
        )
        article_changed_publicly.connect(
            forget_pin_rows_of_changed_article, sender=Article, dispatch_uid="articles-home-pins"
        )
        # The menu names sections (and falls back to those in navigation): an edit of one in
        # the admin reaches the cached menu at once; newsroom/http purges the pages.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_cached_after_commit,
                sender=Section,
                dispatch_uid=f"articles-menu-section-{signal is post_save}",
            )
