"""Rent follows the area let: expansions and contractions scale the face rent from their date.

Expected figures are worked out by hand in the comments next to them.
"""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tenantcrm.leases.rent import (
    AreaChange,
    ChangeKind,
    LeaseTerms,
    RentChange,
    Violation,
    build_schedule,
    next_change,
    rent_changes,
    rent_on,
    summarize,
    validate_terms,
)
from tests.unit.test_rent import day_by_day, dues, fixed, free, lease_terms, percent, three_years

D = Decimal
F = Fraction


def with_areas(terms: LeaseTerms, *changes: AreaChange) -> LeaseTerms:
    return replace(terms, area_changes=changes)


def test_expansion_scales_the_rent_from_its_date() -> None:
    # 250 m² -> 350 m² from 1 Jan 2025: 10,000.00 x 350 / 250 = 14,000.00
    terms = with_areas(three_years(), AreaChange(date(2025, 1, 1), F(350, 250)))
    schedule = build_schedule(terms)

    assert rent_on(terms, date(2024, 12, 31)) == D("10000.00")
    assert rent_on(terms, date(2025, 1, 1)) == D("14000.00")
    assert rent_changes(terms) == [RentChange(date(2025, 1, 1), D("14000.00"), ChangeKind.AREA)]
    assert next_change(terms, date(2024, 6, 1)) == rent_changes(terms)[0]
    assert {line.rent for line in schedule[:12]} == {D("10000.00")}
    assert {line.rent for line in schedule[12:]} == {D("14000.00")}
    # 12 x 10,000 + 24 x 14,000 = 120,000 + 336,000 = 456,000
    assert summarize(terms, schedule).total_rent == D("456000.00")


def test_mid_period_area_change_is_split_by_days() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1),
        date(2024, 3, 31),
        D("10000.00"),
        area_changes=(AreaChange(date(2024, 2, 15), F(7, 5)),),
    )
    _, february, march = build_schedule(terms)

    # February 2024 has 29 days: 1-14 Feb at 10,000, 15-29 Feb at 14,000
    # (10,000 x 14 + 14,000 x 15) / 29 = 350,000 / 29 = 12,068.9655... -> 12,068.97
    assert february.monthly_rent == D("10000.00")
    assert february.rent == february.due == D("12068.97")
    assert march.monthly_rent == march.rent == D("14000.00")


def test_a_percent_step_after_an_expansion_raises_the_larger_rent() -> None:
    terms = with_areas(
        three_years(percent(date(2025, 1, 1), "3", every_months=12)),
        AreaChange(date(2024, 7, 1), F(7, 5)),
    )
    # 1 Jul 2024: 10,000 x 1.4 = 14,000.00
    # 1 Jan 2025: 10,300 x 1.4 = 14,420.00 (= 14,000 x 1.03)
    # 1 Jan 2026: 10,609 x 1.4 = 14,852.60 (= 14,420 x 1.03)
    assert rent_changes(terms) == [
        RentChange(date(2024, 7, 1), D("14000.00"), ChangeKind.AREA),
        RentChange(date(2025, 1, 1), D("14420.00"), ChangeKind.PERCENT),
        RentChange(date(2026, 1, 1), D("14852.60"), ChangeKind.PERCENT),
    ]


def test_a_fixed_step_is_for_the_starting_area_and_is_scaled_too() -> None:
    terms = with_areas(
        three_years(fixed(date(2025, 1, 1), "12000")), AreaChange(date(2024, 7, 1), F(7, 5))
    )
    # 12,000 agreed for the first 250 m²; 350 m² let then: 12,000 x 1.4 = 16,800.00
    assert rent_on(terms, date(2025, 1, 1)) == D("16800.00")


def test_factors_are_measured_against_the_start_and_do_not_compound() -> None:
    # 350 m² -> 250 m² on 1 Jul 2024, back to 350 m² on 1 Jan 2025
    terms = with_areas(
        three_years(),
        AreaChange(date(2024, 7, 1), F(250, 350)),
        AreaChange(date(2025, 1, 1), F(1)),
    )
    # 10,000 x 5 / 7 = 7,142.857... -> 7,142.86; back to the whole area: 10,000.00 again
    assert rent_on(terms, date(2024, 7, 1)) == D("7142.86")
    assert rent_on(terms, date(2025, 1, 1)) == D("10000.00")


def test_scaled_rent_is_rounded_half_up_once() -> None:
    # 10,000.01 / 2 = 5,000.005 exactly -> 5,000.01 (half up)
    halves = LeaseTerms(
        date(2024, 1, 1),
        date(2024, 12, 31),
        D("10000.01"),
        area_changes=(AreaChange(date(2024, 1, 1), F(1, 2)),),
    )
    assert rent_on(halves, date(2024, 1, 1)) == D("5000.01")
    # the steps' rent is rounded at its own event (10,000 x 1.0333 = 10,333.00), then scaled
    # once: 10,333.00 x 2 / 3 = 6,888.666... -> 6,888.67
    thirds = with_areas(
        three_years(percent(date(2024, 3, 1), "3.33")), AreaChange(date(2024, 3, 1), F(2, 3))
    )
    assert rent_on(thirds, date(2024, 3, 1)) == D("6888.67")


def test_area_changes_apply_after_the_steps_of_their_date() -> None:
    terms = with_areas(
        three_years(percent(date(2025, 1, 1), "10")), AreaChange(date(2025, 1, 1), F(1, 2))
    )
    # one change on that date, reported as the last event: 10,000 x 1.10 / 2 = 5,500.00
    assert rent_changes(terms) == [RentChange(date(2025, 1, 1), D("5500.00"), ChangeKind.AREA)]


def test_free_rent_abates_the_scaled_rent() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1),
        date(2024, 3, 31),
        D("10000.00"),
        steps=(free(date(2024, 3, 1), 1),),
        area_changes=(AreaChange(date(2024, 2, 1), F(3, 2)),),
    )
    _, february, march = build_schedule(terms)
    # 10,000 x 1.5 = 15,000.00 from February; March is free at that rent
    assert (february.rent, february.due) == (D("15000.00"), D("15000.00"))
    assert (march.rent, march.free, march.due) == (D("15000.00"), D("15000.00"), D("0.00"))


def test_area_change_violations() -> None:
    terms = with_areas(
        three_years(),
        AreaChange(date(2023, 12, 31), F(2)),
        AreaChange(date(2025, 1, 1), F(0)),
    )
    assert validate_terms(terms) == [
        Violation(
            "area_changes[0].effective", "must be within the lease term (start_date to end_date)"
        ),
        Violation("area_changes[1].factor", "must be greater than 0: some area stays let"),
    ]


# --- Properties -------------------------------------------------------------------------------


@st.composite
def terms_and_day(draw: st.DrawFn) -> tuple[LeaseTerms, date]:
    terms = draw(lease_terms())
    day = terms.start + timedelta(days=draw(st.integers(0, (terms.end - terms.start).days)))
    return terms, day


factors = st.fractions(min_value=F(1, 20), max_value=F(20), max_denominator=100_000).filter(
    lambda f: f > 0
)


@settings(deadline=None)
@given(terms_and_day())
def test_a_factor_of_one_changes_nothing(case: tuple[LeaseTerms, date]) -> None:
    terms, day = case
    unchanged = with_areas(terms, AreaChange(day, F(1)))
    assert build_schedule(unchanged) == build_schedule(terms)
    assert summarize(unchanged) == summarize(terms)


@settings(deadline=None)
@given(terms_and_day(), st.lists(factors, min_size=1, max_size=3))
def test_schedules_with_area_changes_sum_exactly(
    case: tuple[LeaseTerms, date], ratios: list[Fraction]
) -> None:
    terms, day = case
    changes = tuple(
        AreaChange(min(day + timedelta(days=40 * i), terms.end), ratio)
        for i, ratio in enumerate(ratios)
    )
    amended = with_areas(terms, *changes)
    assert validate_terms(amended) == []
    schedule = build_schedule(amended)
    summary = summarize(amended, schedule)

    assert summary.total_rent == sum(dues(schedule), D(0))
    assert summary.total_rent == summary.gross_rent - summary.free_rent
    assert all(line.monthly_rent.as_tuple().exponent == -2 for line in schedule)
    # the lines an area change falls in, recomputed a day at a time
    for line in schedule:
        if any(line.start <= change.effective <= line.end for change in changes):
            assert (line.rent, line.free) == day_by_day(amended, line)


@settings(deadline=None)
@given(lease_terms(with_steps=False, whole_months=True), factors)
def test_an_area_change_at_the_start_scales_a_flat_lease(
    terms: LeaseTerms, factor: Fraction
) -> None:
    scaled = with_areas(terms, AreaChange(terms.start, factor))
    expected = rent_on(scaled, terms.start)
    assert expected is not None
    # half up, worked from the fraction itself
    exact = Fraction(terms.base_rent) * factor * 100
    assert expected * 100 == int(exact + Fraction(1, 2))
    assert {line.rent for line in build_schedule(scaled)} == {expected}
