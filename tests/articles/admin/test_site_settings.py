from django.conf import settings
from django.contrib import admin

from articles.models import SiteSettings


def change_url(site_settings):
    return f"/{settings.ADMIN_URL}articles/sitesettings/{site_settings.pk}/change/"


def form_data(site_settings, **changes):
    data = {
        "name": site_settings.name,
        "tagline": site_settings.tagline,
        "show_hijri_date": "on",
        "hijri_default_offset": "0",
        "hijri_month_offsets": "{}",
        "comments_auto_close_days": "14",
        "comments_trusted_threshold": "0",
    }
    data.update(changes)
    return data


def test_admin_saves_a_valid_offset_table(admin_client, site_settings):
    response = admin_client.post(
        change_url(site_settings),
        form_data(site_settings, hijri_month_offsets='{"1447-09": 1}', hijri_default_offset="1"),
    )
    assert response.status_code == 302
    site_settings.refresh_from_db()
    assert site_settings.hijri_month_offsets == {"1447-09": 1}
    assert site_settings.hijri_default_offset == 1


def test_admin_refuses_a_bad_offset_table_naming_the_entry(admin_client, site_settings):
    response = admin_client.post(
        change_url(site_settings),
        form_data(site_settings, hijri_month_offsets='{"1447-13": 1, "1447-09": 9}'),
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["hijri_month_offsets"])
    assert "1447-13" in errors and "1447-09" in errors
    assert SiteSettings.load().hijri_month_offsets == {}


def test_admin_refuses_an_out_of_range_default_offset(admin_client, site_settings):
    response = admin_client.post(
        change_url(site_settings), form_data(site_settings, hijri_default_offset="7")
    )
    assert response.status_code == 200
    assert "hijri_default_offset" in response.context["adminform"].form.errors
    assert SiteSettings.load().hijri_default_offset == 0


def test_admin_refuses_text_that_is_not_json(admin_client, site_settings):
    response = admin_client.post(
        change_url(site_settings), form_data(site_settings, hijri_month_offsets="1447-09: 1")
    )
    assert response.status_code == 200
    assert "hijri_month_offsets" in response.context["adminform"].form.errors


def test_only_those_allowed_may_add_the_missing_settings_row(rf, make_staff_user, db):
    SiteSettings.objects.all().delete()
    model_admin = admin.site._registry[SiteSettings]
    request = rf.get("/")

    request.user = make_staff_user(role="reporter")
    assert model_admin.has_add_permission(request) is False

    request.user = make_staff_user(is_superuser=True)
    assert model_admin.has_add_permission(request) is True
    SiteSettings.load()  # the row exists again: nobody adds a second
    assert model_admin.has_add_permission(request) is False
