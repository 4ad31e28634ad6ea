"""What belongs to one session: the set-up secret of an authenticator app, and the idle
timeout (which an open change page's heartbeat does not renew)."""

import base64
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Status
from tests.authors.staff.test_two_factor import sign_in_with_password
from tests.sign_in import sign_in


def code_for(secret):
    return f"{totp(base64.b32decode(secret), step=30, t0=0, digits=6):06d}"


def setup_secret(client):
    response = client.get(reverse("staff:setup"))
    assert response.status_code == 200
    return response.context["secret"]


@pytest.fixture
def editor(make_staff_user):
    return make_staff_user(role="editor")


@pytest.fixture
def two_sessions(client, editor):
    """The editor's password typed in two browsers (say, the thief's and the editor's)."""
    from django.test import Client

    other = Client()
    sign_in_with_password(client, editor)
    sign_in_with_password(other, editor)
    return client, other


def test_each_session_is_shown_its_own_secret(two_sessions):
    first, second = two_sessions

    assert setup_secret(first) != setup_secret(second)


def test_the_secret_stays_the_same_within_one_set_up_attempt(client, editor):
    sign_in_with_password(client, editor)

    assert setup_secret(client) == setup_secret(client)


def test_a_code_from_another_sessions_secret_confirms_nothing(two_sessions, editor):
    first, second = two_sessions
    first_secret = setup_secret(first)
    setup_secret(second)

    response = second.post(reverse("staff:setup"), {"token": code_for(first_secret)})

    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_the_confirmed_device_is_the_confirming_sessions_and_the_other_attempt_dies(
    two_sessions, editor
):
    thief, owner = two_sessions
    thief_secret = setup_secret(thief)
    owner_secret = setup_secret(owner)

    response = owner.post(reverse("staff:setup"), {"token": code_for(owner_secret)})

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=True)
    assert base64.b32encode(device.bin_key).decode() == owner_secret
    # The thief's secret is no second factor: its attempt is gone, and the set-up page now
    # asks the thief to verify with the owner's device first.
    assert not TOTPDevice.objects.filter(user=editor, confirmed=False).exists()
    late = thief.post(reverse("staff:setup"), {"token": code_for(thief_secret)})
    assert late.status_code == 302
    assert late["Location"].startswith(reverse("staff:verify"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


# -- idle timeout ------------------------------------------------------------------------------


@pytest.fixture
def editing(client, editor, make_article):
    """The editor signed in with both factors, with an article's change page open."""
    sign_in(client, editor)
    article = make_article(status=Status.DRAFT, created_by=editor)
    return client, article


def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def heartbeat(client, article):
    return client.post(reverse("admin:articles_article_presence", args=[article.pk]))


def test_a_heartbeat_does_not_renew_the_session(editing):
    client, article = editing
    before = session_expiry(client)

    for _beat in range(3):
        assert heartbeat(client, article).status_code == 200

    assert session_expiry(client) == before


def test_other_requests_still_renew_the_session(editing):
    client, article = editing
    before = session_expiry(client)

    client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert session_expiry(client) > before


def test_a_session_idle_past_the_timeout_with_only_heartbeats_is_signed_out(editing, settings):
    client, article = editing
    heartbeat(client, article)
    # The timeout passes while only the page's script speaks: as the heartbeats left the
    # expiry where the last real request put it, moving the clock past it is the same as
    # moving the expiry before the clock.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    beat = heartbeat(client, article)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert beat.status_code == 302 and "/login/" in beat["Location"]
    assert page.status_code == 302 and "/login/" in page["Location"]


def test_a_heartbeat_sets_no_session_cookie(editing, settings):
    client, article = editing

    response = heartbeat(client, article)

    assert settings.SESSION_COOKIE_NAME not in response.cookies
