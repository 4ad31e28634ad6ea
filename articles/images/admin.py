"""The image library in the admin: upload, search, focal point, crop previews.

Registered from articles/admin/articles.py. Uploads are validated by the same function importers use
(`validate_upload`), and saved through the services, never by the form itself.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.images.admin_editor import ImageEditorAdminMixin
from articles.images.pending_files import files_deleted_unless_committed
from articles.images.services import image_delete, image_save_new, image_update
from articles.images.usage import articles_showing_in_body
from articles.images.validation import validate_upload
from articles.models import Article, Image

TEXT_FIELDS = ["alt_text", "caption", "credit"]
FOCAL_FIELDS = ["focal_x", "focal_y"]


class ImageAddForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("picture file"),
        help_text=_(
            "JPEG, PNG or WebP. Location, camera and other hidden data are removed on upload."
        ),
    )

    class Meta:
        model = Image
        fields = [*TEXT_FIELDS, *FOCAL_FIELDS]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        # Kept for save_model: the picture is decoded once, here.
        self.decoded = validate_upload(upload)
        return upload


class ImageChangeForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = [*TEXT_FIELDS, *FOCAL_FIELDS]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }


@admin.register(Image)
class ImageAdmin(ImageEditorAdminMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "dimensions", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["focal_point_picker", "crop_previews", "dimensions", "uploaded_by"]

    class Media:
        css = {"all": ["admin-images/focal-point.css"]}
        js = ["admin-images/focal-point.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ImageChangeForm if obj is not None else ImageAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": ["upload", *TEXT_FIELDS]}),
                (_("Focal point"), {"fields": FOCAL_FIELDS, "classes": ["collapse"]}),
            ]
        return [
            (None, {"fields": TEXT_FIELDS}),
            (
                _("Focal point"),
                {
                    "fields": ["focal_point_picker", *FOCAL_FIELDS, "crop_previews"],
                    "description": _(
                        "Click the part of the picture that must stay visible when it is "
                        "cropped. The crops below follow your click; saving makes them."
                    ),
                },
            ),
            (_("File"), {"fields": ["dimensions", "uploaded_by"]}),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The files are written before the page's transaction ends: when a later step (the
        # admin log entry, a message) fails and rolls the row back, they are deleted too.
        with files_deleted_unless_committed():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            image_save_new(image=obj, decoded=form.decoded, uploaded_by=request.user)
            return
        fields = [*TEXT_FIELDS, *FOCAL_FIELDS]
        image_update(image=obj, **{name: form.cleaned_data[name] for name in fields})

    def get_deleted_objects(self, objs, request):
        """Django lists the articles using the picture as their lead (PROTECT); those showing it
        in their body are added, so the page refuses the deletion and names them all."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected.extend(
                body_use_entry(request, article) for article in articles_showing_in_body(image)
            )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image)

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        url = obj.rendition_url("w320.jpg") or obj.fallback_url
        return format_html(
            '<img src="{}" alt="" width="120" height="{}" class="image-thumbnail" loading="lazy">',
            url,
            round(120 * obj.height / obj.width) if obj.width else 80,
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        url = obj.rendition_url("w960.jpg") or obj.fallback_url
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" width="{}" height="{}" alt="{}" draggable="false">'
            '<span class="focal-picker__marker" aria-hidden="true"></span></div>',
            url,
            obj.width,
            obj.height,
            _("Click to set the focal point"),
        )

    @admin.display(description=_("crops"))
    def crop_previews(self, obj):
        url = obj.rendition_url("w640.jpg") or obj.fallback_url
        saved_share = obj.rendition_url("share.jpg") or ""
        saved_square = obj.square_url or ""
        return format_html(
            '<div class="focal-crops">'
            '<figure><div class="focal-crop focal-crop--share"><img src="{url}" alt="" data-focal-crop></div>'
            "<figcaption>{share}</figcaption></figure>"
            '<figure><div class="focal-crop focal-crop--square"><img src="{url}" alt="" data-focal-crop></div>'
            "<figcaption>{square}</figcaption></figure>"
            "</div>"
            '<p class="focal-saved">{saved}: <a href="{saved_share}">{share}</a> · '
            '<a href="{saved_square}">{square}</a></p>',
            url=url,
            share=_("Share picture (1200 × 630)"),
            square=_("Square"),
            saved=_("Crops made at the last save"),
            saved_share=saved_share,
            saved_square=saved_square,
        )


def body_use_entry(request, article):
    """One line of the refusal: the article (linked when the person may open it) and why."""
    label = capfirst(Article._meta.verbose_name)
    reason = _("shows this picture in its body")
    if request.user.has_perm("articles.change_article"):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('{}: <a href="{}">{}</a> ({})', label, url, article.headline, reason)
    return format_html("{}: {} ({})", label, article.headline, reason)
