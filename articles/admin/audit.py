"""The audit trail of status changes."""

from django.contrib import admin

from articles.models import StatusChange


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The whole audit trail, for editors: read-only for everyone, superusers included."""

    list_display = [
        "created_at",
        "article",
        "from_status",
        "to_status",
        "actor",
        "system_actor",
        "note",
    ]
    list_filter = ["to_status", "created_at"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__headline", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
