"""Create the newsroom's roles as groups with exactly their permissions (see articles/roles.py).

The permission lists are frozen here, as a migration must be; a test checks they still match
articles.roles.ROLE_PERMISSIONS.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

ROLE_PERMISSIONS = {   'رئيس التحرير': [   'articles.add_article',
                        'articles.add_byline',
                        'articles.add_redirect',
                        'articles.add_section',
                        'articles.add_tag',
                        'articles.change_article',
                        'articles.change_byline',
                        'articles.change_redirect',
                        'articles.change_section',
                        'articles.change_sitesettings',
                        'articles.change_tag',
                        'articles.delete_article',
                        'articles.delete_byline',
                        'articles.delete_redirect',
                        'articles.delete_section',
                        'articles.delete_tag',
                        'articles.publish_article',
                        'articles.review_article',
                        'articles.view_article',
                        'articles.view_byline',
                        'articles.view_redirect',
                        'articles.view_section',
                        'articles.view_sitesettings',
                        'articles.view_statuschange',
                        'articles.view_tag',
                        'auth.add_group',
                        'auth.add_user',
                        'auth.change_group',
                        'auth.change_user',
                        'auth.delete_group',
                        'auth.delete_user',
                        'auth.view_group',
                        'auth.view_user',
                        'authors.add_author',
                        'authors.change_author',
                        'authors.delete_author',
                        'authors.view_author'],
    'محرر': [   'articles.add_article',
                'articles.add_byline',
                'articles.change_article',
                'articles.change_byline',
                'articles.delete_byline',
                'articles.publish_article',
                'articles.review_article',
                'articles.view_article',
                'articles.view_byline',
                'articles.view_section',
                'articles.view_statuschange',
                'articles.view_tag',
                'authors.view_author'],
    'مراسل': [   'articles.add_article',
                 'articles.add_byline',
                 'articles.change_article',
                 'articles.change_byline',
                 'articles.delete_byline',
                 'articles.view_article',
                 'articles.view_byline',
                 'articles.view_section',
                 'articles.view_tag',
                 'authors.view_author']}


def ensure_permissions(apps):
    # Permissions are normally created after the whole `migrate` run; the groups need them now.
    for label in ("auth", "authors", "articles"):
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module, and create_permissions skips those.
        # Put back what was there: tests call this with the real app registry too.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = previous


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_statuschange_and_workflow_permissions"),
        ("authors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
