"""The one row of site settings."""

from django.contrib import admin

from articles.models import SiteSettings
from articles.services.site_settings import site_settings_update


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "comments_enabled"]
    autocomplete_fields = ["default_share_image"]

    def has_add_permission(self, request):
        # One row only, created on first use; and only for those allowed to add it.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Through the service: it checks, records the change and purges every page."""
        saved = site_settings_update(
            actor=request.user,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
        )
        obj.pk = saved.pk

    def log_change(self, request, obj, message):
        """The service has recorded the change already (with the fields it saved)."""

    def log_addition(self, request, obj, message):
        """The service has recorded it (the row exists from the first page read anyway)."""
