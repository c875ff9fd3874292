"""Rent concessions in the schedule and the net effective rent, worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tenantcrm.leases.rent import (
    Concession,
    LeaseTerms,
    RentStep,
    StepKind,
    Violation,
    build_schedule,
    summarize,
    validate_terms,
)

D = Decimal
START, END = date(2025, 1, 1), date(2027, 12, 31)


def terms(*concessions: Concession, steps: tuple[RentStep, ...] = (), incentive: str = "0"):
    """1 Jan 2025 to 31 Dec 2027 (36 periods) at 10,000.00 a month."""
    return LeaseTerms(START, END, D("10000.00"), steps, D(incentive), concessions=concessions)


def test_whole_months_reduce_total_and_net_effective_rent() -> None:
    plain = summarize(terms())
    conceded = summarize(terms(Concession(date(2026, 1, 1), date(2026, 6, 30), D("2000.00"))))
    # 36 x 10,000 = 360,000; NER 360,000 / 36 = 10,000.00.
    assert (plain.total_rent, plain.net_effective_rent) == (D("360000.00"), D("10000.00"))
    # 6 periods x 2,000 = 12,000 off: total 348,000, NER 348,000 / 36 = 9,666.666... -> 9,666.67.
    assert conceded.concessions == D("12000.00")
    assert conceded.gross_rent == D("360000.00")
    assert conceded.total_rent == D("348000.00")
    assert conceded.net_effective_rent == D("9666.67")
    assert conceded.average_monthly_rent == D("10000.00")  # face rent is unchanged


def test_incentive_and_concession_both_lower_the_net_effective_rent() -> None:
    # (360,000 - 12,000 - 36,000 incentive) / 36 = 312,000 / 36 = 8,666.67.
    summary = summarize(
        terms(Concession(date(2026, 1, 1), date(2026, 6, 30), D("2000.00")), incentive="36000")
    )
    assert summary.net_effective_rent == D("8666.67")


def test_a_part_month_is_prorated_by_day() -> None:
    lines = build_schedule(terms(Concession(date(2026, 1, 16), date(2026, 1, 31), D("2000.00"))))
    january = lines[12]  # period 13: 1 to 31 Jan 2026
    # 16 of 31 days at 2,000: 32,000 / 31 = 1,032.258... -> 1,032.26; due 10,000 - 1,032.26.
    assert (january.concession, january.due) == (D("1032.26"), D("8967.74"))
    assert all(line.concession == 0 for line in lines if line.number != 13)


def test_no_concession_on_free_days_and_never_above_the_face_rent() -> None:
    free_february = (RentStep(StepKind.FREE, date(2026, 2, 1), months=1),)
    lines = build_schedule(
        terms(
            Concession(date(2026, 1, 1), date(2026, 3, 31), D("15000.00")),
            steps=free_february,
        )
    )
    jan, feb, mar = lines[12], lines[13], lines[14]
    # Jan and Mar: 15,000 is capped at the 10,000 face rent, nothing due.
    assert (jan.concession, jan.due) == (D("10000.00"), D("0.00"))
    assert (mar.concession, mar.due) == (D("10000.00"), D("0.00"))
    # Feb is free: the free rent abates it, the concession adds nothing.
    assert (feb.free, feb.concession, feb.due) == (D("10000.00"), D("0.00"), D("0.00"))


def test_overlapping_concessions_add_up() -> None:
    lines = build_schedule(
        terms(
            Concession(date(2025, 3, 1), date(2025, 3, 31), D("1000.00")),
            Concession(date(2025, 3, 1), date(2025, 4, 30), D("500.00")),
        )
    )
    # March: 1,000 + 500; April: 500 only.
    assert (lines[2].concession, lines[3].concession) == (D("1500.00"), D("500.00"))


def test_bad_concessions_are_named() -> None:
    problems = validate_terms(terms(Concession(date(2026, 2, 1), date(2026, 1, 1), D("-1.00"))))
    assert Violation("concessions[0].end", "must not be before start") in problems
    assert Violation("concessions[0].monthly_amount", "must not be negative") in problems


@st.composite
def concessions(draw: st.DrawFn) -> tuple[Concession, ...]:
    found = []
    for _ in range(draw(st.integers(0, 3))):
        first = START + timedelta(days=draw(st.integers(0, 1094)))
        last = first + timedelta(days=draw(st.integers(0, 400)))
        cents = draw(st.integers(1, 1_500_000))
        found.append(Concession(first, last, D(cents) / 100))
    return tuple(found)


@settings(max_examples=60, deadline=None)
@given(concessions(), st.integers(0, 3))
def test_lines_add_up_and_concessions_only_lower_rent(
    granted: tuple[Concession, ...], free_months: int
) -> None:
    steps = (RentStep(StepKind.FREE, date(2025, 6, 1), months=free_months),) if free_months else ()
    with_them = terms(*granted, steps=steps)
    lines = build_schedule(with_them)
    for line in lines:
        assert D(0) <= line.concession <= line.rent - line.free
        assert line.due == line.rent - line.free - line.concession
    summary = summarize(with_them, lines)
    assert summary.total_rent == sum((line.due for line in lines), D("0.00"))
    assert summary.net_effective_rent <= summarize(terms(steps=steps)).net_effective_rent
