"""site_settings_update: the one write path of the site's settings (who, what, record, purge)."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.exceptions import SiteSettingsNotPermitted
from articles.models import SiteSettings
from articles.services.site_settings import site_settings_update
from articles.signals import site_settings_changed
from tests.sign_in import sign_in


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", False), ("chief", True)],
)
def test_only_the_editor_in_chief_changes_the_site_settings(role, allowed, staff, site_settings):
    if allowed:
        site_settings_update(actor=staff[role], changes={"name": "جريدة الغد"})
    else:
        with pytest.raises(SiteSettingsNotPermitted):
            site_settings_update(actor=staff[role], changes={"name": "جريدة الغد"})
    stored = SiteSettings.objects.get()
    assert (stored.name == "جريدة الغد") is allowed
    assert LogEntry.objects.exists() is allowed


def test_a_command_acting_for_nobody_cannot_change_them(site_settings):
    with pytest.raises(SiteSettingsNotPermitted):
        site_settings_update(actor=None, changes={"comments_enabled": True})
    assert SiteSettings.objects.get().comments_enabled is False


def test_an_invalid_value_is_refused_and_nothing_is_saved(staff, site_settings):
    with pytest.raises(ValidationError) as refusal:
        site_settings_update(
            actor=staff["chief"],
            changes={"name": "اسم جديد", "hijri_month_offsets": {"1447-13": 1}},
        )
    assert "hijri_month_offsets" in refusal.value.message_dict
    stored = SiteSettings.objects.get()
    assert (stored.name, stored.hijri_month_offsets) == (site_settings.name, {})
    assert not LogEntry.objects.exists()


def test_an_unknown_field_is_refused_by_name(staff, site_settings):
    with pytest.raises(ValueError, match="colour"):
        site_settings_update(actor=staff["chief"], changes={"colour": "red"})


def test_only_changed_fields_are_saved_and_recorded_with_their_names(staff, site_settings):
    site_settings_update(
        actor=staff["chief"],
        changes={"name": site_settings.name, "tagline": "شعار", "show_hijri_date": False},
    )
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_id) == (staff["chief"], CHANGE, "1")
    assert "masthead tagline" in entry.change_message
    assert "show the Hijri date" in entry.change_message
    assert "newspaper name" not in entry.change_message


def test_the_change_is_announced_after_the_commit_only(
    staff, site_settings, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, fields, **kwargs):
        heard.append(fields)

    site_settings_changed.connect(receiver, sender=SiteSettings)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            site_settings_update(actor=staff["chief"], changes={"comments_enabled": True})
        assert heard == []
        for callback in callbacks:
            callback()
        assert heard == [["comments_enabled"]]
        with django_capture_on_commit_callbacks(execute=True):
            site_settings_update(actor=staff["chief"], changes={"comments_enabled": True})
        assert heard == [["comments_enabled"]]  # nothing changed: nothing announced
    finally:
        site_settings_changed.disconnect(receiver, sender=SiteSettings)


def test_the_admin_saves_through_the_service_and_records_the_change_once(
    client, staff, site_settings, django_capture_on_commit_callbacks
):
    sign_in(client, staff["chief"])
    url = reverse("admin:articles_sitesettings_change", args=[site_settings.pk])
    data = {
        "name": "جريدة الغد",
        "tagline": site_settings.tagline,
        "show_hijri_date": "on",
        "hijri_default_offset": "0",
        "hijri_month_offsets": "{}",
        "comments_auto_close_days": "14",
        "comments_trusted_threshold": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert SiteSettings.load().name == "جريدة الغد"
    entry = LogEntry.objects.get()
    assert entry.user == staff["chief"] and "newspaper name" in entry.change_message
    history = client.get(reverse("admin:articles_sitesettings_history", args=[site_settings.pk]))
    assert history.status_code == 200


def test_an_editor_cannot_reach_the_settings_in_the_admin(client, staff, site_settings):
    sign_in(client, staff["editor"])
    url = reverse("admin:articles_sitesettings_change", args=[site_settings.pk])
    response = client.post(url, {"name": "جريدة أخرى"})
    assert response.status_code == 403
    assert SiteSettings.objects.get().name == site_settings.name
