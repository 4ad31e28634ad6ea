from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
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


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the newsroom's site (authors/staff/admin_site.py): the admin's
    permission check includes the second factor, for every page that uses it."""

    default = False  # StaffConfig is this module's app; this one is named in INSTALLED_APPS
    default_site = "authors.staff.admin_site.NewsroomAdminSite"
