"""Greeting days: the holidays worth a greeting in a building's country, and lease anniversaries.

Holidays come from the maintained ``holidays`` package (official calendars, lunar dates
included); only a small named set per country is greeting-worthy, not every bank holiday:

=======  ===========================================================================
country  greetings
=======  ===========================================================================
CN       Lunar New Year, Dragon Boat Festival, Mid-Autumn Festival, National Day
HK       Lunar New Year, Dragon Boat Festival, Mid-Autumn Festival, Christmas
TW       Lunar New Year, Dragon Boat Festival, Mid-Autumn Festival
SG       Lunar New Year, Hari Raya Puasa, Deepavali, Christmas
JP       New Year
US       Thanksgiving, Christmas
other    Christmas and New Year, where the country's calendar has them
=======  ===========================================================================

A holiday of several days is greeted on its first day; Hong Kong's calendar has "the day
following Mid-Autumn Festival", so the greeting is the day before it.

Lease anniversaries fall on the start day each year; a lease starting on 29 February has its
anniversary on 28 February in other years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

__all__ = ["Greeting", "anniversaries_between", "greetings_between", "greetings_in"]


@dataclass(frozen=True, slots=True)
class Greeting:
    """A greeting-worthy holiday on one day in one country."""

    key: str
    label: str
    day: date
    country: str


@dataclass(frozen=True, slots=True)
class _Rule:
    key: str
    label: str
    holiday_name: str
    offset_days: int = 0


_LUNAR_NEW_YEAR = "Lunar New Year"
_MID_AUTUMN = "Mid-Autumn Festival"
_DRAGON_BOAT = "Dragon Boat Festival"
_CHRISTMAS = _Rule("christmas", "Christmas", "Christmas Day")
_NEW_YEAR = _Rule("new_year", "New Year", "New Year's Day")

RULES: dict[str, tuple[_Rule, ...]] = {
    "CN": (
        _Rule("lunar_new_year", _LUNAR_NEW_YEAR, "Chinese New Year (Spring Festival)"),
        _Rule("dragon_boat", _DRAGON_BOAT, "Dragon Boat Festival"),
        _Rule("mid_autumn", _MID_AUTUMN, "Mid-Autumn Festival"),
        _Rule("national_day", "National Day", "National Day"),
    ),
    "HK": (
        _Rule("lunar_new_year", _LUNAR_NEW_YEAR, "Chinese New Year"),
        _Rule("dragon_boat", _DRAGON_BOAT, "Dragon Boat Festival"),
        _Rule("mid_autumn", _MID_AUTUMN, "The Day following Mid-Autumn Festival", -1),
        _CHRISTMAS,
    ),
    "TW": (
        _Rule("lunar_new_year", _LUNAR_NEW_YEAR, "Chinese New Year"),
        _Rule("dragon_boat", _DRAGON_BOAT, "Dragon Boat Festival"),
        _Rule("mid_autumn", _MID_AUTUMN, "Mid-Autumn Festival"),
    ),
    "SG": (
        _Rule("lunar_new_year", _LUNAR_NEW_YEAR, "Chinese New Year"),
        _Rule("hari_raya_puasa", "Hari Raya Puasa", "Eid al-Fitr"),
        _Rule("deepavali", "Deepavali", "Diwali"),
        _CHRISTMAS,
    ),
    "JP": (_NEW_YEAR,),
    "US": (_Rule("thanksgiving", "Thanksgiving", "Thanksgiving Day"), _CHRISTMAS),
}
DEFAULT_RULES = (_NEW_YEAR, _CHRISTMAS)


def _calendar(country: str, year: int) -> dict[date, str]:
    try:
        found = holidays.country_holidays(country, years=year, language="en_US")
    except NotImplementedError:  # no such country in the package: no holidays
        return {}
    return dict(found.items())


@lru_cache(maxsize=512)
def greetings_in(country: str, year: int) -> tuple[Greeting, ...]:
    """The greeting days of ``country`` (ISO alpha-2) in ``year``, by day."""
    country = country.upper()
    calendar = _calendar(country, year)
    found = []
    for rule in RULES.get(country, DEFAULT_RULES):
        days = [day for day, names in calendar.items() if rule.holiday_name in names.split("; ")]
        if days:
            day = min(days) + timedelta(days=rule.offset_days)
            found.append(Greeting(rule.key, rule.label, day, country))
    return tuple(sorted(found, key=lambda g: (g.day, g.key)))


def greetings_between(country: str, first: date, last: date) -> list[Greeting]:
    """The greeting days of ``country`` from ``first`` to ``last`` (inclusive)."""
    return [
        greeting
        for year in range(first.year, last.year + 1)
        for greeting in greetings_in(country, year)
        if first <= greeting.day <= last
    ]


def anniversaries_between(start: date, first: date, last: date) -> list[tuple[int, date]]:
    """(years, day) of each anniversary of ``start`` from ``first`` to ``last`` (years >= 1)."""
    found = []
    for year in range(max(first.year, start.year + 1), last.year + 1):
        years = year - start.year
        day = start + relativedelta(years=years)
        if first <= day <= last:
            found.append((years, day))
    return found
