from django.contrib import admin

from articles.admin_lookup import LookupOnlyForViewersMixin
from authors.models import Author


@admin.register(Author)
class AuthorAdmin(LookupOnlyForViewersMixin, admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "normalised_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
