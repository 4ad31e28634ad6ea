# Hijri date corrections edited in the site settings.

import articles.public.hijri
import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0008_article_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='hijri_default_offset',
            field=models.SmallIntegerField(default=0, help_text='Days the Moroccan month starts after the Umm al-Qura month, for every month not listed below. Usually 0 or 1.', validators=[django.core.validators.MinValueValidator(-2), django.core.validators.MaxValueValidator(2)], verbose_name='default Hijri offset (days)'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='hijri_month_offsets',
            field=models.JSONField(blank=True, default=dict, help_text='Exceptions to the default, as announced by the Ministry of Habous: {"1447-09": 1, "1447-10": 0} means Ramadan 1447 started one day after Umm al-Qura and Shawwal on the same day.', validators=[articles.public.hijri.validate_month_offsets], verbose_name='Hijri offsets by month'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='show_hijri_date',
            field=models.BooleanField(default=True, help_text='On the masthead and on each article, next to the Gregorian date.', verbose_name='show the Hijri date'),
        ),
    ]
