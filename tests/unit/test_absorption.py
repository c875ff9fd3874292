"""Periods and net absorption. Expected figures are worked out by hand in the comments."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.analytics.absorption import (
    AbsorptionRow,
    Grain,
    SpaceEvent,
    SpaceEventKind,
    net_absorption,
    periods,
)

D = Decimal
K = SpaceEventKind


# --- Periods ----------------------------------------------------------------------------------


def test_quarters_cut_to_the_range() -> None:
    assert periods(date(2025, 2, 15), date(2025, 8, 10), Grain.QUARTER) == [
        (date(2025, 2, 15), date(2025, 3, 31)),  # Q1 from the start
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 8, 10)),  # Q3 up to the end
    ]


def test_months_across_a_leap_february() -> None:
    assert periods(date(2024, 1, 31), date(2024, 3, 1), Grain.MONTH) == [
        (date(2024, 1, 31), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 1)),
    ]


def test_years() -> None:
    assert periods(date(2024, 6, 1), date(2026, 2, 1), Grain.YEAR) == [
        (date(2024, 6, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 2, 1)),
    ]


def test_a_single_day_and_the_last_day_of_the_calendar() -> None:
    day = date(2025, 11, 30)
    assert periods(day, day, Grain.QUARTER) == [(day, day)]
    assert periods(date(9999, 11, 15), date.max, Grain.MONTH) == [
        (date(9999, 11, 15), date(9999, 11, 30)),
        (date(9999, 12, 1), date(9999, 12, 31)),
    ]


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValueError, match="end must not be before start"):
        periods(date(2025, 2, 1), date(2025, 1, 31), Grain.MONTH)


@given(
    st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    st.integers(0, 2000),
    st.sampled_from(Grain),
)
def test_periods_tile_the_range(start: date, days: int, grain: Grain) -> None:
    end = start + timedelta(days=days)
    found = periods(start, end, grain)
    assert found[0][0] == start
    assert found[-1][1] == end
    for (_, last), (first, _) in pairwise(found):
        assert first == last + timedelta(days=1)
    months = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}[grain]
    for first, last in found[1:]:  # every period but the first starts a calendar period
        assert first.day == 1
        assert (first.month - 1) % months == 0
        assert first <= last


# --- Net absorption ---------------------------------------------------------------------------


EVENTS = [
    SpaceEvent(date(2024, 12, 31), K.MOVE_IN, D("999")),  # before the first period
    SpaceEvent(date(2025, 1, 1), K.MOVE_IN, D("800")),
    SpaceEvent(date(2025, 2, 10), K.EXPANSION, D("150")),
    SpaceEvent(date(2025, 3, 31), K.MOVE_OUT, D("500")),
    SpaceEvent(date(2025, 4, 1), K.MOVE_OUT, D("1200")),
    SpaceEvent(date(2025, 5, 20), K.CONTRACTION, D("100.50")),
    SpaceEvent(date(2025, 6, 30), K.MOVE_IN, D("300")),
    SpaceEvent(date(2025, 6, 30), K.MOVE_IN, D("200")),
]


def test_net_absorption_by_quarter() -> None:
    quarters = periods(date(2025, 1, 1), date(2025, 9, 30), Grain.QUARTER)
    assert net_absorption(EVENTS, quarters) == [
        # Q1: in 800 + 150, out 500: net 450
        AbsorptionRow(
            date(2025, 1, 1), date(2025, 3, 31), D("800"), D("150"), D("500"), D("0"), D("450")
        ),
        # Q2: in 300 + 200, out 1,200 + 100.50: net 500 - 1,300.50 = -800.50
        AbsorptionRow(
            date(2025, 4, 1),
            date(2025, 6, 30),
            D("500"),
            D("0"),
            D("1200"),
            D("100.50"),
            D("-800.50"),
        ),
        # Q3: nothing happened
        AbsorptionRow(date(2025, 7, 1), date(2025, 9, 30), D(0), D(0), D(0), D(0), D(0)),
    ]


def test_no_periods_no_rows_and_bad_input_is_refused() -> None:
    assert net_absorption(EVENTS, []) == []
    with pytest.raises(ValueError, match="ends before it starts"):
        net_absorption(EVENTS, [(date(2025, 2, 1), date(2025, 1, 31))])
    with pytest.raises(ValueError, match="must not be negative"):
        net_absorption([SpaceEvent(date(2025, 1, 1), K.MOVE_IN, D("-1"))], [])


events = st.lists(
    st.builds(
        SpaceEvent,
        day=st.dates(date(2023, 1, 1), date(2027, 12, 31)),
        kind=st.sampled_from(SpaceEventKind),
        area=st.integers(0, 10**7).map(lambda centi: D(centi).scaleb(-2)),
    ),
    max_size=60,
)


@given(
    events,
    st.dates(date(2024, 1, 1), date(2025, 12, 31)),
    st.integers(0, 900),
    st.sampled_from(Grain),
)
def test_nets_over_the_periods_add_up_to_the_net_over_the_whole_range(
    found: list[SpaceEvent], start: date, days: int, grain: Grain
) -> None:
    end = start + timedelta(days=days)
    rows = net_absorption(found, periods(start, end, grain))
    (whole,) = net_absorption(found, [(start, end)])

    assert sum((row.net for row in rows), D(0)) == whole.net
    assert sum((row.move_outs for row in rows), D(0)) == whole.move_outs
    assert whole.net == sum(
        (e.area if e.kind in (K.MOVE_IN, K.EXPANSION) else -e.area)
        for e in found
        if start <= e.day <= end
    )
