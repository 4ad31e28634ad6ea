"""The outbox of the staff's e-mail notifications: what was sent, what waits, what was given
up and why. Read-only; no role has the view permission, so superusers only (it names who was
told what)."""

from django.contrib import admin

from articles.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "subject", "sent_at", "attempts"]
    list_filter = ["event", "sent_at", "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username", "recipient__email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient",
        "event",
        "article",
        "subject",
        "body",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "attempts",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
