"""Passkeys as a second factor, with chromium's virtual authenticator standing in for a key."""

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from authors.staff.models import EventKind, SecurityEvent
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def passkey_settings(settings, live_server):
    # A passkey belongs to a domain and is accepted only from listed origins.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_an_editor_adds_a_passkey_and_then_signs_in_with_it(
    live_server, passkey_settings, watched_page, sign_in_in_browser, make_staff_user
):
    editor = make_staff_user(role="editor")
    page = watched_page.page
    add_virtual_authenticator(page)
    sign_in_in_browser(watched_page, editor)

    watched_page.visit(live_server.url + reverse("staff:account"))
    page.click("#passkey-register-button")
    page.wait_for_selector('#passkey-register-status-message[data-status-enum="success"]')
    assert WebAuthnCredential.objects.filter(user=editor).count() == 1
    assert SecurityEvent.objects.filter(
        user=editor,
        kind=EventKind.SECOND_FACTOR_ENROLLED,
        note=WebAuthnCredential.objects.get().name,
    ).exists()

    page.click("#logout-form button")
    watched_page.visit(live_server.url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{reverse('staff:verify')}**")
    page.click("#passkey-verification-button")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    assert page.locator("#user-tools").count() == 1
    assert watched_page.csp_violations() == []
    assert SecurityEvent.objects.filter(user=editor, kind=EventKind.SIGNED_IN).count() == 2
    assert SecurityEvent.objects.filter(
        user=editor,
        kind=EventKind.SECOND_FACTOR_VERIFIED,
        note=WebAuthnCredential.objects.get().name,
    ).exists()
