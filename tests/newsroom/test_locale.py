import json
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.dateformat import format as date_format

PO_PATH = Path(settings.BASE_DIR) / "locale" / "ar_MA" / "LC_MESSAGES" / "django.po"
JS_PO_PATH = PO_PATH.with_name("djangojs.po")
MOROCCAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("code", ["F", "N", "E", "M", "b"])
def test_every_month_form_has_its_moroccan_name(month, code):
    # F full, N Associated Press, E "alt. month", M and b abbreviated (b is lower-case).
    with translation.override("ar-ma"):
        assert date_format(date(2026, month, 1), code) == MOROCCAN_MONTHS[month - 1]


def test_dates_read_as_in_morocco():
    moment = datetime(2026, 11, 28, 21, 7, tzinfo=ZoneInfo("Africa/Casablanca"))

    with translation.override("ar-ma"):
        assert formats.date_format(moment, "DATE_FORMAT") == "28 نونبر 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "28 نونبر 2026، 21:07"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert formats.number_format(2026) == "2026"  # Western digits


def test_time_zone_is_casablanca():
    assert settings.TIME_ZONE == "Africa/Casablanca"
    assert settings.USE_TZ is True


@pytest.mark.parametrize("po_path", [PO_PATH, JS_PO_PATH], ids=["django", "djangojs"])
def test_every_project_string_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", [PO_PATH, JS_PO_PATH], ids=["django", "djangojs"])
def test_compiled_catalogue_agrees_with_the_po_file(po_path):
    catalogue = polib.pofile(str(po_path))
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))

    def entries(cat):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in cat
            if not e.obsolete and e.msgid
        }

    assert entries(compiled) == entries(catalogue)


def test_django_falls_back_to_its_arabic_catalogue_for_strings_we_do_not_override():
    with translation.override("ar-ma"):
        assert translation.gettext("Log in") == "ادخل"


def test_every_string_of_our_scripts_is_in_the_javascript_catalogue(tmp_path):
    # What `make makemessages` extracts from static/articles/js, found in djangojs.po.
    xgettext = shutil.which("xgettext")
    assert xgettext, "xgettext is missing: install gettext (the Makefile does)"
    scripts = sorted((Path(settings.BASE_DIR) / "static" / "articles" / "js").glob("*.js"))
    extracted = tmp_path / "scripts.po"
    subprocess.run(
        [xgettext, "--language=JavaScript", "--from-code=UTF-8", "--keyword=gettext"]
        + ["--keyword=ngettext:1,2", "--keyword=pgettext:1c,2", "-o", str(extracted)]
        + [str(script) for script in scripts],
        check=True,
    )
    catalogue = {entry.msgid for entry in polib.pofile(str(JS_PO_PATH)) if not entry.obsolete}

    wanted = {entry.msgid for entry in polib.pofile(str(extracted)) if entry.msgid}

    assert "Insert a picture" in wanted
    assert wanted - catalogue == set()


def test_the_body_editors_strings_reach_the_admin_in_arabic(admin_client):
    # The article change page loads the admin's jsi18n before the editor's module.
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()

    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    assert catalogue["Insert a picture"] == "إدراج صورة"
    assert catalogue["Remove caption"] == "حذف التعليق"
