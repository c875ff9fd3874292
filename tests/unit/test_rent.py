"""Rent over time. Expected figures are worked out by hand in the comments next to them."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from tenantcrm.core.money import from_minor, to_cents
from tenantcrm.leases.rent import (
    LeaseTerms,
    RentChange,
    RentStep,
    ScheduleLine,
    StepKind,
    Violation,
    _Timeline,
    build_schedule,
    is_free_on,
    next_change,
    rent_changes,
    rent_on,
    summarize,
    validate_terms,
)

D = Decimal


def three_years(*steps: RentStep, incentive: str = "0") -> LeaseTerms:
    """1 Jan 2024 to 31 Dec 2026 at 10,000.00 a month."""
    return LeaseTerms(date(2024, 1, 1), date(2026, 12, 31), D("10000.00"), steps, D(incentive))


def fixed(effective: date, amount: str) -> RentStep:
    return RentStep(StepKind.FIXED, effective, amount=D(amount))


def percent(effective: date, pct: str, every_months: int | None = None) -> RentStep:
    return RentStep(StepKind.PERCENT, effective, percent=D(pct), every_months=every_months)


def amount(effective: date, delta: str, every_months: int | None = None) -> RentStep:
    return RentStep(StepKind.AMOUNT, effective, amount=D(delta), every_months=every_months)


def free(effective: date, months: int) -> RentStep:
    return RentStep(StepKind.FREE, effective, months=months)


def dues(schedule: list[ScheduleLine]) -> list[Decimal]:
    return [line.due for line in schedule]


# --- Whole-month leases -----------------------------------------------------------------------


def test_flat_three_year_lease() -> None:
    terms = three_years()
    schedule = build_schedule(terms)

    assert len(schedule) == 36
    assert {line.rent for line in schedule} == {D("10000.00")}
    assert schedule[1] == ScheduleLine(
        2,
        date(2024, 2, 1),
        date(2024, 2, 29),
        D("10000.00"),
        D("10000.00"),
        D("0.00"),
        D("10000.00"),
    )
    summary = summarize(terms, schedule)
    # 36 x 10,000.00 = 360,000.00
    assert summary.months == D("36.0000")
    assert summary.gross_rent == summary.total_rent == D("360000.00")
    assert summary.free_rent == D("0.00")
    assert summary.average_monthly_rent == summary.net_effective_rent == D("10000.00")


def test_percent_escalation_every_twelve_months() -> None:
    terms = three_years(percent(date(2025, 1, 1), "3", every_months=12))
    schedule = build_schedule(terms)

    # Year 1: 10,000.00; year 2: 10,000 x 1.03 = 10,300.00; year 3: 10,300 x 1.03 = 10,609.00
    assert [line.monthly_rent for line in schedule[::12]] == [D("10000"), D("10300"), D("10609")]
    summary = summarize(terms)
    # 12 x (10,000 + 10,300 + 10,609) = 12 x 30,909 = 370,908.00
    assert summary.total_rent == D("370908.00")
    # 370,908 / 36 = 10,303.00
    assert summary.average_monthly_rent == D("10303.00")


def test_percent_escalation_rounds_to_cents_at_each_event() -> None:
    terms = three_years(percent(date(2024, 1, 1), "2.75", every_months=12))
    # 10,000 x 1.0275 = 10,275.00
    # 10,275 x 1.0275 = 10,557.5625 -> 10,557.56
    # 10,557.56 x 1.0275 = 10,847.8929 -> 10,847.89 (compounding unrounded would give 10,847.90)
    assert [change.monthly_rent for change in rent_changes(terms)] == [
        D("10275.00"),
        D("10557.56"),
        D("10847.89"),
    ]


def test_fixed_amount_escalation() -> None:
    terms = three_years(amount(date(2025, 1, 1), "500", every_months=12))
    schedule = build_schedule(terms)

    # 10,000 -> 10,500 -> 11,000
    assert [line.monthly_rent for line in schedule[::12]] == [D("10000"), D("10500"), D("11000")]
    # 12 x (10,000 + 10,500 + 11,000) = 12 x 31,500 = 378,000.00
    assert summarize(terms).total_rent == D("378000.00")


def test_amount_steps_never_take_rent_below_zero() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1),
        date(2024, 4, 30),
        D("1000.00"),
        (amount(date(2024, 2, 1), "-600", every_months=1),),
    )
    # Jan 1,000; Feb 400; Mar 400 - 600 -> 0 (not -200); Apr 0 - 600 -> 0
    assert dues(build_schedule(terms)) == [D("1000"), D("400"), D("0"), D("0")]
    # 1,000 + 400 = 1,400.00
    assert summarize(terms).total_rent == D("1400.00")


def test_explicit_dated_fixed_steps() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1),
        date(2025, 12, 31),
        D("10000.00"),
        (fixed(date(2025, 1, 1), "13500"), fixed(date(2024, 7, 1), "12000")),  # any input order
    )
    schedule = build_schedule(terms)

    assert [line.monthly_rent for line in schedule[::6]] == [
        D("10000"),
        D("12000"),
        D("13500"),
        D("13500"),
    ]
    # 6 x 10,000 + 6 x 12,000 + 12 x 13,500 = 60,000 + 72,000 + 162,000 = 294,000.00
    assert summarize(terms).total_rent == D("294000.00")


def test_fixed_applies_before_percent_on_the_same_date() -> None:
    terms = three_years(percent(date(2025, 1, 1), "5"), fixed(date(2025, 1, 1), "12000"))
    # FIXED first: 12,000 x 1.05 = 12,600.00 (not 10,500 overwritten by 12,000).
    # The two events of one date are one change, tagged with the kind applied last.
    assert rent_changes(terms) == [RentChange(date(2025, 1, 1), D("12600.00"), StepKind.PERCENT)]
    assert rent_on(terms, date(2025, 1, 1)) == D("12600.00")


def test_step_on_the_start_date_sets_the_first_line() -> None:
    terms = three_years(fixed(date(2024, 1, 1), "9000"))
    assert build_schedule(terms)[0].monthly_rent == D("9000.00")
    assert rent_on(terms, date(2024, 1, 1)) == D("9000.00")
    assert next_change(terms, date(2023, 12, 31)) == RentChange(
        date(2024, 1, 1), D("9000.00"), StepKind.FIXED
    )


# --- Free rent and net effective rent ---------------------------------------------------------


def test_free_months_at_start_and_net_effective_rent() -> None:
    terms = three_years(free(date(2024, 1, 1), 3))
    schedule = build_schedule(terms)

    assert dues(schedule[:4]) == [D("0"), D("0"), D("0"), D("10000")]
    assert [line.free for line in schedule[:4]] == [D("10000"), D("10000"), D("10000"), D("0")]
    summary = summarize(terms)
    # gross 36 x 10,000 = 360,000; free 3 x 10,000 = 30,000; total 360,000 - 30,000 = 330,000
    assert summary.gross_rent == D("360000.00")
    assert summary.free_rent == D("30000.00")
    assert summary.total_rent == D("330000.00")
    assert summary.average_monthly_rent == D("10000.00")
    # NER = 330,000 / 36 = 9,166.666... -> 9,166.67
    assert summary.net_effective_rent == D("9166.67")


def test_incentive_lowers_net_effective_rent() -> None:
    terms = three_years(free(date(2024, 1, 1), 3), incentive="36000")
    summary = summarize(terms)
    # Total rent is still 330,000; NER = (330,000 - 36,000) / 36 = 294,000 / 36 = 8,166.666...
    assert summary.total_rent == D("330000.00")
    assert summary.net_effective_rent == D("8166.67")


def test_free_rent_starting_mid_period_is_prorated() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1), date(2024, 12, 31), D("3100.00"), (free(date(2024, 1, 15), 1),)
    )
    january, february, march = build_schedule(terms)[:3]

    # Free from 15 Jan to 14 Feb. January: 17 free days of 31 -> 3,100 x 17 / 31 = 1,700.00
    assert (january.rent, january.free, january.due) == (D("3100"), D("1700.00"), D("1400.00"))
    # February 2024: 14 free days of 29 -> 3,100 x 14 / 29 = 43,400 / 29 = 1,496.5517 -> 1,496.55
    assert (february.free, february.due) == (D("1496.55"), D("1603.45"))
    assert march.free == D("0.00")


def test_overlapping_free_steps_do_not_double_abate() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1),
        date(2024, 12, 31),
        D("10000.00"),
        (free(date(2024, 1, 1), 2), free(date(2024, 2, 1), 2)),
    )
    # Jan-Feb and Feb-Mar overlap in February: Jan, Feb, Mar free once each = 30,000
    assert dues(build_schedule(terms))[:4] == [D("0"), D("0"), D("0"), D("10000")]
    # 12 x 10,000 - 30,000 = 90,000.00
    assert summarize(terms).total_rent == D("90000.00")


def test_free_window_is_cut_at_the_end_of_the_term() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1), date(2024, 6, 30), D("10000.00"), (free(date(2024, 6, 1), 6),)
    )
    # Only June is inside the term: 6 x 10,000 - 10,000 = 50,000.00
    assert summarize(terms).total_rent == D("50000.00")
    assert not is_free_on(terms, date(2024, 7, 1))


# --- Periods and proration --------------------------------------------------------------------


def periods(terms: LeaseTerms) -> list[tuple[date, date]]:
    return [(line.start, line.end) for line in build_schedule(terms)]


def test_start_on_31_january_in_a_leap_year() -> None:
    terms = LeaseTerms(date(2024, 1, 31), date(2024, 4, 29), D("10000.00"))
    # Anchors are start + 1, 2, 3 months: 29 Feb, 31 Mar, 30 Apr (31 Mar is not 29 Feb + 1 month).
    assert periods(terms) == [
        (date(2024, 1, 31), date(2024, 2, 28)),
        (date(2024, 2, 29), date(2024, 3, 30)),
        (date(2024, 3, 31), date(2024, 4, 29)),
    ]
    # Three whole periods, whatever their lengths (29, 31, 30 days): 3 x 10,000
    assert summarize(terms).months == D("3.0000")
    assert summarize(terms).total_rent == D("30000.00")


def test_start_on_31_january_in_a_common_year() -> None:
    terms = LeaseTerms(date(2023, 1, 31), date(2023, 4, 29), D("10000.00"))
    # Anchors: 28 Feb, 31 Mar, 30 Apr
    assert periods(terms) == [
        (date(2023, 1, 31), date(2023, 2, 27)),
        (date(2023, 2, 28), date(2023, 3, 30)),
        (date(2023, 3, 31), date(2023, 4, 29)),
    ]
    assert summarize(terms).total_rent == D("30000.00")


def test_partial_last_period_is_prorated_by_days() -> None:
    terms = LeaseTerms(date(2024, 1, 1), date(2024, 3, 10), D("10000.00"))
    schedule = build_schedule(terms)

    assert schedule[-1].start == date(2024, 3, 1)
    assert schedule[-1].end == date(2024, 3, 10)
    assert schedule[-1].monthly_rent == D("10000.00")
    # 10 of March's 31 days: 10,000 x 10 / 31 = 3,225.806... -> 3,225.81
    assert schedule[-1].rent == D("3225.81")
    summary = summarize(terms, schedule)
    # months = 2 + 10/31 = 2.32258... -> 2.3226
    assert summary.months == D("2.3226")
    # 10,000 + 10,000 + 3,225.81 = 23,225.81
    assert summary.gross_rent == D("23225.81")
    # Averages divide by the exact 72/31 months: 23,225.81 x 31 / 72 = 10,000.0015 -> 10,000.00
    assert summary.average_monthly_rent == D("10000.00")


def test_mid_period_fixed_step_is_split_by_days() -> None:
    terms = LeaseTerms(
        date(2024, 1, 1), date(2024, 3, 31), D("10000.00"), (fixed(date(2024, 2, 15), "12000"),)
    )
    _, february, march = build_schedule(terms)

    # February 2024 has 29 days: 1-14 Feb at 10,000, 15-29 Feb at 12,000
    # (10,000 x 14 + 12,000 x 15) / 29 = 320,000 / 29 = 11,034.4827... -> 11,034.48
    assert february.monthly_rent == D("10000.00")  # in effect on 1 Feb
    assert february.rent == D("11034.48")
    assert march.monthly_rent == march.rent == D("12000.00")
    # 10,000 + 11,034.48 + 12,000 = 33,034.48
    assert summarize(terms).gross_rent == D("33034.48")


# --- Lookups by day ---------------------------------------------------------------------------


def test_rent_on_and_is_free_on() -> None:
    terms = three_years(percent(date(2025, 1, 1), "3", every_months=12), free(date(2024, 1, 1), 2))

    assert rent_on(terms, date(2023, 12, 31)) is None
    assert rent_on(terms, date(2024, 1, 1)) == D("10000.00")  # face rent, even while free
    assert rent_on(terms, date(2024, 12, 31)) == D("10000.00")
    assert rent_on(terms, date(2025, 1, 1)) == D("10300.00")
    assert rent_on(terms, date(2026, 12, 31)) == D("10609.00")
    assert rent_on(terms, date(2027, 1, 1)) is None

    assert not is_free_on(terms, date(2023, 12, 31))
    assert is_free_on(terms, date(2024, 1, 1))
    assert is_free_on(terms, date(2024, 2, 29))  # 2 months from 1 Jan end on 29 Feb inclusive
    assert not is_free_on(terms, date(2024, 3, 1))


def test_next_change_walks_recurring_occurrences() -> None:
    terms = three_years(percent(date(2025, 1, 1), "3", every_months=12))
    first = RentChange(date(2025, 1, 1), D("10300.00"), StepKind.PERCENT)
    second = RentChange(date(2026, 1, 1), D("10609.00"), StepKind.PERCENT)

    assert next_change(terms, date(2020, 1, 1)) == first
    assert next_change(terms, date(2024, 12, 31)) == first
    assert next_change(terms, date(2025, 1, 1)) == second  # strictly after
    assert next_change(terms, date(2026, 1, 1)) is None  # the next one, 2027, is past the end
    assert rent_changes(terms) == [first, second]


def test_no_next_change_for_a_flat_lease() -> None:
    terms = three_years(free(date(2024, 1, 1), 3))  # free rent is not a face-rent change
    assert next_change(terms, date(2024, 1, 1)) is None
    assert rent_changes(terms) == []


# --- Validation -------------------------------------------------------------------------------


def test_validation_reports_every_violation() -> None:
    terms = LeaseTerms(
        start=date(2024, 1, 1),
        end=date(2023, 12, 31),
        base_rent=D("-1.005"),
        incentive=D("-1"),
        steps=(
            RentStep(StepKind.FIXED, date(2023, 6, 1)),
            RentStep(StepKind.PERCENT, date(2024, 1, 1), percent=D("-100"), every_months=0),
            RentStep(StepKind.FREE, date(2024, 1, 1), months=0, every_months=3),
            RentStep(StepKind.AMOUNT, date(2024, 1, 1), amount=D("0.001")),
        ),
    )
    during_term = "must be within the lease term (start_date to end_date)"
    assert validate_terms(terms) == [
        Violation("end_date", "must be after start_date"),
        Violation("base_rent", "must not be negative"),
        Violation("base_rent", "must have at most 2 decimal places"),
        Violation("incentive", "must not be negative"),
        Violation("rent_steps[0].effective", during_term),
        Violation("rent_steps[0].amount", "is required for fixed steps"),
        Violation("rent_steps[1].effective", during_term),
        Violation("rent_steps[1].percent", "must be greater than -100"),
        Violation("rent_steps[1].every_months", "must be at least 1"),
        Violation("rent_steps[2].effective", during_term),
        Violation("rent_steps[2].every_months", "is only allowed for percent and amount steps"),
        Violation("rent_steps[2].months", "must be at least 1"),
        Violation("rent_steps[3].effective", during_term),
        Violation("rent_steps[3].amount", "must have at most 2 decimal places"),
    ]


@pytest.mark.parametrize(
    ("step", "field", "message"),
    [
        (RentStep(StepKind.PERCENT, date(2024, 6, 1)), "percent", "is required for percent steps"),
        (RentStep(StepKind.AMOUNT, date(2024, 6, 1)), "amount", "is required for amount steps"),
        (RentStep(StepKind.FREE, date(2024, 6, 1)), "months", "is required for free steps"),
        (fixed(date(2024, 6, 1), "-1"), "amount", "must not be negative"),
        (percent(date(2024, 6, 1), "2.125"), "percent", "must have at most 2 decimal places"),
        (
            RentStep(StepKind.FIXED, date(2024, 6, 1), amount=D("1"), every_months=12),
            "every_months",
            "is only allowed for percent and amount steps",
        ),
        (
            RentStep("bogus", date(2024, 6, 1)),  # type: ignore[arg-type]
            "kind",
            "must be one of fixed, percent, amount, free",
        ),
    ],
)
def test_step_violations(step: RentStep, field: str, message: str) -> None:
    assert validate_terms(three_years(step)) == [Violation(f"rent_steps[0].{field}", message)]


def test_valid_edge_values_pass() -> None:
    terms = three_years(
        amount(date(2024, 1, 1), "-20000"),  # a negative AMOUNT step is allowed
        percent(date(2026, 12, 31), "-99.99"),  # on the last day, just above -100 %
        fixed(date(2025, 1, 1), "0"),
    )
    assert validate_terms(terms) == []


def test_invalid_terms_are_refused() -> None:
    terms = LeaseTerms(date(2024, 1, 1), date(2024, 1, 1), D("10000"))
    with pytest.raises(ValueError, match="end_date must be after start_date"):
        build_schedule(terms)
    with pytest.raises(ValueError, match="end_date"):
        rent_on(terms, date(2024, 1, 1))


# --- Exact totals under awkward numbers -------------------------------------------------------


def day_by_day(terms: LeaseTerms, line: ScheduleLine) -> tuple[Decimal, Decimal]:
    """A line's rent and free, recomputed one day at a time from rent_on and is_free_on."""
    period_start = terms.start + relativedelta(months=line.number - 1)
    full_days = (terms.start + relativedelta(months=line.number) - period_start).days
    days = [line.start + timedelta(days=i) for i in range((line.end - line.start).days + 1)]
    rent = sum((rent_on(terms, day) or D(0) for day in days), D(0))
    free = sum((rent_on(terms, day) or D(0) for day in days if is_free_on(terms, day)), D(0))
    return to_cents(rent / full_days), to_cents(free / full_days)


def test_many_steps_total_to_the_cent() -> None:
    odd_fixed_steps = [
        fixed(date(2024, 5, 20), "1240000.01"),
        fixed(date(2024, 11, 3), "1198765.43"),
        fixed(date(2025, 2, 28), "1301234.57"),
        fixed(date(2025, 8, 17), "1299999.99"),
        fixed(date(2026, 1, 31), "1357913.57"),
        fixed(date(2026, 6, 9), "1402468.02"),
        fixed(date(2026, 12, 25), "1388888.89"),
        fixed(date(2027, 4, 1), "1444444.45"),
        fixed(date(2027, 10, 30), "1456789.13"),
        fixed(date(2028, 2, 29), "1500000.07"),
    ]
    terms = LeaseTerms(
        start=date(2024, 3, 15),
        end=date(2029, 3, 20),  # five years and six days
        base_rent=D("1234567.89"),
        steps=(
            *odd_fixed_steps,
            percent(date(2024, 9, 9), "2.37", every_months=7),
            percent(date(2027, 4, 1), "1.11"),  # same day as a FIXED step
            amount(date(2024, 7, 4), "-333.33", every_months=5),
            free(date(2025, 12, 24), 2),
            free(date(2026, 1, 10), 1),  # overlaps the previous one
        ),
        incentive=D("98765.43"),
    )
    schedule = build_schedule(terms)
    summary = summarize(terms, schedule)

    assert len(schedule) == 61
    assert sum(dues(schedule), D(0)) == summary.total_rent
    assert summary.gross_rent - summary.free_rent == summary.total_rent
    for line in schedule:
        assert (line.rent, line.free) == day_by_day(terms, line)
    # 60 whole periods, then 15-20 Mar 2029: 6 of 31 days -> 60.1935...
    assert summary.months == D("60.1935")
    assert summary.free_rent > 0


# --- Properties -------------------------------------------------------------------------------


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(from_minor)


@st.composite
def lease_terms(
    draw: st.DrawFn, *, with_steps: bool = True, whole_months: bool = False
) -> LeaseTerms:
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    odd_days = 0 if whole_months else draw(st.integers(0, 30))
    end = start + relativedelta(months=draw(st.integers(1, 180)), days=odd_days - 1)
    effective = st.integers(0, (end - start).days).map(lambda n: start + timedelta(days=n))
    step = st.one_of(
        st.builds(RentStep, st.just(StepKind.FIXED), effective, amount=cents(0, 10**9)),
        st.builds(
            RentStep,
            st.just(StepKind.PERCENT),
            effective,
            percent=st.decimals(-5, 10, places=2),
            every_months=st.none() | st.integers(6, 36),  # realistic cadences, bounded growth
        ),
        st.builds(
            RentStep,
            st.just(StepKind.AMOUNT),
            effective,
            amount=cents(-(10**8), 10**8),
            every_months=st.none() | st.integers(1, 36),
        ),
        st.builds(RentStep, st.just(StepKind.FREE), effective, months=st.integers(1, 24)),
    )
    steps = draw(st.lists(step, max_size=6)) if with_steps else []
    return LeaseTerms(
        start=start,
        end=end,
        base_rent=draw(cents(0, 10**9)),  # 0 to 10,000,000.00
        steps=tuple(steps),
        incentive=draw(cents(0, 10**8)),
    )


def has_two_places(value: Decimal) -> bool:
    return value.as_tuple().exponent == -2


@settings(deadline=None)
@given(lease_terms())
def test_generated_terms_are_valid(terms: LeaseTerms) -> None:
    assert validate_terms(terms) == []


@settings(deadline=None)
@given(lease_terms())
def test_schedule_tiles_the_term(terms: LeaseTerms) -> None:
    schedule = build_schedule(terms)

    assert schedule[0].start == terms.start
    assert schedule[-1].end == terms.end
    assert [line.number for line in schedule] == list(range(1, len(schedule) + 1))
    for line, following in pairwise(schedule):
        assert line.start <= line.end
        assert following.start == line.end + timedelta(days=1)


@settings(deadline=None)
@given(lease_terms())
def test_totals_are_exact_to_the_cent(terms: LeaseTerms) -> None:
    schedule = build_schedule(terms)
    summary = summarize(terms, schedule)

    assert summary.total_rent == sum(dues(schedule), D(0))
    assert summary.total_rent == summary.gross_rent - summary.free_rent
    for line in schedule:
        assert D(0) <= line.free <= line.rent
        assert line.due == line.rent - line.free
        assert all(map(has_two_places, (line.monthly_rent, line.rent, line.free, line.due)))
    money = (summary.gross_rent, summary.free_rent, summary.total_rent)
    assert all(map(has_two_places, money))
    assert has_two_places(summary.average_monthly_rent)
    assert has_two_places(summary.net_effective_rent)


@settings(deadline=None)
@given(lease_terms())
def test_rent_on_matches_the_schedule(terms: LeaseTerms) -> None:
    schedule = build_schedule(terms)
    # Every line where the face rent moves, plus the first and the last.
    checked = [schedule[0], schedule[-1]] + [
        line for previous, line in pairwise(schedule) if line.monthly_rent != previous.monthly_rent
    ]
    for line in checked:
        assert rent_on(terms, line.start) == line.monthly_rent


@settings(deadline=None)
@given(lease_terms(with_steps=False, whole_months=True))
def test_flat_whole_month_lease_totals_base_times_months(terms: LeaseTerms) -> None:
    summary = summarize(terms)
    months = len(build_schedule(terms))
    assert summary.months == months
    assert summary.total_rent == terms.base_rent * months
    assert summary.average_monthly_rent == terms.base_rent


@settings(deadline=None)
@given(lease_terms(), st.integers(0, 4000))
def test_rent_on_any_day_agrees_with_the_whole_timeline(terms: LeaseTerms, offset: int) -> None:
    """``rent_on`` works out only the changes up to the day; the full timeline must agree."""
    day = terms.start + timedelta(days=offset)
    expected = _Timeline.of(terms).rent_on(day) if day <= terms.end else None
    assert rent_on(terms, day) == expected
