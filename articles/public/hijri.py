"""The Hijri date as Morocco announces it: Umm al-Qura (hijridate) corrected month by month.

Morocco's Ministry of Habous sights the crescent itself, so its month may start a day after
(or, rarely, before) Umm al-Qura's, and not every month. Editors record the difference in the
site settings: a default offset and a table of per-month exceptions, keyed "YYYY-MM" (Hijri).
A month's offset is how many days the Moroccan first day falls after Umm al-Qura's.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from hijridate import Gregorian, Hijri

# hijridate's Umm al-Qura table covers these Hijri years.
FIRST_YEAR, LAST_YEAR = 1343, 1500
MAX_OFFSET = 2
_KEY = re.compile(r"^(\d{4})-(\d{2})$")

MONTH_NAMES = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
]


@dataclass(frozen=True)
class HijriDate:
    year: int
    month: int
    day: int

    @property
    def month_name(self):
        return MONTH_NAMES[self.month - 1]

    def __str__(self):
        return f"{self.day} {self.month_name} {self.year}"


def validate_month_offsets(table):
    """Raise ValidationError naming each bad entry of a {"YYYY-MM": days} table."""
    if not isinstance(table, dict):
        raise ValidationError(
            _('Write the offsets as {"1447-09": 1, "1447-10": 0}: Hijri year-month, then days.')
        )
    errors = []
    for key, days in table.items():
        match = _KEY.match(str(key))
        if not match:
            errors.append(
                _("“%(key)s” is not a Hijri year and month written YYYY-MM.") % {"key": key}
            )
            continue
        year, month = int(match[1]), int(match[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            errors.append(
                _("“%(key)s”: the year must be between %(first)s and %(last)s.")
                % {"key": key, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        if not 1 <= month <= 12:
            errors.append(_("“%(key)s”: the month must be between 01 and 12.") % {"key": key})
        if isinstance(days, bool) or not isinstance(days, int) or abs(days) > MAX_OFFSET:
            errors.append(
                _("“%(key)s”: the offset must be a whole number of days from -%(max)s to %(max)s.")
                % {"key": key, "max": MAX_OFFSET}
            )
    if errors:
        raise ValidationError(errors)


def _month_start(year, month, offsets, default_offset):
    """The Gregorian date on which Hijri month (year, month) begins in Morocco."""
    offset = offsets.get(f"{year:04d}-{month:02d}", default_offset)
    return Hijri(year, month, 1).to_gregorian() + timedelta(days=offset)


def _neighbour_months(year, month):
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    return [previous, (year, month), following]


def moroccan_hijri_date(day, offsets=None, default_offset=0):
    """The Moroccan Hijri date of the Gregorian `day`, or None outside hijridate's range."""
    offsets = offsets or {}
    try:
        uq = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    best = None
    for year, month in _neighbour_months(uq.year, uq.month):
        try:
            start = _month_start(year, month, offsets, default_offset)
        except (OverflowError, ValueError):
            continue
        start = date(start.year, start.month, start.day)
        if start <= day and (best is None or start > best[0]):
            best = (start, year, month)
    if best is None:
        return None
    start, year, month = best
    return HijriDate(year, month, (day - start).days + 1)
