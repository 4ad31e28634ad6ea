"""Sections and tags.

Tags: reporters and editors create them from the article form (the tags field's lookup, see
authors/staff/creatable.py, or the "+" pop-up with the name only); editors and the
editor-in-chief merge them here (the "merge" action and its confirmation page); renaming and
deleting stay with the editor-in-chief (tag_rename, tag_delete: audit row, redirect from an old
slug, purge). Every write goes through articles/services/tags.py.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.exceptions import TagError, WorkflowError
from articles.models import Section, Tag, TagChange
from articles.services.tags import (
    can_create_tag,
    can_merge_tags,
    check_tag_slug_free,
    clean_tag_name,
    tag_create,
    tag_delete,
    tag_rename,
)
from articles.services.tags import tag_merge as tag_merge_service
from authors.staff.creatable import CreatableLookupAdminMixin
from authors.staff.lookup import LookupOnlyForViewersMixin
from newsroom.text import normalise_tag_name


@admin.register(Section)
class SectionAdmin(LookupOnlyForViewersMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order", "in_navigation"]
    list_editable = ["order", "in_navigation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        try:
            name = clean_tag_name(self.cleaned_data.get("name", ""))
        except TagError as error:
            raise ValidationError(str(error)) from None
        same = (
            Tag.objects.filter(normalised_name=normalise_tag_name(name))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if same is not None:
            raise ValidationError(
                _("This name reads as the tag “%(tag)s”, which already exists.")
                % {"tag": same.name}
            )
        return name

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        try:
            check_tag_slug_free(slug, tag=self.instance if self.instance.pk else None)
        except TagError as error:
            raise ValidationError(str(error)) from None
        return slug


class MergeTagsForm(forms.Form):
    kept = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        label=gettext_lazy("Tag to keep"),
        help_text=gettext_lazy(
            "The other tags' articles move to it; their pages and feeds redirect to its own."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = tags
        self.fields["kept"].label_from_instance = lambda tag: (
            _("%(name)s (%(count)d articles)") % {"name": tag.name, "count": tag.article_count}
        )


@admin.register(Tag)
class TagAdmin(CreatableLookupAdminMixin, LookupOnlyForViewersMixin, admin.ModelAdmin):
    form = TagForm
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "normalised_name"]
    # The article count's GROUP BY drops the model's default ordering: the autocomplete would
    # page an unordered list (tags shown twice or never across its pages).
    ordering = ["name"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=gettext_lazy("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    # Who sees what: reporters add tags (the pop-up) but do not browse them; editors browse
    # them to merge; the editor-in-chief renames and deletes.

    def can_manage(self, request):
        opts = self.opts
        return can_merge_tags(request.user) or any(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("change", "delete")
        )

    def has_merge_permission(self, request):
        return can_merge_tags(request.user)

    def get_fields(self, request, obj=None):
        # A new tag is its name; the slug follows from it (Arabic letters kept).
        return ["name"] if obj is None else ["name", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return {}

    def get_search_results(self, request, queryset, search_term):
        # "الامن" finds "الأمن": the name as typed or as search folds it.
        key = normalise_tag_name(search_term)
        if not key:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(
            Q(name__icontains=search_term) | Q(normalised_name__contains=key)
        ), False

    def save_model(self, request, obj, form, change):
        if change:
            # Through the service: audit row, a redirect from the old slug, purge.
            saved = tag_rename(tag=obj, actor=request.user, name=obj.name, slug=obj.slug)
            _become(obj, saved)
            return
        # Through the service, as from the article form: permission, audit row.
        tag, _created = tag_create(name=obj.name, actor=request.user)
        _become(obj, tag)

    def delete_model(self, request, obj):
        tag_delete(tag=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for tag in queryset:
            tag_delete(tag=tag, actor=request.user)

    # The lookup behind the article form's tags field.

    def lookup_key(self, text):
        return normalise_tag_name(text)

    def may_create_from_lookup(self, request):
        return can_create_tag(request.user)

    def create_from_lookup(self, request, name):
        return tag_create(name=name, actor=request.user)

    @admin.action(description=gettext_lazy("Merge selected tags"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        """Asks which tag to keep on a confirmation page, then merges the others into it."""
        tags = queryset.order_by("pk")
        if len(tags) < 2:
            self.message_user(request, _("Select at least two tags to merge."), messages.WARNING)
            return None
        form = MergeTagsForm(request.POST if "apply" in request.POST else None, tags=tags)
        if form.is_bound and form.is_valid():
            kept = form.cleaned_data["kept"]
            for tag in tags:
                if tag.pk == kept.pk:
                    continue
                try:
                    moved = tag_merge_service(
                        source=tag, target=kept, actor=request.user, note=form.cleaned_data["note"]
                    )
                except WorkflowError as refusal:
                    self.message_user(request, str(refusal), messages.ERROR)
                    continue
                self.message_user(
                    request,
                    _("“%(merged)s” merged into “%(kept)s”: %(count)d articles moved.")
                    % {"merged": tag.name, "kept": kept.name, "count": moved},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.opts,
            "tags": tags,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/tag/merge_selected.html", context)


def _become(form_tag, saved):
    """The add form's instance becomes the tag the service saved (the pop-up answers it)."""
    for name in ("id", "name", "slug", "normalised_name"):
        setattr(form_tag, name, getattr(saved, name))
    form_tag._state.adding = False
    form_tag._state.db = saved._state.db


@admin.register(TagChange)
class TagChangeAdmin(admin.ModelAdmin):
    """Who created and merged which tag, when: read-only for everyone, superusers included."""

    list_display = ["created_at", "action", "tag_name", "merged_name", "articles_moved", "actor"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor"]
    search_fields = ["tag_name", "merged_name", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
