"""Pages and the site's menu in the admin; every save, publish and delete calls a service
(articles/services/pages.py, articles/services/menu.py)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin.editor import BodyEditorWidget
from articles.images.admin_editor import body_editor_image_options
from articles.models import MenuItem, Page, PageChange, PageRedirect, PageStatus
from articles.sanitize import sanitize_body_html
from articles.services import menu as menu_services
from articles.services import pages as page_services


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "description", "body", "in_footer", "footer_order"]
        widgets = {"body": BodyEditorWidget}

    def clean_body(self):
        # Sanitised here so that the form shows what will be stored; the service does it again.
        return sanitize_body_html(self.cleaned_data.get("body", ""))


class PageChangeInline(admin.TabularInline):
    """The page's audit trail, read-only."""

    model = PageChange
    fields = ["at", "action", "fields", "actor", "system_actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageAdminForm
    list_display = ["title", "status", "in_footer", "footer_order", "updated_at"]
    list_filter = ["status", "in_footer"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "updated_at", "published_at"]
    inlines = [PageChangeInline]
    actions = ["publish_pages", "unpublish_pages"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = BodyEditorWidget(
                images=body_editor_image_options(request, self.admin_site)
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        """A reporter edits drafts; a published page is for those who publish."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or page_services.may_edit_page(request.user, obj)

    def has_publish_permission(self, request):
        """Offered to roles with `publish_page` only (the actions' `permissions`)."""
        return page_services.may_publish_page(request.user)

    def save_model(self, request, obj, form, change):
        """Through the service: it checks, sanitises, records and purges."""
        if not change:
            saved = page_services.page_create(
                actor=request.user,
                **{name: form.cleaned_data[name] for name in page_services.EDITABLE_FIELDS},
            )
            obj.pk = saved.pk
            return
        page_services.page_update(
            page=obj,
            actor=request.user,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
        )

    def delete_model(self, request, obj):
        page_services.page_delete(page=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for page in queryset:
            page_services.page_delete(page=page, actor=request.user)

    @admin.action(description=_("Publish the selected pages"), permissions=["publish"])
    def publish_pages(self, request, queryset):
        self._move(request, queryset, page_services.page_publish, PageStatus.DRAFT)

    @admin.action(description=_("Unpublish the selected pages"), permissions=["publish"])
    def unpublish_pages(self, request, queryset):
        self._move(request, queryset, page_services.page_unpublish, PageStatus.PUBLISHED)

    def _move(self, request, queryset, service, source):
        moved = 0
        for page in queryset.filter(status=source):
            try:
                service(page=page, actor=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{page}: {error}", messages.ERROR)
            else:
                moved += 1
        self.message_user(
            request,
            ngettext("%(count)d page changed.", "%(count)d pages changed.", moved)
            % {"count": moved},
            messages.SUCCESS,
        )


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "page"]
    search_fields = ["old_path"]


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "parent", "section", "page", "path", "order"]
    list_select_related = ["parent", "section", "page"]
    ordering = ["parent__order", "order", "pk"]
    fields = ["label", "section", "page", "path", "parent", "order"]

    def save_model(self, request, obj, form, change):
        """Through the service: it checks, records, forgets the cached menu and purges."""
        menu_services.menu_item_save(item=obj, actor=request.user)

    def delete_model(self, request, obj):
        menu_services.menu_item_delete(item=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            menu_services.menu_item_delete(item=item, actor=request.user)

    def log_addition(self, request, obj, message):
        """The service has recorded it."""

    def log_change(self, request, obj, message):
        """The service has recorded it."""

    def log_deletions(self, request, queryset):
        """The service records each deletion."""
