from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Sign-ins, failures and lockouts are announced by Django and django-axes as signals;
        # recording them is the one thing these receivers do.
        from staff import receivers  # noqa: F401
