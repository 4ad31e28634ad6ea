"""Old paths (WordPress permalinks, changed slugs) sent to an article."""

from django.contrib import admin

from articles.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path"]
    autocomplete_fields = ["article"]
