from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from authors.staff.models import SecurityEvent
from authors.staff.roles import oversees_staff_security
from authors.staff.services import second_factor_reset

User = get_user_model()


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The sign-in and second-factor log: read-only, for the editor-in-chief."""

    list_display = ["created_at", "kind", "username", "actor", "ip_address", "note"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "created_at"
    fields = ["created_at", "kind", "user", "username", "actor", "ip_address", "user_agent", "note"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return oversees_staff_security(request.user)

    def has_view_permission(self, request, obj=None):
        return oversees_staff_security(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = ["reset_second_factor"]

    def has_reset_second_factor_permission(self, request):
        return oversees_staff_security(request.user)

    @admin.action(
        description=_("Reset the second factor of the selected accounts"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                second_factor_reset(user=user, actor=request.user, request=request)
            except PermissionDenied as refusal:
                self.message_user(request, f"{user}: {refusal}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "The second factor of %(count)d account was reset; it must be set up again at the next sign-in.",
                    "The second factors of %(count)d accounts were reset; they must be set up again at the next sign-in.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
