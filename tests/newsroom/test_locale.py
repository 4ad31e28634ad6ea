from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
from django.conf import settings
from django.utils import formats, translation
from django.utils.dateformat import format as date_format

PO_PATH = Path(settings.BASE_DIR) / "locale" / "ar_MA" / "LC_MESSAGES" / "django.po"
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


def test_every_project_string_is_translated():
    catalogue = polib.pofile(str(PO_PATH))

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_agrees_with_the_po_file():
    catalogue = polib.pofile(str(PO_PATH))
    compiled = polib.mofile(str(PO_PATH.with_suffix(".mo")))

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
