from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import page_cache  # noqa: F401  (registers the purge hook)
        from articles.search import register_sqlite_function

        # SQLite computes the search column by calling the Python normaliser.
        connection_created.connect(register_sqlite_function, dispatch_uid="articles-sqlite-fn")
