"""Throttled sign-ins, the security log, idle sessions and "sign out everywhere"."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from authors.staff.models import EventKind, SecurityEvent
from newsroom.proxies import axes_ipware_settings
from tests.conftest import STAFF_PASSWORD
from tests.sign_in import sign_in


def attempt(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def behind_proxies(settings, count):
    """Settings as NEWSROOM_TRUSTED_PROXY_COUNT=`count` makes them."""
    for name, value in axes_ipware_settings(count).items():
        setattr(settings, name, value)


def arabic(text):
    with translation.override("ar-ma"):
        return translation.gettext(text)


def test_an_account_is_locked_after_repeated_failures_with_an_arabic_message(
    client, make_staff_user
):
    user = make_staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, user.username, "wrong").status_code == 200

    locked = attempt(client, user.username, "wrong")
    with_right_password = attempt(client, user.username, STAFF_PASSWORD)

    assert locked.status_code == 429
    assert arabic("Sign-in blocked for now") in locked.content.decode()
    assert arabic("Sign-in blocked for now") != "Sign-in blocked for now"
    assert with_right_password.status_code == 429
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=EventKind.LOCKED_OUT, username=user.username).exists()


def test_a_lockout_keeps_the_attacker_out_not_the_owner_at_another_address(client, make_staff_user):
    user = make_staff_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "wrong", address="198.51.100.1")

    attacker = attempt(Client(), user.username, STAFF_PASSWORD, address="198.51.100.1")
    owner = attempt(Client(), user.username, STAFF_PASSWORD, address="192.0.2.99")

    assert attacker.status_code == 429
    assert owner.status_code == 302


def test_other_addresses_and_accounts_still_sign_in_during_a_lockout(client, make_staff_user):
    target, bystander = make_staff_user(), make_staff_user(role="reporter")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, target.username, "wrong", address="203.0.113.60")

    response = attempt(Client(), bystander.username, STAFF_PASSWORD, address="192.0.2.10")

    assert response.status_code == 302


def test_sign_ins_and_failures_are_logged(client, make_staff_user):
    user = make_staff_user(role="reporter")

    attempt(client, user.username, "wrong")
    attempt(client, "nobody-by-this-name", "wrong")
    attempt(client, user.username, STAFF_PASSWORD)

    events = list(
        SecurityEvent.objects.order_by("id").values_list("kind", "username", "ip_address")
    )
    assert events == [
        (EventKind.SIGN_IN_FAILED, user.username, "203.0.113.7"),
        (EventKind.SIGN_IN_FAILED, "nobody-by-this-name", "203.0.113.7"),
        (EventKind.SIGNED_IN, user.username, "203.0.113.7"),
    ]


def test_the_editor_in_chief_reads_the_security_log(
    client, make_staff_user, sign_in_with_second_factor
):
    chief = make_staff_user(role="editor-in-chief")
    attempt(Client(), "intruder", "guess")
    sign_in_with_second_factor(client, chief)

    listing = client.get(reverse("admin:staff_securityevent_changelist"))
    index = client.get(reverse("admin:index")).content.decode()

    assert listing.status_code == 200
    assert "intruder" in listing.content.decode()
    assert reverse("admin:staff_securityevent_changelist") in index


def test_the_security_log_cannot_be_edited_or_deleted_even_by_a_superuser(admin_client):
    event = SecurityEvent.objects.create(kind=EventKind.SIGN_IN_FAILED, username="x")

    add = admin_client.get(reverse("admin:staff_securityevent_add"))
    delete = admin_client.post(reverse("admin:staff_securityevent_delete", args=[event.pk]))
    change = admin_client.post(
        reverse("admin:staff_securityevent_change", args=[event.pk]), {"username": "y"}
    )

    assert add.status_code == 403
    assert delete.status_code == 403
    assert change.status_code == 403
    event.refresh_from_db()
    assert event.username == "x"


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_reporters_and_editors_cannot_see_the_security_log(
    client, make_staff_user, sign_in_with_second_factor, role
):
    sign_in_with_second_factor(client, make_staff_user(role=role))

    response = client.get(reverse("admin:staff_securityevent_changelist"))

    assert response.status_code == 403


def test_sessions_end_after_inactivity_and_are_renewed_by_each_request():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60 * 12


def test_signing_out_everywhere_ends_every_session_of_the_account(
    make_staff_user, sign_in_with_second_factor
):
    editor = make_staff_user(role="editor")
    laptop, phone = sign_in_with_second_factor(Client(), editor), Client()
    sign_in(phone, editor)
    phone_session = phone.session
    phone_session.update(laptop.session.items())
    phone_session.save()
    assert phone.get(reverse("admin:index")).status_code == 200

    response = laptop.post(reverse("staff:sign-out-everywhere"))

    assert response.status_code == 302
    for browser in (laptop, phone):
        after = browser.get(reverse("admin:index"))
        assert after.status_code == 302
        assert after["Location"].startswith(reverse("admin:login"))
    assert SecurityEvent.objects.filter(user=editor, kind=EventKind.SIGNED_OUT_EVERYWHERE).exists()


def test_signing_out_everywhere_leaves_colleagues_signed_in(
    make_staff_user, sign_in_with_second_factor
):
    editor, colleague = make_staff_user(role="editor"), make_staff_user(role="editor")
    mine = sign_in_with_second_factor(Client(), editor)
    theirs = sign_in_with_second_factor(Client(), colleague)

    mine.post(reverse("staff:sign-out-everywhere"))

    assert theirs.get(reverse("admin:index")).status_code == 200


def test_the_account_security_page_offers_sign_out_everywhere_in_arabic(admin_client):
    page = admin_client.get(reverse("staff:account")).content.decode()

    assert reverse("staff:sign-out-everywhere") in page
    assert arabic("Sign out everywhere") in page
    assert reverse("staff:account") in admin_client.get(reverse("admin:index")).content.decode()


def test_behind_nginx_lockouts_and_the_log_name_the_client_not_the_proxy(
    client, make_staff_user, settings
):
    behind_proxies(settings, 1)
    user = make_staff_user(role="editor")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(
            client, user.username, "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.2"
        )

    locked = attempt(
        Client(), user.username, STAFF_PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.2"
    )
    owner = attempt(
        Client(), user.username, STAFF_PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.3"
    )

    assert locked.status_code == 429
    assert owner.status_code == 302
    addresses = dict(
        SecurityEvent.objects.filter(username=user.username).values_list("kind", "ip_address")
    )
    assert addresses[EventKind.SIGN_IN_FAILED] == "127.0.0.2"
    assert addresses[EventKind.LOCKED_OUT] == "127.0.0.2"
    assert addresses[EventKind.SIGNED_IN] == "127.0.0.3"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.2"}


@pytest.mark.parametrize(
    ("count", "forwarded_for", "seen"),
    [
        # No proxy trusted: the header is the client's own word and is ignored.
        (0, "192.0.2.1", "203.0.113.7"),
        # nginx alone replaces the header with the one address it saw.
        (1, "198.51.100.4", "198.51.100.4"),
        # A CDN in front of nginx: the client is left of the CDN's entry; whatever the client
        # wrote further left is not read.
        (2, "192.0.2.1, 198.51.100.4, 203.0.113.200", "198.51.100.4"),
        (2, "198.51.100.4, 203.0.113.200", "198.51.100.4"),
    ],
)
def test_the_security_log_reads_the_address_the_trusted_proxies_saw(
    client, db, settings, count, forwarded_for, seen
):
    behind_proxies(settings, count)

    attempt(client, "nobody", "wrong", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert SecurityEvent.objects.get().ip_address == seen
    assert AccessAttempt.objects.get().ip_address == seen
