"""Migration 0029: the roles' page and menu permissions, and the legal notice to fill in."""

import importlib

from articles.models import Page, PageStatus

migration = importlib.import_module("articles.migrations.0029_pages_roles_and_legal_notice")
FIELDS = ["الناشر", "مدير النشر", "رقم الملف القانوني", "رقم الإيداع", "العنوان", "البريد"]


def test_the_legal_notice_is_a_draft_with_every_field_law_88_13_expects(db):
    page = Page.objects.get(slug=migration.LEGAL_NOTICE_SLUG)
    assert page.title == "البيانات القانونية"
    assert page.status == PageStatus.DRAFT  # never public with placeholders in it
    for field in FIELDS:
        assert field in page.body, field
    assert page.body.count("[يُملأ:") >= 8
