from datetime import date

import pytest
from django.core.exceptions import ValidationError

from articles.public.hijri import moroccan_hijri_date, validate_month_offsets

# Umm al-Qura: 1 Ramadan 1447 is 18 February 2026, 1 Shawwal 1447 is 20 March 2026.
RAMADAN_START = date(2026, 2, 18)
SHAWWAL_START = date(2026, 3, 20)


def test_without_offsets_the_date_is_umm_al_qura():
    hijri = moroccan_hijri_date(RAMADAN_START)
    assert (hijri.year, hijri.month, hijri.day) == (1447, 9, 1)
    assert str(hijri) == "1 رمضان 1447"


def test_month_offset_moves_the_first_day_one_day_later():
    offsets = {"1447-09": 1}
    before = moroccan_hijri_date(RAMADAN_START, offsets)
    first = moroccan_hijri_date(date(2026, 2, 19), offsets)
    assert (before.month, before.day) == (8, 30)
    assert (first.month, first.day) == (9, 1)


def test_offset_applies_only_to_its_month():
    offsets = {"1447-09": 1}
    # Ramadan started a day late and Shawwal on Umm al-Qura's day: Ramadan has 29 days.
    last_of_ramadan = moroccan_hijri_date(SHAWWAL_START - date.resolution, offsets)
    eid = moroccan_hijri_date(SHAWWAL_START, offsets)
    assert (last_of_ramadan.month, last_of_ramadan.day) == (9, 29)
    assert (eid.month, eid.day) == (10, 1)


def test_default_offset_applies_to_every_unlisted_month():
    hijri = moroccan_hijri_date(SHAWWAL_START, {}, default_offset=1)
    assert (hijri.month, hijri.day) == (9, 30)


def test_listed_month_overrides_default_offset():
    hijri = moroccan_hijri_date(SHAWWAL_START, {"1447-10": 0}, default_offset=1)
    assert (hijri.month, hijri.day) == (10, 1)


def test_offset_across_the_year_boundary():
    # 1 Muharram 1448 (Umm al-Qura) is 16 June 2026.
    hijri = moroccan_hijri_date(date(2026, 6, 16), {"1448-01": 1})
    assert (hijri.year, hijri.month) == (1447, 12)


def test_dates_outside_the_table_give_none():
    assert moroccan_hijri_date(date(1800, 1, 1)) is None


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"1447-9": 1}, "1447-9"),
        ({"1447-13": 1}, "1447-13"),
        ({"1200-01": 1}, "1200-01"),
        ({"1447-09": 5}, "1447-09"),
        ({"1447-09": "1"}, "1447-09"),
        ([1, 2], "1447-09"),
    ],
)
def test_bad_offset_tables_are_refused_with_the_entry_named(table, fragment):
    with pytest.raises(ValidationError) as error:
        validate_month_offsets(table)
    assert fragment in " ".join(error.value.messages)


def test_good_offset_table_is_accepted():
    validate_month_offsets({"1447-09": 1, "1447-10": 0, "1448-01": -1})
