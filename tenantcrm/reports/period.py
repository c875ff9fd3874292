"""Report periods as owners name them: a year (2026), a quarter (2026-Q1) or a month (2026-03)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: date
    end: date
    """Last day, inclusive."""


def parse_period(text: str) -> Period:
    """The period ``text`` names; ValueError for anything else."""
    found = _PATTERN.match(text.strip().upper())
    if found is None:
        raise ValueError("must be a year (2026), a quarter (2026-Q1) or a month (2026-03)")
    year = int(found["year"])
    if year < 1900:
        raise ValueError("must be a year from 1900 on")
    if found["quarter"]:
        quarter = int(found["quarter"])
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        label = f"Q{quarter} {year}"
    elif found["month"]:
        first_month = last_month = int(found["month"])
        label = f"{calendar.month_name[first_month]} {year}"
    else:
        first_month, last_month, label = 1, 12, str(year)
    last_day = calendar.monthrange(year, last_month)[1]
    return Period(label, date(year, first_month, 1), date(year, last_month, last_day))


def previous_month(today: date) -> Period:
    """The last whole month before ``today`` (what the monthly mailing reports)."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return parse_period(f"{year}-{month:02d}")
