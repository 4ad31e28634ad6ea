from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import articles.images.admin  # noqa: F401  (registers the image library's admin)
from articles.admin.autosave import FORM_ID_FIELD, ArticleAutosaveAdminMixin
from articles.admin.conflicts import LoadedVersionField, check_not_changed_since_loaded
from articles.admin.editor import BodyEditorWidget
from articles.admin.history import ArticleHistoryAdminMixin
from articles.admin.home import ArticleHomePinAdminMixin
from articles.admin.live import ArticleLiveAdminMixin
from articles.admin.presence import ArticlePresenceAdminMixin
from articles.admin.preview_links import ArticlePreviewLinksAdminMixin
from articles.admin.scheduled_updates import (
    ArticleScheduledUpdatesAdminMixin,
    clean_scheduling,
    go_live_field,
)
from articles.admin.search import ArticleSearchAdminMixin
from articles.admin.workflow import ArticleWorkflowAdminMixin
from articles.images.admin_editor import body_editor_image_options
from articles.models import (
    Article,
    Byline,
    Correction,
    StatusChange,
)
from articles.sanitize import sanitize_body_html
from articles.services import autosave as services_autosave
from articles.services import content as services_content
from articles.services import permissions
from authors.models import Author
from authors.staff.creatable import (
    CreatableAutocompleteSelect,
    CreatableAutocompleteSelectMultiple,
)


class ArticleAdminForm(forms.ModelForm):
    """The article's content. Status and publish time are not here: only the workflow
    services (articles/services/workflow.py) change them, through the buttons on the change page."""

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
            "expires_at",
            "comment_policy",
            "is_featured",
            "is_breaking",
            "breaking_until",
            "share_title",
            "share_description",
            "share_image",
            "source",
            "source_id",
        ]
        widgets = {"body": BodyEditorWidget}

    # The version the form was loaded at: a save after someone else's is refused.
    loaded_version = LoadedVersionField()

    substantive_update = forms.BooleanField(
        label=_("Substantive update"),
        required=False,
        help_text=_(
            "Tick when this edit changes the facts: readers see “Updated” with the time. "
            "Leave it empty for a typo fix."
        ),
    )

    # Given with the "Save as a scheduled update" button (articles/admin/scheduled_updates.py).
    update_go_live_at = go_live_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read-only views of the form (a reporter on a published article) lack these fields.
        if "loaded_version" in self.fields:
            self.fields["loaded_version"].initial = self.instance.version
        if "body" in self.fields:
            self.fields["body"].widget.direction = self.instance.text_direction

    def clean_body(self):
        # Whatever the browser sends, only the allowlisted HTML is stored.
        return sanitize_body_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        expires_at = cleaned.get("expires_at")
        publish_at = self.instance.publish_at
        if expires_at and publish_at and expires_at <= publish_at:
            self.add_error("expires_at", _("The expiry time must come after the publish time."))
        # Scheduling too: an update prepared from an outdated form would undo the newer save.
        check_not_changed_since_loaded(self, cleaned.get("loaded_version"))
        self.scheduling = clean_scheduling(self, cleaned)
        return cleaned


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]

    def get_queryset(self, request):
        # Each saved row is captioned with its byline (the author's name), loaded in this query.
        return super().get_queryset(request).select_related("author")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Editors add a guest or agency byline by typing its name (authors/services.py).
            kwargs["widget"] = CreatableAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyRecordInline(admin.TabularInline):
    """A record shown on the article, never added, changed or deleted through the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may open the article sees its records (the article admin checked that).
        return obj is not None


class StatusChangeInline(ReadOnlyRecordInline):
    """The article's audit trail, read-only: nobody adds, edits or deletes it in the admin."""

    model = StatusChange
    fields = ["created_at", "from_status", "to_status", "actor", "system_actor", "note"]
    readonly_fields = fields
    verbose_name_plural = _("workflow history")

    def get_queryset(self, request):
        # Not super(): it asks has_view_permission without the article and would hide every
        # row. The formset narrows this to the article being shown.
        return StatusChange.objects.select_related("actor").order_by("-created_at", "-id")


class CorrectionInline(ReadOnlyRecordInline):
    """Corrections shown read-only; editors add them with the form in the workflow panel."""

    model = Correction
    fields = ["created_at", "kind", "text", "created_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Not super(): see StatusChangeInline.get_queryset.
        return Correction.objects.select_related("created_by")


class BylineAuthorFilter(admin.SimpleListFilter):
    # Shown as "By <title>" (حسب …) beside the field filters, whose titles are the fields'
    # verbose names with the article (الحالة, القسم); "author" alone names a column (كاتب).
    title = pgettext_lazy("list filter", "author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return [(author.pk, author.name) for author in Author.objects.filter(is_active=True)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                pk__in=Byline.objects.filter(author_id=self.value()).values("article_id")
            )
        return queryset


class SectionListFilter(admin.RelatedFieldListFilter):
    """The section filter, whose choice for articles without a section is named, not "-"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No section")


@admin.register(Article)
class ArticleAdmin(
    ArticleSearchAdminMixin,
    ArticleAutosaveAdminMixin,
    ArticleScheduledUpdatesAdminMixin,
    ArticleLiveAdminMixin,
    ArticleHistoryAdminMixin,
    ArticlePresenceAdminMixin,
    ArticlePreviewLinksAdminMixin,
    ArticleWorkflowAdminMixin,
    ArticleHomePinAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    actions = [*ArticleWorkflowAdminMixin.actions, "pin_to_home_page"]
    inlines = [BylineInline, CorrectionInline, StatusChangeInline]
    list_display = [
        "headline",
        "status",
        "section",
        "byline_names",
        "publish_at",
        "last_edited_by",
    ]
    list_filter = ["status", ("section", SectionListFilter), BylineAuthorFilter, "publish_at"]
    list_select_related = ["section", "last_edited_by"]
    # Headlines and, through the readers' search, the body: articles/admin/search.py.
    search_fields = ["headline"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "tags", "lead_image", "share_image"]
    readonly_fields = ["status", "publish_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "slug", "standfirst", "body", "loaded_version"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Placement"), {"fields": ["section", "tags", "dateline", "language"]}),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "expires_at", "updated_at", "comment_policy"]},
        ),
        (_("Front page"), {"fields": ["is_featured", "is_breaking", "breaking_until"]}),
        (
            _("Sharing"),
            {
                "fields": ["share_title", "share_description", "share_image"],
                "classes": ["collapse"],
            },
        ),
        (_("Import"), {"fields": ["source", "source_id"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # The search columns (the folded body and its tsvector) are never shown here: not read.
        # A form saving the body writes the search text again (Article.save).
        queryset = (
            super().get_queryset(request).with_bylines().defer("search_text", "search_document")
        )
        if permissions.can_review(request.user):
            return queryset
        # A reporter sees their own articles and the public ones, nothing else.
        return queryset.filter(
            Q(pk__in=permissions.own_articles_filter(request.user).values("pk"))
            | Q(pk__in=Article.objects.published().values("pk"))
        )

    @admin.display(description=_("bylines"))
    def byline_names(self, article):
        return "، ".join(byline.author.name for byline in article.bylines.all())

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit_article(request.user, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            # The editor's picture button and drop-to-upload use what this user may do.
            kwargs["widget"] = BodyEditorWidget(
                images=body_editor_image_options(request, self.admin_site)
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # Reporters and editors create a missing tag from here (articles/services/tags.py).
            kwargs["widget"] = CreatableAutocompleteSelectMultiple(db_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not permissions.can_mark_substantive_update(request.user, obj):
            return fieldsets
        # Editors editing a published article choose whether readers see "Updated".
        return [
            (name, {**options, "fields": [*options["fields"], "substantive_update"]})
            if name == _("Publication")
            else (name, options)
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        # Nothing here: the article, its tags and its bylines are written together by the
        # content service in save_related, once the inline bylines are known.
        pass

    def save_related(self, request, form, formsets, change):
        """Write the form and its bylines through the content service (one version, one
        revision, one purge); the read-only inlines save nothing."""
        bylines = None
        for formset in formsets:
            if formset.model is Byline:
                bylines = formset
                # Read by the admin's change message; the service wrote the rows.
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            else:
                self.save_formset(request, form, formset, change)
        changes = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in services_content.CONTENT_FIELDS or name == "tags"
        }
        if bylines is not None:
            changes["authors"] = byline_author_ids(bylines)
        obj = form.instance
        if not change:
            services_content.article_create(actor=request.user, changes=changes, article=obj)
            # Saved: the autosaved copy of this new-article form is no longer needed.
            services_autosave.autosave_forget(
                user=request.user, form_id=request.POST.get(FORM_ID_FIELD)
            )
            return
        if getattr(form, "scheduling", False):
            # Not written now: the changes become a pending update (the article is unchanged).
            self.save_scheduled_update(request, form, changes)
            if not hasattr(request, "scheduled_update_refusal"):
                services_autosave.autosave_forget(user=request.user, article=obj)
            return
        if form.cleaned_data.get("substantive_update") and permissions.can_mark_substantive_update(
            request.user, obj
        ):
            changes["updated_at"] = timezone.now()
        # The form's clean() locked the row and checked the version; the service checks again.
        services_content.article_update_content(
            article=obj,
            actor=request.user,
            changes=changes,
            expected_version=form.cleaned_data.get("loaded_version"),
        )
        services_autosave.autosave_forget(user=request.user, article=obj)

    def has_delete_permission(self, request, obj=None):
        # Articles are never deleted here: their audit trail and revisions must outlive them.
        # Taking down (the workflow button or bulk action) removes one from the site instead.
        return False

    def delete_view(self, request, object_id, extra_context=None):
        """The delete address explains, to those who could delete before, what to do instead."""
        if not request.user.has_perm(f"{self.opts.app_label}.delete_{self.opts.model_name}"):
            raise PermissionDenied
        self.message_user(
            request,
            _(
                "Articles are not deleted, so that their history and audit trail are kept. "
                "To remove an article from the site, take it down and give the reason."
            ),
            messages.WARNING,
        )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[object_id],
                current_app=self.admin_site.name,
            )
        )


def byline_author_ids(formset):
    """The author ids of the byline rows kept in the formset, in their printed order."""
    rows = []
    for index, form in enumerate(formset.forms):
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("author"):
            continue
        rows.append((data.get("position") or 0, index, data["author"].pk))
    return [author_id for _position, _index, author_id in sorted(rows)]
