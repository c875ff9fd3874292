"""Critical dates of a lease. Expected dates are worked out by hand in the comments."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.leases.critical_dates import (
    CriticalDate,
    DateKind,
    LeaseOption,
    OptionKind,
    critical_dates,
    notice_deadline,
    option_errors,
)
from tenantcrm.leases.rent import LeaseTerms, RentStep, StepKind, Violation

D = Decimal

# 1 Jan 2025 to 31 Dec 2027 at 10,000 a month, rising 3 % every 12 months from 1 Jan 2026.
TERMS = LeaseTerms(
    date(2025, 1, 1),
    date(2027, 12, 31),
    D("10000.00"),
    (RentStep(StepKind.PERCENT, date(2026, 1, 1), percent=D("3"), every_months=12),),
)
RENEW = LeaseOption(OptionKind.RENEW, date(2027, 1, 1), date(2027, 6, 30), "5 more years")
BREAK = LeaseOption(OptionKind.BREAK, date(2026, 1, 1), date(2026, 3, 31))


# --- Notice deadlines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "months", "deadline"),
    [
        (date(2027, 8, 31), 6, date(2027, 2, 28)),  # no 31 Feb: the end of February
        (date(2028, 8, 31), 6, date(2028, 2, 29)),  # 2028 is a leap year
        (date(2027, 12, 31), 6, date(2027, 6, 30)),  # no 31 Jun
        (date(2027, 12, 31), 3, date(2027, 9, 30)),
        (date(2027, 3, 31), 1, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2027, 2, 28)),  # a leap day a year back
        (date(2028, 2, 29), 48, date(2024, 2, 29)),  # four years back is a leap day again
        (date(2027, 6, 30), 6, date(2026, 12, 30)),  # a shorter month's last day stays its day
        (date(2027, 12, 31), 0, date(2027, 12, 31)),  # no notice period: the expiry itself
    ],
)
def test_notice_deadline(end: date, months: int, deadline: date) -> None:
    assert notice_deadline(end, months) == deadline


def test_a_negative_notice_period_is_refused() -> None:
    with pytest.raises(ValueError, match="notice_months"):
        notice_deadline(date(2027, 12, 31), -1)


@given(st.dates(date(1901, 1, 1), date(2199, 12, 31)), st.integers(0, 120))
def test_the_deadline_is_the_same_day_months_back_or_that_months_last(
    end: date, months: int
) -> None:
    deadline = notice_deadline(end, months)
    assert deadline <= end
    assert (end.year * 12 + end.month) - (deadline.year * 12 + deadline.month) == months
    last_day = calendar.monthrange(deadline.year, deadline.month)[1]
    assert deadline.day == min(end.day, last_day)


# --- The list of dates ------------------------------------------------------------------------


def test_dates_from_today_in_order() -> None:
    found = critical_dates(TERMS, 6, [RENEW, BREAK], today=date(2026, 2, 1))

    # Rent: 10,000 * 1.03 = 10,300 from 1 Jan 2026 (already past), 10,300 * 1.03 = 10,609
    # from 1 Jan 2027. Notice: 31 Dec 2027 less 6 months = 30 Jun 2027 (June has 30 days).
    # Break opened on 1 Jan 2026 (past) and closes on 31 Mar 2026.
    assert found == [
        CriticalDate(date(2026, 3, 31), DateKind.OPTION_CLOSES, "Break option closes", BREAK.kind),
        CriticalDate(date(2027, 1, 1), DateKind.RENT_STEP, "Rent becomes 10,609.00 a month"),
        CriticalDate(
            date(2027, 1, 1),
            DateKind.OPTION_OPENS,
            "Renewal option opens: 5 more years",
            RENEW.kind,
        ),
        CriticalDate(
            date(2027, 6, 30),
            DateKind.NOTICE_DEADLINE,
            "Last day to give notice (6 months before expiry)",
        ),
        CriticalDate(
            date(2027, 6, 30),
            DateKind.OPTION_CLOSES,
            "Renewal option closes: 5 more years",
            RENEW.kind,
        ),
        CriticalDate(date(2027, 12, 31), DateKind.EXPIRY, "Lease expires"),
    ]


def test_a_date_on_today_is_kept_and_the_window_is_inclusive() -> None:
    # today 1 Jan 2026: the rent step and the break opening fall on today itself;
    # 1 Jan + 89 days (31 + 28 + 30) is 31 Mar 2026, when the break closes.
    found = critical_dates(TERMS, 6, [BREAK], today=date(2026, 1, 1), within_days=89)
    assert [(d.day, d.kind) for d in found] == [
        (date(2026, 1, 1), DateKind.RENT_STEP),
        (date(2026, 1, 1), DateKind.OPTION_OPENS),
        (date(2026, 3, 31), DateKind.OPTION_CLOSES),
    ]
    assert critical_dates(TERMS, 6, [BREAK], today=date(2026, 1, 1), within_days=88)[-1].day == (
        date(2026, 1, 1)
    )


def test_within_days_zero_is_today_only() -> None:
    found = critical_dates(TERMS, 0, [], today=date(2027, 12, 31), within_days=0)
    # no notice period: the deadline is the expiry day, listed after the expiry itself
    assert found == [
        CriticalDate(date(2027, 12, 31), DateKind.EXPIRY, "Lease expires"),
        CriticalDate(
            date(2027, 12, 31),
            DateKind.NOTICE_DEADLINE,
            "Last day to give notice (no notice period: the expiry itself)",
        ),
    ]


def test_nothing_after_the_expiry() -> None:
    assert critical_dates(TERMS, 6, [RENEW], today=date(2028, 1, 1)) == []


def test_two_options_closing_on_one_day_follow_the_option_kind_order() -> None:
    expand = LeaseOption(OptionKind.EXPAND, date(2026, 6, 1), date(2026, 6, 30))
    renew = LeaseOption(OptionKind.RENEW, date(2026, 5, 1), date(2026, 6, 30))
    found = critical_dates(TERMS, 6, [expand, renew], today=date(2026, 6, 15))
    assert [(d.kind, d.option_kind) for d in found[:2]] == [
        (DateKind.OPTION_CLOSES, OptionKind.RENEW),
        (DateKind.OPTION_CLOSES, OptionKind.EXPAND),
    ]


def test_bad_input_is_refused() -> None:
    today = date(2026, 1, 1)
    with pytest.raises(ValueError, match="within_days"):
        critical_dates(TERMS, 6, [], today, within_days=-1)
    late = LeaseOption(OptionKind.RENEW, date(2027, 6, 1), date(2028, 6, 1))
    with pytest.raises(ValueError, match=r"options\[0\].closes"):
        critical_dates(TERMS, 6, [late], today)
    with pytest.raises(ValueError, match="invalid lease terms"):
        critical_dates(LeaseTerms(TERMS.end, TERMS.start, D("1")), 6, [], today)


def test_option_errors() -> None:
    good = LeaseOption(OptionKind.EXPAND, date(2025, 1, 1), date(2027, 12, 31))
    backwards = LeaseOption(OptionKind.CONTRACT, date(2026, 5, 1), date(2026, 4, 30))
    outside = LeaseOption(OptionKind.BREAK, date(2024, 12, 31), date(2028, 1, 1))
    bad_kind = LeaseOption("sublet", date(2026, 1, 1), date(2026, 1, 1))  # type: ignore[arg-type]

    assert option_errors([good], TERMS.start, TERMS.end) == []
    assert option_errors([good, backwards, outside, bad_kind], TERMS.start, TERMS.end) == [
        Violation("options[1].closes", "must not be before opens"),
        Violation("options[2].opens", "must be within the lease term (start_date to end_date)"),
        Violation("options[2].closes", "must be within the lease term (start_date to end_date)"),
        Violation("options[3].kind", "must be one of renew, expand, contract, break"),
    ]


@given(
    today=st.dates(date(2024, 6, 1), date(2028, 6, 1)),
    within=st.none() | st.integers(0, 800),
    notice=st.integers(0, 24),
)
def test_every_date_is_in_the_window_and_in_order(
    today: date, within: int | None, notice: int
) -> None:
    found = critical_dates(TERMS, notice, [RENEW, BREAK], today, within)
    last = date.max if within is None else today + timedelta(days=within)
    assert all(today <= d.day <= last for d in found)
    assert [d.day for d in found] == sorted(d.day for d in found)
    if today <= TERMS.end <= last:
        assert CriticalDate(TERMS.end, DateKind.EXPIRY, "Lease expires") in found
