"""The staff-security packages show Arabic app and model names in the admin."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential, WebAuthnUserHandle

LATIN = re.compile(r"[A-Za-z]")


def test_every_app_and_model_on_the_admin_index_has_an_arabic_name(admin_client):
    with translation.override("ar-ma"):
        response = admin_client.get(reverse("admin:index"))

    names = [
        name
        for app in response.context["app_list"]
        for name in [app["name"], *(model["name"] for model in app["models"])]
    ]
    assert len(names) > 20  # every app of the index, the superuser sees them all
    assert [name for name in names if LATIN.search(str(name))] == []
    page = response.content.decode()
    for label in ("Otp_Totp", "Otp_Static", "Axes", "TOTP devices", "Static devices"):
        assert label not in page


@pytest.mark.parametrize(
    ("label", "arabic"),
    [
        ("otp_totp", "العامل الثاني: تطبيقات المصادقة"),
        ("otp_static", "العامل الثاني: الرموز الاحتياطية"),
        ("django_otp_webauthn", "العامل الثاني: مفاتيح المرور"),
        ("axes", "حماية الدخول"),
    ],
)
def test_the_security_packages_are_installed_under_arabic_names(label, arabic):
    with translation.override("ar-ma"):
        assert str(apps.get_app_config(label).verbose_name) == arabic


@pytest.mark.parametrize(
    "model",
    [
        TOTPDevice,
        StaticDevice,
        StaticToken,
        WebAuthnCredential,
        WebAuthnAttestation,
        WebAuthnUserHandle,
        AccessAttempt,
        AccessFailureLog,
        AccessLog,
    ],
)
def test_the_security_packages_models_have_arabic_names(model):
    # Also where the admin lists them outside the index: permission lists, inlines.
    with translation.override("ar-ma"):
        names = [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]

    assert [name for name in names if LATIN.search(name) or not name.strip()] == []


def test_the_otp_model_names_read_as_the_newsroom_calls_them():
    with translation.override("ar-ma"):
        assert str(TOTPDevice._meta.verbose_name_plural) == "تطبيقات المصادقة"
        assert str(StaticToken._meta.verbose_name_plural) == "رموز احتياطية"
        # django-axes' own Arabic, corrected in our catalogue.
        assert str(AccessFailureLog._meta.verbose_name) == "دخول فاشل"


def test_renaming_the_otp_models_leaves_their_migrations_alone(db):
    # The names are set on _meta, not through Meta: the migration state does not change.
    call_command("makemigrations", "otp_totp", "otp_static", check=True, dry_run=True)
