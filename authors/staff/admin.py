from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from authors.staff.models import EventKind, SecurityEvent
from authors.staff.roles import (
    ROLES_MANAGED_BY_EDITOR_IN_CHIEF,
    may_manage_account,
    oversees_staff_security,
)
from authors.staff.services import (
    account_changes_record,
    account_snapshot,
    second_factor_reset,
    security_event_record,
)

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
    """Staff accounts, least privilege first.

    Only superusers grant or remove staff and superuser status, give individual permissions,
    edit or delete superusers and set another account's password. The editor-in-chief
    manages the accounts below them (authors/staff/roles.py `may_manage_account`): the
    reporter and editor roles, deactivation, second-factor resets. Every change of standing
    is written to the security log.
    """

    actions = ["reset_second_factor"]
    # Granted by a superuser only; for anybody else the form shows them read-only, and a
    # value posted for them is ignored.
    SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_manage_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (obj.pk != request.user.pk and may_manage_account(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.SUPERUSER_ONLY_FIELDS
            if obj is not None and obj.pk == request.user.pk:
                readonly.append("groups")  # nobody changes their own role
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "groups" in form.base_fields and not request.user.is_superuser:
            # The editor-in-chief gives the roles below their own; a role the account already
            # holds stays listed so that saving the form keeps it.
            held = Q(pk__in=obj.groups.values("pk")) if obj is not None else Q(pk__in=[])
            form.base_fields["groups"].queryset = Group.objects.filter(
                Q(name__in=ROLES_MANAGED_BY_EDITOR_IN_CHIEF) | held
            )
        return form

    def save_model(self, request, obj, form, change):
        # Compared with the account once its roles are saved too (save_related).
        request._account_before = account_snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_account_before", None)
        if before is not None:
            account_changes_record(
                user=form.instance, actor=request.user, before=before, request=request
            )

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self._record_deletion(request, user)
        super().delete_queryset(request, queryset)

    @staticmethod
    def _record_deletion(request, user):
        security_event_record(
            kind=EventKind.ACCOUNT_DELETED,
            request=request,
            username=user.get_username(),
            actor=request.user,
        )

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None and user.pk != request.user.pk and not request.user.is_superuser:
            # Setting someone's password is taking over their account.
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            security_event_record(
                kind=EventKind.PASSWORD_SET, request=request, user=user, actor=request.user
            )
        return response

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


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """The roles' permissions are defined by superusers: whoever could change them could give
    their own role anything."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
