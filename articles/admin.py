from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import articles.images.admin  # noqa: F401  (registers the image library's admin)
from articles.models import Article, Byline, Redirect, Section, SiteSettings, Status, Tag
from articles.sanitize import sanitize_body_html


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "kicker",
            "headline",
            "slug",
            "standfirst",
            "body",
            "lead_image",
            "lead_image_caption",
            "section",
            "tags",
            "dateline",
            "language",
            "status",
            "publish_at",
            "expires_at",
            "updated_at",
            "comment_policy",
            "is_featured",
            "is_breaking",
            "source",
            "source_id",
        ]

    def clean_body(self):
        # Whatever the browser sends, only the allowlisted HTML is stored.
        return sanitize_body_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in (Status.SCHEDULED, Status.PUBLISHED) and not cleaned.get("publish_at"):
            if status == Status.SCHEDULED:
                self.add_error("publish_at", _("A scheduled article needs a publish time."))
            else:
                cleaned["publish_at"] = timezone.now()
        return cleaned


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline]
    list_display = ["headline", "status", "section", "publish_at", "last_edited_by"]
    list_filter = ["status", "section", "language"]
    list_select_related = ["section", "last_edited_by"]
    search_fields = ["headline"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "tags", "lead_image"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "standfirst", "body"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Placement"), {"fields": ["section", "tags", "dateline", "language"]}),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "expires_at", "updated_at", "comment_policy"]},
        ),
        (_("Front page"), {"fields": ["is_featured", "is_breaking"]}),
        (_("Import"), {"fields": ["source", "source_id"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path"]
    autocomplete_fields = ["article"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "comments_enabled"]

    def has_add_permission(self, request):
        # One row only; it is created on first use.
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
