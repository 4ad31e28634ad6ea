"""Two-factor sign-in: who must use it, enrolment, verification, backup codes, resets."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django_otp import user_has_device
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from authors.staff.models import EventKind, SecurityEvent
from authors.staff.services import backup_codes_renew, second_factor_reset
from tests.conftest import STAFF_PASSWORD


def sign_in_with_password(client, user):
    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": STAFF_PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def confirmed_authenticator(user):
    return TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)


def landing(client, url, **extra):
    """Where `url` finally sends the browser (the admin's sign-in page passes a session that
    owes its second factor on to verification or set-up)."""
    response = client.get(url, follow=True, **extra)
    return response.redirect_chain[-1][0] if response.redirect_chain else None


@pytest.mark.parametrize("role", ["editor", "editor-in-chief"])
def test_editors_without_a_second_factor_are_sent_to_set_one_up(client, make_staff_user, role):
    user = make_staff_user(role=role)
    sign_in_with_password(client, user)

    assert landing(client, reverse("admin:articles_article_changelist")).startswith(
        reverse("staff:setup")
    )


def test_a_superuser_must_verify_before_the_admin(client, make_staff_user):
    user = make_staff_user(is_superuser=True)
    confirmed_authenticator(user)
    sign_in_with_password(client, user)

    assert landing(client, reverse("admin:index")).startswith(reverse("staff:verify"))


def test_a_reporter_without_a_second_factor_reaches_the_admin(client, make_staff_user):
    reporter = make_staff_user(role="reporter")
    sign_in_with_password(client, reporter)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_a_reporter_who_chose_a_second_factor_must_verify_it(client, make_staff_user):
    reporter = make_staff_user(role="reporter")
    confirmed_authenticator(reporter)
    sign_in_with_password(client, reporter)

    assert landing(client, reverse("admin:index")).startswith(reverse("staff:verify"))


def test_the_public_site_never_asks_for_a_second_factor(client, make_staff_user, make_article):
    article = make_article()
    sign_in_with_password(client, make_staff_user(role="editor"))

    assert client.get(article.get_absolute_url()).status_code == 200


def test_enrolment_shows_a_qr_code_and_confirming_a_code_gives_backup_codes(
    client, make_staff_user
):
    editor = make_staff_user(role="editor")
    sign_in_with_password(client, editor)

    page = client.get(reverse("staff:setup")).content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'lang="ar-ma"' in page and 'dir="rtl"' in page

    response = client.post(reverse("staff:setup"), {"token": current_code(device)})

    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r'<li><code dir="ltr">([a-z0-9]+)</code></li>', response.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("admin:index")).status_code == 200
    assert SecurityEvent.objects.filter(user=editor, kind=EventKind.SECOND_FACTOR_ENROLLED).exists()


def test_a_wrong_enrolment_code_confirms_nothing(client, make_staff_user):
    editor = make_staff_user(role="editor")
    sign_in_with_password(client, editor)
    client.get(reverse("staff:setup"))

    response = client.post(reverse("staff:setup"), {"token": "000000"})

    assert response.status_code == 200
    assert not user_has_device(editor)
    assert client.get(reverse("admin:index")).status_code == 302


def test_enrolment_cannot_add_a_device_before_verifying_the_existing_one(client, make_staff_user):
    editor = make_staff_user(role="editor")
    confirmed_authenticator(editor)
    sign_in_with_password(client, editor)

    response = client.get(reverse("staff:setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:verify"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_code_from_the_authenticator_app_opens_the_admin(client, make_staff_user):
    editor = make_staff_user(role="editor")
    device = confirmed_authenticator(editor)
    sign_in_with_password(client, editor)

    response = client.post(
        reverse("staff:verify"), {"token": current_code(device), "next": reverse("admin:index")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    assert SecurityEvent.objects.filter(user=editor, kind=EventKind.SECOND_FACTOR_VERIFIED).exists()


def test_a_wrong_code_is_refused_in_arabic_and_logged(client, make_staff_user):
    editor = make_staff_user(role="editor")
    confirmed_authenticator(editor)
    sign_in_with_password(client, editor)

    response = client.post(reverse("staff:verify"), {"token": "123456"})

    assert response.status_code == 200
    with translation.override("ar-ma"):
        expected = translation.gettext(
            "This code is not valid. Check your phone's clock, or use a backup code."
        )
    assert expected in response.content.decode()
    assert expected != "This code is not valid. Check your phone's clock, or use a backup code."
    assert client.get(reverse("admin:index")).status_code == 302
    assert SecurityEvent.objects.filter(user=editor, kind=EventKind.SECOND_FACTOR_FAILED).exists()


def test_a_backup_code_works_once(client, make_staff_user):
    editor = make_staff_user(role="editor")
    confirmed_authenticator(editor)
    code = backup_codes_renew(user=editor)[0]
    sign_in_with_password(client, editor)

    client.post(reverse("staff:verify"), {"token": code})

    assert client.get(reverse("admin:index")).status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()
    client.post(reverse("admin:logout"))
    sign_in_with_password(client, editor)
    client.post(reverse("staff:verify"), {"token": code})
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_verify_page_ignores_a_next_address_on_another_site(client, make_staff_user):
    editor = make_staff_user(role="editor")
    device = confirmed_authenticator(editor)
    sign_in_with_password(client, editor)

    response = client.post(
        reverse("staff:verify"), {"token": current_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("admin:index")


def test_the_editor_in_chief_resets_a_colleagues_second_factor_and_it_is_audited(
    client, make_staff_user, sign_in_with_second_factor
):
    chief = make_staff_user(role="editor-in-chief")
    chief.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    editor = make_staff_user(role="editor")
    confirmed_authenticator(editor)
    sign_in_with_second_factor(client, chief)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [editor.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert not user_has_device(editor)
    event = SecurityEvent.objects.get(kind=EventKind.SECOND_FACTOR_RESET)
    assert (event.user, event.actor) == (editor, chief)


def test_an_editor_cannot_reset_a_second_factor(
    client, make_staff_user, sign_in_with_second_factor
):
    editor = make_staff_user(role="editor")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    colleague = make_staff_user(role="editor")
    confirmed_authenticator(colleague)
    sign_in_with_second_factor(client, editor)

    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [colleague.pk]},
    )

    assert "reset_second_factor" not in page
    assert user_has_device(colleague)
    assert not SecurityEvent.objects.filter(kind=EventKind.SECOND_FACTOR_RESET).exists()


def test_a_reset_ends_the_colleagues_open_sessions(
    client, make_staff_user, sign_in_with_second_factor
):
    chief = make_staff_user(role="editor-in-chief")
    editor = make_staff_user(role="editor")
    sign_in_with_second_factor(client, editor)
    assert client.get(reverse("admin:index")).status_code == 200

    second_factor_reset(user=editor, actor=chief)

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_passkey_scripts_speak_moroccan_arabic(admin_client):
    response = admin_client.get(reverse("otp_webauthn:js-i18n-catalog"))

    assert response.status_code == 200
    page = response.content.decode()
    arabic = "تحقق بمفتاح مرور"
    assert arabic in page or json.dumps(arabic)[1:-1] in page
