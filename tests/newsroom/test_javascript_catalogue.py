"""The admin's JavaScript catalogue (jsi18n) speaks Moroccan Arabic: Django's date and time
pickers and django-prose-editor's dialogs, whose strings our djangojs.po gives or overrides."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import django
import django_prose_editor
import polib
import pytest
from django.urls import reverse

from tests.newsroom.test_locale import MOROCCAN_MONTHS

ADMIN_JS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js"
DATE_PICKER_SCRIPTS = [ADMIN_JS / "calendar.js", ADMIN_JS / "admin" / "DateTimeShortcuts.js"]
PROSE_EDITOR_MAP = (
    Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor" / "editor.js.map"
)
# Placeholders and the names of the formats they stand for are not words a reader sees.
PLACEHOLDERS = re.compile(r"%\(\w+\)s|%s|HTML|URL")
LATIN = re.compile(r"[A-Za-z]")
CONTEXT_SEPARATOR = "\x04"


@pytest.fixture
def catalogue(admin_client):
    """The admin's JavaScript catalogue as the browser gets it: {msgid: translation}."""
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))


def extract(sources, tmp_path, keywords=("gettext", "gettext_noop", "ngettext:1,2")):
    """[(context, msgid)] of the gettext calls in `sources` (files), as xgettext finds them."""
    xgettext = shutil.which("xgettext")
    assert xgettext, "xgettext is missing: install gettext (the Makefile does)"
    output = tmp_path / "extracted.po"
    subprocess.run(
        [xgettext, "--language=JavaScript", "--from-code=UTF-8", "--keyword=pgettext:1c,2"]
        + [f"--keyword={keyword}" for keyword in keywords]
        + ["-o", str(output), *map(str, sources)],
        check=True,
        capture_output=True,
    )
    return [(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(output)) if entry.msgid]


def translated(catalogue, context, msgid):
    key = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid
    value = catalogue.get(key)
    # Plural entries are lists, one form per count.
    return value if isinstance(value, list) else [value] if value is not None else []


def english_left(catalogue, strings):
    """The strings the catalogue lacks or still gives with an English word."""
    return [
        (context, msgid)
        for context, msgid in strings
        if not (forms := translated(catalogue, context, msgid))
        or any(LATIN.search(PLACEHOLDERS.sub("", form)) for form in forms)
    ]


def test_every_string_of_the_date_and_time_pickers_is_arabic(catalogue, tmp_path):
    strings = extract(DATE_PICKER_SCRIPTS, tmp_path)

    assert ("one letter Sunday", "S") in strings
    assert english_left(catalogue, strings) == []


def test_the_date_picker_names_the_months_as_in_morocco(catalogue):
    english = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    assert [catalogue[month] for month in english] == MOROCCAN_MONTHS
    abbreviated = [
        catalogue[f"abbrev. month {month}{CONTEXT_SEPARATOR}{month[:3]}"] for month in english
    ]
    assert abbreviated == MOROCCAN_MONTHS


def test_the_calendars_day_columns_are_one_letter_each(catalogue):
    # Django's `ar` gives whole words here, and the seven columns overflow the popup.
    days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    letters = [catalogue[f"one letter {day}{CONTEXT_SEPARATOR}{day[0]}"] for day in days]
    assert letters == ["ح", "ن", "ث", "ر", "خ", "ج", "س"]


def test_a_day_reads_day_month_year_as_on_the_site(catalogue):
    assert catalogue["%(month)s %(day)s, %(year)s"] == "%(day)s %(month)s %(year)s"
    assert catalogue["Today (%(date)s)"] == "اليوم (%(date)s)"


def test_every_string_the_body_editor_package_translates_is_arabic(catalogue, tmp_path):
    # The package ships its script minified; its source map holds the sources, gettext calls
    # included ("Edit Link", "URL", "Title", "Update"…).
    source_map = json.loads(PROSE_EDITOR_MAP.read_text())
    sources = []
    for name, content in zip(source_map["sources"], source_map["sourcesContent"], strict=True):
        if name.startswith("src/") and name.endswith(".js"):
            path = tmp_path / name.replace("/", "_")
            path.write_text(content)
            sources.append(path)

    strings = extract(sources, tmp_path, keywords=("gettext",))

    assert (None, "Edit Link") in strings
    assert english_left(catalogue, strings) == []
    assert catalogue["Edit Link"] == "تعديل الرابط"
