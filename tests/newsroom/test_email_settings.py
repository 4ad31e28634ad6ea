"""EMAIL_URL, read by django-environ, becomes Django 6.1's default mailer."""

import json

import pytest

from tests.newsroom.test_settings import PRODUCTION as PRODUCTION_CHECKED
from tests.newsroom.test_settings import manage

# Production settings without a sender of their own: the defaults are what is read here.
PRODUCTION = {k: v for k, v in PRODUCTION_CHECKED.items() if k != "DJANGO_DEFAULT_FROM_EMAIL"}

SHOW_MAILER = (
    "from django.conf import settings; import json; "
    "print(json.dumps([settings.MAILERS['default'], settings.DEFAULT_FROM_EMAIL]))"
)


def mailer(**env):
    result = manage("shell", "-c", SHOW_MAILER, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_prints_the_mails():
    default, _sender = mailer(DJANGO_DEBUG="true")
    assert default == {"BACKEND": "django.core.mail.backends.console.EmailBackend", "OPTIONS": {}}


def test_production_without_a_url_uses_the_machine_s_own_server():
    default, sender = mailer(**PRODUCTION)
    assert default["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (default["OPTIONS"]["host"], default["OPTIONS"]["port"]) == ("localhost", 25)
    assert sender == "newsroom@localhost"


@pytest.mark.parametrize(
    ("url", "tls", "ssl"),
    [
        ("smtp+tls://desk%40example.ma:p%40ss@smtp.example.ma:587", True, False),
        ("smtp+ssl://desk%40example.ma:p%40ss@smtp.example.ma:465", False, True),
    ],
)
def test_an_smtp_url_gives_the_server_its_account_and_encryption(url, tls, ssl):
    default, sender = mailer(
        **PRODUCTION,
        EMAIL_URL=url,
        DJANGO_EMAIL_TIMEOUT="7",
        DJANGO_DEFAULT_FROM_EMAIL="desk@example.ma",
    )
    assert default["OPTIONS"] == {
        "host": "smtp.example.ma",
        "port": 587 if tls else 465,
        "username": "desk@example.ma",
        "password": "p@ss",
        "use_tls": tls,
        "use_ssl": ssl,
        "timeout": 7,
    }
    assert sender == "desk@example.ma"


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("smtp+ssl://desk%40example.ma:p%40ss@smtp.example.ma", 465),
        ("smtp+tls://desk%40example.ma:p%40ss@smtp.example.ma", 587),
        ("smtp://smtp.example.ma", 25),
    ],
)
def test_a_url_without_a_port_takes_the_scheme_s_usual_port(url, port):
    result = manage(
        "shell",
        "-c",
        "from django.core.mail import mailers; print(mailers.default.port)",
        EMAIL_URL=url,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(port)
