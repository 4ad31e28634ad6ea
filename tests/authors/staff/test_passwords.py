"""Passwords are stored with Argon2 in production and checked by Django's validators."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from newsroom import settings as project_settings


def test_production_hashes_passwords_with_argon2_first():
    # The test suite swaps in a fast hasher (tests/conftest.py); the project's own setting is
    # read here, unaffected by that swap.
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_argon2_hashes_and_checks_a_password(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS

    encoded = make_password("كلمة سر طويلة بما يكفي 2026")

    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("كلمة سر طويلة بما يكفي 2026", encoded)
    assert not check_password("كلمة سر أخرى", encoded)


@pytest.mark.parametrize("weak", ["12345678", "password", "short"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)
