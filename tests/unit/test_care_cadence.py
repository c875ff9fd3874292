"""Care cadence: intervals by tier, anchor, value and expiry step-up; due days by the calendar."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.care.cadence import (
    CadencePolicy,
    care_plan,
    due_after,
    effective_tier,
    intervals,
    months_between,
)
from tenantcrm.care.enums import ContactKind as K
from tenantcrm.care.enums import PlanSource as S
from tenantcrm.tenants.enums import Tier

LOW = Decimal("1200000")  # below the 5,000,000 high-value line
HIGH = Decimal("5000000")  # exactly on the line: counts as high


def plan_of(**kw):  # type: ignore[no-untyped-def]
    base = {
        "tier": Tier.STANDARD,
        "is_anchor": False,
        "annual_rent": LOW,
        "months_to_expiry": 30,
        "since": date(2025, 1, 1),
        "today": date(2026, 3, 15),
    }
    return care_plan(**{**base, **kw})


def summary(items):  # type: ignore[no-untyped-def]
    return {i.kind: (i.interval_months, i.source) for i in items}


# --- intervals ------------------------------------------------------------------------------


def test_standard_tenant_is_called_quarterly_and_asked_for_feedback_yearly() -> None:
    assert summary(plan_of()) == {K.CALL: (3, S.TIER), K.FEEDBACK_REQUEST: (12, S.TIER)}


def test_key_and_strategic_tiers() -> None:
    assert summary(plan_of(tier=Tier.KEY)) == {
        K.VISIT: (6, S.TIER),
        K.CALL: (2, S.TIER),
        K.FEEDBACK_REQUEST: (12, S.TIER),
    }
    assert summary(plan_of(tier=Tier.STRATEGIC)) == {
        K.VISIT: (3, S.TIER),
        K.CALL: (1, S.TIER),
        K.BUSINESS_REVIEW: (6, S.TIER),
        K.FEEDBACK_REQUEST: (12, S.TIER),
    }


def test_high_rent_raises_the_tier_one_step() -> None:
    assert effective_tier(Tier.STANDARD, HIGH) is Tier.KEY
    assert effective_tier(Tier.KEY, HIGH) is Tier.STRATEGIC
    assert effective_tier(Tier.STRATEGIC, HIGH) is Tier.STRATEGIC
    assert effective_tier(Tier.STANDARD, HIGH - Decimal("0.01")) is Tier.STANDARD
    assert summary(plan_of(annual_rent=HIGH))[K.VISIT] == (6, S.TIER)


def test_anchor_gets_a_monthly_executive_visit_and_a_quarterly_business_review() -> None:
    got = summary(plan_of(is_anchor=True))
    assert got == {
        K.VISIT: (1, S.ANCHOR),
        K.CALL: (3, S.TIER),
        K.BUSINESS_REVIEW: (3, S.ANCHOR),
        K.FEEDBACK_REQUEST: (12, S.TIER),
    }


def test_step_up_inside_18_months_halves_intervals_and_adds_a_quarterly_visit() -> None:
    # standard, 18 months to expiry: call 3 -> 1 (3 // 2), feedback 12 -> 6, visit added at 3
    got = summary(plan_of(months_to_expiry=18))
    assert got == {
        K.VISIT: (3, S.STEP_UP),
        K.CALL: (1, S.STEP_UP),
        K.FEEDBACK_REQUEST: (6, S.STEP_UP),
    }
    # 19 months: outside the window, nothing changes
    assert summary(plan_of(months_to_expiry=19)) == summary(plan_of())


def test_step_up_keeps_the_reason_of_an_interval_it_cannot_shorten() -> None:
    # anchor visit is monthly already: 1 // 2 = 0 -> at least 1, so still the anchor's
    got = summary(plan_of(is_anchor=True, months_to_expiry=6))
    assert got[K.VISIT] == (1, S.ANCHOR)
    assert got[K.BUSINESS_REVIEW] == (1, S.STEP_UP)  # 3 // 2 = 1


def test_step_up_window_is_configurable() -> None:
    policy = CadencePolicy(step_up_months=12)
    assert intervals(Tier.STANDARD, False, LOW, 13, policy=policy)[K.CALL] == (3, S.TIER)
    assert intervals(Tier.STANDARD, False, LOW, 12, policy=policy)[K.CALL] == (1, S.STEP_UP)


def test_overrides_set_add_or_disable_kinds_and_are_final() -> None:
    got = summary(
        plan_of(
            months_to_expiry=6,  # step-up would halve, but an override is final
            overrides={K.CALL: 2, K.GIFT: 12, K.FEEDBACK_REQUEST: None},
        )
    )
    assert got == {K.VISIT: (3, S.STEP_UP), K.CALL: (2, S.OVERRIDE), K.GIFT: (12, S.OVERRIDE)}


# --- due days -------------------------------------------------------------------------------


def test_monthly_from_jan_31_falls_on_the_last_day_of_february() -> None:
    assert due_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert due_after(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert due_after(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert due_after(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert due_after(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert due_after(date(2027, 2, 28), 12) == date(2028, 2, 28)  # not moved to the 29th


def test_due_counts_from_the_last_contact_of_its_own_kind_only() -> None:
    items = plan_of(
        last_contacts={K.CALL: date(2026, 1, 31), K.VISIT: date(2026, 3, 1)},
        today=date(2026, 3, 15),
    )
    call = next(i for i in items if i.kind is K.CALL)
    # call every 3 months from 2026-01-31: 2026-04-30 (April has 30 days); a visit changes nothing
    assert (call.last_contact, call.next_due, call.overdue) == (
        date(2026, 1, 31),
        date(2026, 4, 30),
        False,
    )


def test_never_contacted_kind_counts_from_when_care_began() -> None:
    items = plan_of(since=date(2025, 11, 30), today=date(2026, 3, 1))
    call = next(i for i in items if i.kind is K.CALL)
    # 2025-11-30 + 3 months = 2026-02-28 (not a leap year) < 2026-03-01: overdue
    assert (call.last_contact, call.next_due, call.overdue) == (None, date(2026, 2, 28), True)


def test_due_today_is_not_overdue() -> None:
    items = plan_of(last_contacts={K.CALL: date(2025, 12, 15)}, today=date(2026, 3, 15))
    call = next(i for i in items if i.kind is K.CALL)
    assert (call.next_due, call.overdue) == (date(2026, 3, 15), False)


def test_months_between_counts_whole_calendar_months() -> None:
    assert months_between(date(2026, 3, 15), date(2027, 9, 14)) == 17  # a day short of 18
    assert months_between(date(2026, 3, 15), date(2027, 9, 15)) == 18
    assert months_between(date(2026, 3, 15), date(2026, 1, 1)) == -2


def test_an_interval_below_one_month_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        due_after(date(2026, 1, 1), 0)
    with pytest.raises(ValueError, match="at least 1"):
        intervals(Tier.STANDARD, False, LOW, None, {K.CALL: 0})


# --- properties -----------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
tiers = st.sampled_from(list(Tier))
rents = st.decimals(min_value=0, max_value=50_000_000, places=2)
expiries = st.one_of(st.none(), st.integers(min_value=-12, max_value=120))


@given(days, st.integers(min_value=1, max_value=120))
def test_next_due_is_always_after_the_last_contact(last: date, months: int) -> None:
    due = due_after(last, months)
    assert due > last
    # and never more than the interval's worth of 31-day months later
    assert due - last <= timedelta(days=31 * months)


@given(tiers, st.booleans(), rents, expiries)
def test_stepping_up_never_lengthens_an_interval(
    tier: Tier, anchor: bool, rent: Decimal, months: int | None
) -> None:
    calm = intervals(tier, anchor, rent, None)
    near = intervals(tier, anchor, rent, 6)
    for kind, (interval, _) in calm.items():
        assert near[kind][0] <= interval
    assert intervals(tier, anchor, rent, months).keys() >= calm.keys()


@given(tiers, st.booleans(), rents, expiries, days, st.dictionaries(st.sampled_from(list(K)), days))
def test_plan_due_days_follow_their_last_contacts(
    tier: Tier,
    anchor: bool,
    rent: Decimal,
    months: int | None,
    since: date,
    last: dict[K, date],
) -> None:
    today = date(2050, 6, 15)
    for item in care_plan(
        tier=tier,
        is_anchor=anchor,
        annual_rent=rent,
        months_to_expiry=months,
        since=since,
        today=today,
        last_contacts=last,
    ):
        start = last.get(item.kind, since)
        assert item.next_due > start
        assert item.next_due == due_after(start, item.interval_months)
        assert item.overdue == (item.next_due < today)
        assert item.interval_months >= 1


@given(tiers, rents, expiries)
def test_an_anchor_is_owed_at_least_as_much_as_anyone(
    tier: Tier, rent: Decimal, months: int | None
) -> None:
    plain = intervals(tier, False, rent, months)
    anchor = intervals(tier, True, rent, months)
    for kind, (interval, _) in plain.items():
        assert anchor[kind][0] <= interval
