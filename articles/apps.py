from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles.images.pending_files import delete_rolled_back_files_of_every_connection
        from articles.search import register_sqlite_function
        from articles.services.notifications import queue_status_change_notifications
        from articles.signals import article_status_changed
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
