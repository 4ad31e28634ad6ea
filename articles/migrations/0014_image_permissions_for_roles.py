"""Give the newsroom's roles the image library's permissions (see articles/roles.py).

Until now only superusers could upload or pick pictures. Reporters may view and add them (for
their drafts, and the lead image's autocomplete), editors also change them (alt text, credit,
focal point), the editor-in-chief also deletes them. Frozen here, as a migration must be; the
roles test checks the result against articles.roles.ROLE_PERMISSIONS.
"""

import importlib

from django.db import migrations

IMAGE_PERMISSIONS = {
    "مراسل": ["view_image", "add_image"],
    "محرر": ["view_image", "add_image", "change_image"],
    "رئيس التحرير": ["view_image", "add_image", "change_image", "delete_image"],
}


def image_permissions(apps):
    # Permissions are created after the whole `migrate` run; 0004's helper makes them now.
    importlib.import_module("articles.migrations.0004_editorial_roles").ensure_permissions(apps)
    Permission = apps.get_model("auth", "Permission")
    return {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type__app_label="articles", codename__endswith="_image"
        )
    }


def grant(apps, schema_editor):
    permissions = image_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, codenames in IMAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    permissions = image_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, codenames in IMAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*(permissions[codename] for codename in codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_article_section_publish_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
