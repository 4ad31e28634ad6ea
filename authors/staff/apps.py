from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    # Staff accounts' security lives beside their bylines; the label keeps its short name.
    name = "authors.staff"
    label = "staff"
    verbose_name = _("Staff security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Sign-ins, failures and lockouts are announced by Django and django-axes as signals;
        # recording them is the one thing these receivers do.
        from authors.staff import receivers  # noqa: F401
