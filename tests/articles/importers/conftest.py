"""Helpers for the importer tests: fixture paths and a way to run a command and get its exit."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NBSP = "\u00a0"
TAGLINE = "أول جريدة إلكترونية مغربية تتجدد على مدار الساعة"


def article_text(headline, byline, *paragraphs, closed=False):
    """A plain-text archive article in the newspaper's shape."""
    parts = [TAGLINE, headline, byline, NBSP, NBSP, *paragraphs]
    if closed:
        parts.append("التعليقات مغلقة.")
    return "\n\n".join(parts) + "\n"


@pytest.fixture
def run_command(db):
    """Run a management command; return (exit status, stdout, stderr)."""

    def run(name, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(name, *args, stdout=out, stderr=err)
        except CommandError as error:
            return error.returncode, out.getvalue(), err.getvalue() + str(error)
        return 0, out.getvalue(), err.getvalue()

    return run
