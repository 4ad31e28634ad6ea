from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomHttpConfig(AppConfig):
    name = "newsroom.http"
    label = "newsroom_http"
    verbose_name = _("Page cache")

    def ready(self):
        from newsroom.http import page_cache  # noqa: F401  (registers the purge hook)
