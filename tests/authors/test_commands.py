import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_first_admin_account_gets_a_random_password_printed_once(db):
    output = run("create_admin_account")

    password = re.search(r"Password \(shown only this once\): (\S+)", output).group(1)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert len(password) >= 16
    assert "changepassword admin" in output


def test_passwords_differ_between_installations(db):
    first = re.search(r"once\): (\S+)", run("create_admin_account")).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"once\): (\S+)", run("create_admin_account")).group(1)

    assert first != second


def test_second_run_keeps_the_existing_account(db):
    run("create_admin_account")
    password_hash = get_user_model().objects.get(username="admin").password

    output = run("create_admin_account")

    assert "already exists" in output
    assert "Password" not in output
    assert get_user_model().objects.get(username="admin").password == password_hash
