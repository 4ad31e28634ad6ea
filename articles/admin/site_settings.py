"""The one row of site settings."""

from django.contrib import admin

from articles.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "comments_enabled"]

    def has_add_permission(self, request):
        # One row only, created on first use; and only for those allowed to add it.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
