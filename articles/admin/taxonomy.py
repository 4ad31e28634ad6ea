"""Sections and tags."""

from django.contrib import admin

from articles.admin.lookup import LookupOnlyForViewersMixin
from articles.models import Section, Tag


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
