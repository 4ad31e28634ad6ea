"""Sections and tags."""

from django.contrib import admin

from articles.models import Section, Tag
from authors.staff.lookup import LookupOnlyForViewersMixin


@admin.register(Section)
class SectionAdmin(LookupOnlyForViewersMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order", "in_navigation"]
    list_editable = ["order", "in_navigation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(LookupOnlyForViewersMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
