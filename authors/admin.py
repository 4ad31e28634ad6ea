from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.uploadedfile import UploadedFile

from authors.models import Author
from authors.photos import author_photo_clean
from authors.services import can_add_guest_author, guest_author_create
from authors.staff.creatable import CreatableLookupAdminMixin
from authors.staff.lookup import LookupOnlyForViewersMixin
from newsroom.text import normalise_name


class AuthorForm(forms.ModelForm):
    # A plain file field: the picture gate judges the upload by its content, not Django's
    # ImageField, which goes by the extension and keeps the uploader's file name.
    photo = forms.FileField(
        label=Author._meta.get_field("photo").verbose_name,
        required=False,
        widget=AdminFileWidget,
    )

    class Meta:
        model = Author
        fields = ["name", "slug", "job_title", "bio", "photo", "user", "is_active"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            return author_photo_clean(file=photo)
        return photo


@admin.register(Author)
class AuthorAdmin(CreatableLookupAdminMixin, LookupOnlyForViewersMixin, admin.ModelAdmin):
    form = AuthorForm
    list_display = ["name", "job_title", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "normalised_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    # The lookup behind the article form's byline field: editors add guest bylines there.

    def lookup_key(self, text):
        return normalise_name(text)

    def may_create_from_lookup(self, request):
        return can_add_guest_author(request.user)

    def create_from_lookup(self, request, name):
        return guest_author_create(name=name, actor=request.user)
