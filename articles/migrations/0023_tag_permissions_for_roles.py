"""Tagging while writing (issue 22): the roles' new permissions (see articles/services/roles.py).

Reporters and editors create tags from the article form (the existing `add_tag`, until now the
editor-in-chief's); editors merge tags (`merge_tag`, also the editor-in-chief's), read the tags'
audit trail (`view_tagchange`) and add guest and agency bylines (`authors.add_guest_author`).
The editor-in-chief keeps the tag admin (change_tag, delete_tag). Frozen here, as a migration
must be; the roles test checks the result against ROLE_PERMISSIONS.
"""

import importlib

from django.db import migrations

GRANTS = {
    "مراسل": ["articles.add_tag"],
    "محرر": [
        "articles.add_tag",
        "articles.merge_tag",
        "articles.view_tagchange",
        "authors.add_guest_author",
    ],
    "رئيس التحرير": [
        "articles.merge_tag",
        "articles.view_tagchange",
        "authors.add_guest_author",
    ],
}


def permissions_by_role(apps):
    # Permissions are created after the whole `migrate` run; 0004's helper makes them now.
    importlib.import_module("articles.migrations.0004_editorial_roles").ensure_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        yield group, permissions


def grant(apps, schema_editor):
    for group, permissions in permissions_by_role(apps):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    for group, permissions in permissions_by_role(apps):
        if group.name == "رئيس التحرير":
            # add_tag was the editor-in-chief's before: only the new ones go.
            permissions = [p for p in permissions if p.codename != "add_tag"]
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_tag_normalised_name_unique"),
        ("authors", "0002_author_add_guest_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
