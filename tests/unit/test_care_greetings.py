"""Greeting days per country from the holidays package, and lease anniversaries."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.care.greetings import anniversaries_between, greetings_between, greetings_in


def keyed(country: str, year: int) -> dict[str, date]:
    return {g.key: g.day for g in greetings_in(country, year)}


def test_china_greets_lunar_new_year_and_mid_autumn_not_every_bank_holiday() -> None:
    got = keyed("CN", 2026)
    # Spring Festival 2026 is 17 February; Mid-Autumn (15th of the 8th lunar month) 25 September
    assert got == {
        "lunar_new_year": date(2026, 2, 17),
        "dragon_boat": date(2026, 6, 19),
        "mid_autumn": date(2026, 9, 25),
        "national_day": date(2026, 10, 1),
    }
    assert keyed("CN", 2025)["lunar_new_year"] == date(2025, 1, 29)


def test_hong_kong_mid_autumn_is_the_day_before_its_day_off_and_christmas_is_greeted() -> None:
    got = keyed("hk", 2026)
    assert got["mid_autumn"] == date(2026, 9, 25)  # the day off is the 26th
    assert got["christmas"] == date(2026, 12, 25)
    assert got["lunar_new_year"] == date(2026, 2, 17)


def test_other_countries() -> None:
    assert keyed("GB", 2026) == {"new_year": date(2026, 1, 1), "christmas": date(2026, 12, 25)}
    assert keyed("US", 2026) == {
        "thanksgiving": date(2026, 11, 26),
        "christmas": date(2026, 12, 25),
    }
    assert keyed("SG", 2026)["deepavali"] == date(2026, 11, 8)
    assert keyed("XX", 2026) == {}  # unknown country: nothing


def test_greetings_between_spans_years() -> None:
    found = greetings_between("HK", date(2026, 12, 1), date(2027, 2, 28))
    # Christmas 2026, then Lunar New Year 2027 on 6 February
    assert [(g.key, g.day) for g in found] == [
        ("christmas", date(2026, 12, 25)),
        ("lunar_new_year", date(2027, 2, 6)),
    ]


def test_leap_day_start_has_its_anniversary_on_feb_28_in_other_years() -> None:
    got = anniversaries_between(date(2024, 2, 29), date(2025, 1, 1), date(2028, 12, 31))
    assert got == [
        (1, date(2025, 2, 28)),
        (2, date(2026, 2, 28)),
        (3, date(2027, 2, 28)),
        (4, date(2028, 2, 29)),
    ]


def test_no_anniversary_in_the_first_year_or_outside_the_range() -> None:
    assert anniversaries_between(date(2026, 3, 1), date(2026, 1, 1), date(2026, 12, 31)) == []
    assert anniversaries_between(date(2020, 6, 30), date(2026, 6, 1), date(2026, 6, 29)) == []
    assert anniversaries_between(date(2020, 6, 30), date(2026, 6, 30), date(2026, 6, 30)) == [
        (6, date(2026, 6, 30))
    ]


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2095, 12, 31)),
    st.integers(min_value=0, max_value=800),
)
def test_anniversaries_fall_in_range_once_a_year_on_the_start_day(
    start: date, first: date, span: int
) -> None:
    last = date.fromordinal(first.toordinal() + span)
    found = anniversaries_between(start, first, last)
    assert len({day.year for _, day in found}) == len(found)
    for years, day in found:
        assert first <= day <= last
        assert years == day.year - start.year >= 1
        assert day.month == start.month
        assert day.day == start.day or (start.day == 29 and day.day == 28)
