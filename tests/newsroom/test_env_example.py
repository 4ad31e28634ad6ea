"""`.env.example` documents every variable the settings and the gunicorn configuration read."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READERS = {
    "newsroom/settings.py": re.compile(
        r"""(?:env(?:\.\w+)?|environ\.get|os\.environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    ),
    "deploy/gunicorn.conf.py": re.compile(
        r"""(?:_int|environ\.get|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    ),
}
# Read by the settings only to tell a test run or a management command apart; not for operators.
NOT_FOR_OPERATORS = {"DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST"}


def variables_read(path):
    return set(READERS[path].findall((ROOT / path).read_text())) - NOT_FOR_OPERATORS


@pytest.mark.parametrize("path", sorted(READERS))
def test_every_variable_read_is_in_the_env_example(path):
    documented = (ROOT / ".env.example").read_text()
    read = variables_read(path)
    assert len(read) > 5  # the pattern still finds what the file reads
    assert sorted(name for name in read if name not in documented) == []
