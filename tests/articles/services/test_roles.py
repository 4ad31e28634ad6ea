"""The roles created by the data migration carry exactly the permissions of articles.services.roles."""

import pytest
from django.contrib.auth.models import Group

from articles.services import roles


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", list(roles.ROLE_PERMISSIONS))
def test_migration_gives_each_role_exactly_its_permissions(db, role):
    assert group_permissions(role) == set(roles.ROLE_PERMISSIONS[role])


def test_reporter_has_no_review_publish_or_delete_permission(db):
    permissions = group_permissions(roles.REPORTER)
    assert "articles.review_article" not in permissions
    assert "articles.publish_article" not in permissions
    assert "articles.delete_article" not in permissions
    assert not {p for p in permissions if p.startswith("auth.")}


def test_editor_adds_review_and_publish_to_the_reporter(db):
    added = group_permissions(roles.EDITOR) - group_permissions(roles.REPORTER)
    assert {"articles.review_article", "articles.publish_article"} <= added
    assert "articles.delete_article" not in added


def test_only_the_editor_in_chief_manages_sections_authors_settings_and_accounts(db):
    chief_only = group_permissions(roles.EDITOR_IN_CHIEF) - group_permissions(roles.EDITOR)
    assert {
        "articles.change_section",
        "authors.change_author",
        "articles.change_sitesettings",
        "auth.change_user",
        "auth.change_group",
        "articles.delete_article",
    } <= chief_only


def test_role_names_are_arabic(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "مراسل",
        "محرر",
        "رئيس التحرير",
    }
