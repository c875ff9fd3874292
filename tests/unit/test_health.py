"""Tenant health: deductions counted by hand, bands, stages, and properties of the score."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.health.scoring import (
    Band,
    RenewalIntent,
    Sign,
    Signals,
    Stage,
    assess,
    band_of,
)

TODAY = date(2026, 3, 15)


def test_a_quiet_long_standing_tenant_is_healthy_and_stable() -> None:
    health = assess(Signals(tenure_months=40, months_to_expiry=30), TODAY)
    assert (health.score, health.band, health.stage, health.reasons) == (
        100,
        Band.HEALTHY,
        Stage.STABILITY,
        (),
    )


def test_every_sign_is_a_reason_with_its_points() -> None:
    signals = Signals(
        tenure_months=50,
        care_overdue_days=45,  # 20: more than 30 days late
        open_complaints=2,  # 20: 10 each
        complaints_past_sla=1,  # 10
        complaints_last_year=3,  # 15: three in a year
        satisfaction=Decimal("5.5"),  # 20: below 6
        previous_satisfaction=Decimal("7.0"),  # 10: fell by 1.5
        contraction_requested=True,  # 15
        months_to_expiry=10,  # 25: within 12 months and no talks
        renewal_intent=RenewalIntent.UNSURE,  # 10
    )
    health = assess(signals, TODAY)
    points = {r.sign: r.points for r in health.reasons}
    assert points == {
        Sign.CARE_OVERDUE: 20,
        Sign.OPEN_COMPLAINTS: 20,
        Sign.COMPLAINTS_PAST_SLA: 10,
        Sign.REPEATED_COMPLAINTS: 15,
        Sign.LOW_SATISFACTION: 20,
        Sign.FALLING_SATISFACTION: 10,
        Sign.CONTRACTION_REQUESTED: 15,
        Sign.EXPIRY_WITHOUT_TALKS: 25,
        Sign.RENEWAL_INTENT: 10,
    }
    # 100 - 145 is below zero: the score stops at 0.
    assert health.score == 0
    assert health.band is Band.CRITICAL
    assert health.stage is Stage.DECLINE
    assert [r.points for r in health.reasons] == sorted(points.values(), reverse=True)


def test_thresholds_on_both_sides() -> None:
    def score(**changes: object) -> int:
        return assess(dataclasses.replace(Signals(tenure_months=30), **changes), TODAY).score

    assert score(care_overdue_days=30) == 90  # 30 days late: still the smaller deduction
    assert score(care_overdue_days=31) == 80
    assert score(open_complaints=5) == 70  # capped at 30
    assert score(complaints_past_sla=4) == 80  # capped at 20
    assert score(complaints_last_year=2) == 100
    assert score(satisfaction=Decimal("6")) == 100  # 6 is not low
    assert score(satisfaction=Decimal("6"), previous_satisfaction=Decimal("7.4")) == 100
    assert score(satisfaction=Decimal("6"), previous_satisfaction=Decimal("7.5")) == 90
    assert score(months_to_expiry=12) == 75
    assert score(months_to_expiry=13) == 90
    assert score(months_to_expiry=18) == 90
    assert score(months_to_expiry=19) == 100
    assert score(months_to_expiry=6, renewal_in_talks=True) == 100
    assert score(renewal_intent=RenewalIntent.UNLIKELY) == 75
    assert score(renewal_intent=RenewalIntent.LIKELY) == 100


def test_bands() -> None:
    assert [band_of(s) for s in (100, 80, 79, 60, 59, 40, 39, 0)] == [
        Band.HEALTHY,
        Band.HEALTHY,
        Band.WATCH,
        Band.WATCH,
        Band.AT_RISK,
        Band.AT_RISK,
        Band.CRITICAL,
        Band.CRITICAL,
    ]


def test_stages_follow_tenure_while_healthy() -> None:
    assert assess(Signals(tenure_months=5), TODAY).stage is Stage.EXPLORATION
    assert assess(Signals(tenure_months=6), TODAY).stage is Stage.FORMATION
    assert assess(Signals(tenure_months=23), TODAY).stage is Stage.FORMATION
    assert assess(Signals(tenure_months=24), TODAY).stage is Stage.STABILITY


def test_a_tenant_at_risk_is_in_repair_when_it_visibly_mends() -> None:
    # 25 (expiry, no talks) + 25 (unlikely to renew) = 50 off: at risk.
    troubled = Signals(tenure_months=60, months_to_expiry=8, renewal_intent=RenewalIntent.UNLIKELY)
    assert assess(troubled, TODAY).score == 50
    assert assess(troubled, TODAY).stage is Stage.DECLINE

    rising = dataclasses.replace(
        troubled, satisfaction=Decimal("7"), previous_satisfaction=Decimal("6")
    )
    assert assess(rising, TODAY).stage is Stage.REPAIR

    settled = dataclasses.replace(
        troubled, last_complaint_closed_on=date(2025, 12, 15), last_complaint_satisfied=True
    )  # 90 days before 2026-03-15
    assert assess(settled, TODAY).stage is Stage.REPAIR
    too_long_ago = dataclasses.replace(settled, last_complaint_closed_on=date(2025, 12, 14))
    assert assess(too_long_ago, TODAY).stage is Stage.DECLINE
    unhappy = dataclasses.replace(settled, last_complaint_satisfied=False)
    assert assess(unhappy, TODAY).stage is Stage.DECLINE


scores = st.decimals(min_value=0, max_value=10, places=1)
signals = st.builds(
    Signals,
    tenure_months=st.integers(0, 600),
    care_overdue_days=st.integers(0, 400),
    open_complaints=st.integers(0, 20),
    complaints_past_sla=st.integers(0, 20),
    complaints_last_year=st.integers(0, 50),
    satisfaction=st.none() | scores,
    previous_satisfaction=st.none() | scores,
    renewal_intent=st.none() | st.sampled_from(RenewalIntent),
    contraction_requested=st.booleans(),
    months_to_expiry=st.none() | st.integers(0, 240),
    renewal_in_talks=st.booleans(),
)


@given(signals)
def test_the_score_is_100_less_the_reasons_and_never_below_0(s: Signals) -> None:
    health = assess(s, TODAY)
    assert 0 <= health.score <= 100
    assert health.score == max(0, 100 - sum(r.points for r in health.reasons))
    assert health.band is band_of(health.score)
    assert health.at_risk == (health.stage in (Stage.DECLINE, Stage.REPAIR))


@given(signals, st.integers(1, 5))
def test_more_trouble_never_raises_the_score(s: Signals, more: int) -> None:
    worse = dataclasses.replace(
        s,
        care_overdue_days=s.care_overdue_days + more * 10,
        open_complaints=s.open_complaints + more,
        complaints_past_sla=s.complaints_past_sla + more,
        complaints_last_year=s.complaints_last_year + more,
        contraction_requested=True,
    )
    assert assess(worse, TODAY).score <= assess(s, TODAY).score
