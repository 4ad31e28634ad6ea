"""Each staff member chooses their workflow e-mails on their own account page, and only there."""

import re

import pytest
from django.urls import reverse

from authors.models import NotificationPreferences


@pytest.fixture
def signed_in(client, make_staff_user, sign_in_with_second_factor):
    user = make_staff_user(role="editor", email="editor@example.ma")
    return sign_in_with_second_factor(client, user), user


def test_the_account_page_shows_every_event_ticked_by_default(signed_in):
    client, _user = signed_in
    response = client.get(reverse("staff:account"))
    assert response.status_code == 200
    html = response.content.decode()
    for event in NotificationPreferences.EVENTS:
        assert f'name="{event}"' in html
    assert html.count("checked") >= len(NotificationPreferences.EVENTS)
    assert "الإشعارات بالبريد الإلكتروني" in html
    assert "editor@example.ma" in html


def test_a_person_saves_their_own_choices(signed_in):
    client, user = signed_in
    response = client.post(
        reverse("staff:notification-preferences"), {"returned": "on", "published": "on"}
    )
    assert response.status_code == 302
    saved = NotificationPreferences.objects.get(user=user)
    assert (saved.submitted, saved.returned, saved.scheduled, saved.published) == (
        False,
        True,
        False,
        True,
    )
    assert not saved.taken_down
    page = client.get(reverse("staff:account")).content.decode()
    assert "checked" not in checkbox(page, "submitted")
    assert "checked" in checkbox(page, "returned")


def checkbox(page, name):
    return re.search(rf'<input type="checkbox" name="{name}"[^>]*>', page).group(0)


def test_nobody_can_change_another_person_s_choices(signed_in, make_staff_user):
    client, user = signed_in
    other = make_staff_user(role="reporter")
    client.post(
        reverse("staff:notification-preferences"),
        {"user": other.pk, "published": "on"},
    )
    assert not NotificationPreferences.objects.filter(user=other).exists()
    assert NotificationPreferences.objects.get(user=user).published


def test_the_choices_are_for_signed_in_staff_only(client, make_staff_user):
    response = client.post(reverse("staff:notification-preferences"), {"published": "on"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not NotificationPreferences.objects.exists()


def test_saving_takes_a_post(signed_in):
    client, _user = signed_in
    assert client.get(reverse("staff:notification-preferences")).status_code == 405


def test_an_account_without_an_address_is_told_so(
    client, make_staff_user, sign_in_with_second_factor
):
    user = make_staff_user(role="reporter", email="")
    sign_in_with_second_factor(client, user)
    html = client.get(reverse("staff:account")).content.decode()
    assert "ليس لحسابك عنوان بريد إلكتروني" in html
