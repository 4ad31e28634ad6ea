"""The image library as the article body editor sees it: a picker and a drop-to-upload gate.

Two JSON endpoints inside the admin (staff only, through `admin_site.admin_view`):

- `editor/library/` (GET, `view_image`): library pictures, newest first, searched like the
  image list (alt text, caption, credit), a page at a time, with a thumbnail from the existing
  renditions and the address the body's `<img>` points at (it holds the image's key, so
  `articles/images/body.py` serves it as a responsive <picture>);
- `editor/upload/` (POST with the CSRF token, `add_image`): a file dropped or pasted into the
  editor, with its alt text, caption and credit. It passes the same gate as the admin upload
  (`validate_upload`: decoded, size and pixel limits, metadata stripped) and is stored by the
  same service; a refusal answers 400 with the message in the user's language and stores
  nothing.

static/articles/js/body-images.js is their only client; `body_editor_image_options(request)`
tells it which of them the user may use.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from articles.images.services import image_save_new
from articles.images.validation import too_large_message, validate_upload
from articles.models import Image

PICKER_PAGE_SIZE = 24


class EditorUploadForm(forms.ModelForm):
    """A picture for the body: alt text and credit are asked for at once, since publishing
    needs them and a reporter cannot change a library picture afterwards."""

    file = forms.FileField(label=_("picture file"))

    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].required = True
        self.fields["credit"].required = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Kept for the service: the picture is decoded once, here.
        self.decoded = validate_upload(upload)
        return upload


def picker_item(image):
    """What the editor needs of one picture: where it is, how it looks small, what it says."""
    return {
        "id": image.pk,
        "src": image.fallback_url,
        "thumbnail": (
            image.rendition_url("w320.webp")
            or image.rendition_url("w320.jpg")
            or image.fallback_url
        ),
        "width": image.width,
        "height": image.height,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "missing": [str(field) for field in image.missing_metadata()],
    }


def first_error(form):
    """The message to show under the dialog: the file's problem first, else the first field's."""
    for name in ("file", *form.fields, "__all__"):
        if form.errors.get(name):
            label = form.fields[name].label if name in form.fields else ""
            message = form.errors[name][0]
            return message if name in ("file", "__all__") else f"{label}: {message}"
    return ""


class ImageEditorAdminMixin:
    """ImageAdmin's endpoints for the body editor (see the module docstring)."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "editor/library/",
                self.admin_site.admin_view(self.editor_library_view),
                name="{}_{}_editor_library".format(*info),
            ),
            path(
                "editor/upload/",
                self.admin_site.admin_view(self.editor_upload_view),
                name="{}_{}_editor_upload".format(*info),
            ),
            *super().get_urls(),
        ]

    def editor_library_view(self, request):
        if not self.has_view_permission(request):
            return JsonResponse({"error": str(_("You may not see the image library."))}, status=403)
        images = Image.objects.order_by("-created_at", "-id")
        query = request.GET.get("q", "").strip()
        if query:
            images, _duplicates = self.get_search_results(request, images, query)
        page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        return JsonResponse(
            {
                "results": [picker_item(image) for image in page],
                "page": page.number,
                "pages": page.paginator.num_pages,
                "count": page.paginator.count,
                "previous": page.has_previous(),
                "next": page.has_next(),
            }
        )

    def editor_upload_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            return JsonResponse(
                {"error": str(_("You may not add pictures to the library."))}, status=403
            )
        form = EditorUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse(
                {"error": first_error(form), "errors": form.errors.get_json_data()}, status=400
            )
        image = image_save_new(
            image=form.save(commit=False), decoded=form.decoded, uploaded_by=request.user
        )
        return JsonResponse(picker_item(image), status=201)


def body_editor_image_options(request, admin_site):
    """The picture endpoints `request.user` may use from the body editor ({} for none)."""
    options = {}
    image_admin = admin_site.get_model_admin(Image)
    if image_admin.has_view_permission(request):
        options["libraryUrl"] = reverse(f"{admin_site.name}:articles_image_editor_library")
    if image_admin.has_add_permission(request):
        options["uploadUrl"] = reverse(f"{admin_site.name}:articles_image_editor_upload")
        options["maxBytes"] = settings.IMAGE_MAX_BYTES
        options["tooLarge"] = str(too_large_message(settings.IMAGE_MAX_BYTES))
    return options
