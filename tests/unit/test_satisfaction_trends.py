"""Satisfaction trends: averages per quarter or year and the direction rule (+-0.5 point)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.satisfaction.enums import Direction, Period
from tenantcrm.satisfaction.trends import SurveyPoint, direction_of, period_of, trend


def point(day: str, overall: int, **dimensions: int | None) -> SurveyPoint:
    return SurveyPoint(date.fromisoformat(day), overall, dimensions)


def test_periods_and_their_first_days() -> None:
    assert period_of(date(2026, 3, 31), Period.QUARTER) == ("2026-Q1", date(2026, 1, 1))
    assert period_of(date(2026, 4, 1), Period.QUARTER) == ("2026-Q2", date(2026, 4, 1))
    assert period_of(date(2026, 12, 31), Period.QUARTER) == ("2026-Q4", date(2026, 10, 1))
    assert period_of(date(2026, 7, 9), Period.YEAR) == ("2026", date(2026, 1, 1))


def test_quarterly_averages_and_a_rising_trend() -> None:
    points = [
        point("2025-11-02", 6, cleaning=3, security=4),
        point("2025-12-20", 7, cleaning=2),
        point("2026-02-01", 8, cleaning=4),
        point("2026-03-30", 9, cleaning=None),
        point("2026-01-15", 8, cleaning=5, security=5),
    ]
    found = trend(points, Period.QUARTER)
    q4, q1 = found.periods
    # 2025-Q4: (6 + 7) / 2 = 6.50; cleaning (3 + 2) / 2 = 2.50; security 4 (one answer)
    assert (q4.label, q4.start, q4.surveys, q4.overall) == (
        "2025-Q4",
        date(2025, 10, 1),
        2,
        Decimal("6.50"),
    )
    assert (q4.dimensions["cleaning"], q4.dimensions["security"]) == (
        Decimal("2.50"),
        Decimal("4.00"),
    )
    assert q4.dimensions["amenities"] is None
    # 2026-Q1: (8 + 9 + 8) / 3 = 8.333… -> 8.33; cleaning (4 + 5) / 2 = 4.50 (None skipped)
    assert (q1.label, q1.surveys, q1.overall) == ("2026-Q1", 3, Decimal("8.33"))
    assert q1.dimensions["cleaning"] == Decimal("4.50")
    # change 8.333… - 6.5 = 1.833… -> 1.83 >= 0.5: rising
    assert (found.direction, found.change) == (Direction.RISING, Decimal("1.83"))


def test_a_change_of_exactly_half_a_point_counts_and_less_is_flat() -> None:
    # year 2025: 7; year 2026: (7 + 8) / 2 = 7.5 -> +0.5 exactly: rising
    rising = trend(
        [point("2025-05-01", 7), point("2026-01-01", 7), point("2026-02-01", 8)], Period.YEAR
    )
    assert (rising.direction, rising.change) == (Direction.RISING, Decimal("0.50"))
    # 2025: 8; 2026: (8 + 8 + 7) / 3 = 7.666… -> -0.333…: flat
    flat = trend(
        [
            point("2025-05-01", 8),
            point("2026-01-01", 8),
            point("2026-02-01", 8),
            point("2026-03-01", 7),
        ],
        Period.YEAR,
    )
    assert (flat.direction, flat.change) == (Direction.FLAT, Decimal("-0.33"))
    # 2025: 9; 2026: 8 -> -1: falling
    falling = trend([point("2025-05-01", 9), point("2026-05-01", 8)], Period.YEAR)
    assert (falling.direction, falling.change) == (Direction.FALLING, Decimal("-1.00"))


def test_empty_periods_are_skipped_and_one_period_is_unknown() -> None:
    # Q1 2025 then Q1 2026: the quarters between have no survey and are not listed
    found = trend([point("2025-02-01", 4), point("2026-02-01", 5)], Period.QUARTER)
    assert [p.label for p in found.periods] == ["2025-Q1", "2026-Q1"]
    assert found.direction is Direction.RISING
    single = trend([point("2026-02-01", 5), point("2026-03-01", 9)], Period.QUARTER)
    assert (single.direction, single.change) == (Direction.UNKNOWN, None)
    empty = trend([], Period.YEAR)
    assert (empty.periods, empty.direction) == ((), Direction.UNKNOWN)


scores = st.lists(
    st.tuples(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 10)),
    max_size=40,
)


@given(scores, st.sampled_from(list(Period)))
def test_periods_account_for_every_survey_in_order_and_within_the_scale(
    answers: list[tuple[date, int]], period: Period
) -> None:
    found = trend([SurveyPoint(day, score) for day, score in answers], period)
    assert sum(p.surveys for p in found.periods) == len(answers)
    starts = [p.start for p in found.periods]
    assert starts == sorted(set(starts))
    assert all(Decimal(0) <= p.overall <= Decimal(10) for p in found.periods)


@given(st.integers(-100, 100))
def test_direction_is_symmetric(tenths: int) -> None:
    up, down = direction_of(Fraction(tenths, 10)), direction_of(Fraction(-tenths, 10))
    mirror = {Direction.RISING: Direction.FALLING, Direction.FALLING: Direction.RISING}
    assert down == mirror.get(up, up)
