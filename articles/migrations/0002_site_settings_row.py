from django.db import migrations


def create_site_settings(apps, schema_editor):
    # The single settings row exists from the start, so pages never have to create it.
    apps.get_model("articles", "SiteSettings").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_site_settings, migrations.RunPython.noop)]
