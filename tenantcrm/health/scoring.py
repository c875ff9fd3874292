"""Tenant health: a score out of 100, a relationship stage, and the reasons behind both.

Pure rules. The score starts at 100 and each warning sign takes points off (never below 0);
every deduction is a reason shown to the manager, so the score is never a black box:

==========================================  ======  ==========================================
sign                                        points  when
==========================================  ======  ==========================================
care overdue                                10 / 20 a care contact is overdue; 20 past 30 days
open complaints                             10 each an open complaint (at most 30)
complaint past its SLA                      10 each on top of the above (at most 20)
repeated complaints                         15      3 or more complaints in the last 12 months
low satisfaction                            20      latest overall score below 6 (of 10)
falling satisfaction                        10      latest at least 1.5 below the one before
contraction requested                       15      an open request to give space back
expiry near with no renewal talks           25 / 10 expiry within 12 (25) or 18 (10) months,
                                                    no renewal beyond "not started"
renewal intent                              25 / 10 the last survey said unlikely (25) or
                                                    unsure (10)
==========================================  ======  ==========================================

Bands: 80 and over healthy, 60 to 79 watch, 40 to 59 at risk, under 40 critical.

Relationship stage (DOMAIN.md, "Relationship health"): a tenant scoring under 60 is in
*decline*, or in *repair* when it is visibly mending (satisfaction rising, or its last
complaint closed to its satisfaction within 90 days and none open). Otherwise the stage follows
tenure: *exploration* in the first 6 months, *formation* until 24 months, then *stability*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

CARE_LATE_DAYS = 30
REPEATED_COMPLAINTS = 3
LOW_SATISFACTION = Decimal("6")
FALLING_BY = Decimal("1.5")
EXPIRY_URGENT_MONTHS = 12
EXPIRY_NEAR_MONTHS = 18
REPAIR_WINDOW_DAYS = 90
EXPLORATION_MONTHS = 6
FORMATION_MONTHS = 24
AT_RISK_BELOW = 60


class Band(StrEnum):
    HEALTHY = "healthy"
    WATCH = "watch"
    AT_RISK = "at_risk"
    CRITICAL = "critical"


class Stage(StrEnum):
    EXPLORATION = "exploration"
    FORMATION = "formation"
    STABILITY = "stability"
    DECLINE = "decline"
    REPAIR = "repair"


class RenewalIntent(StrEnum):
    LIKELY = "likely"
    UNSURE = "unsure"
    UNLIKELY = "unlikely"


class Sign(StrEnum):
    CARE_OVERDUE = "care_overdue"
    OPEN_COMPLAINTS = "open_complaints"
    COMPLAINTS_PAST_SLA = "complaints_past_sla"
    REPEATED_COMPLAINTS = "repeated_complaints"
    LOW_SATISFACTION = "low_satisfaction"
    FALLING_SATISFACTION = "falling_satisfaction"
    CONTRACTION_REQUESTED = "contraction_requested"
    EXPIRY_WITHOUT_TALKS = "expiry_without_talks"
    RENEWAL_INTENT = "renewal_intent"


@dataclass(frozen=True, slots=True, kw_only=True)
class Signals:
    """What is known of one tenant on the day of scoring."""

    tenure_months: int
    """Months since the tenant's first lease began."""
    care_overdue_days: int = 0
    """Days the most overdue care contact is late (0: none overdue)."""
    open_complaints: int = 0
    complaints_past_sla: int = 0
    complaints_last_year: int = 0
    last_complaint_closed_on: date | None = None
    last_complaint_satisfied: bool | None = None
    satisfaction: Decimal | None = None
    """Latest overall survey score, 0 to 10."""
    previous_satisfaction: Decimal | None = None
    renewal_intent: RenewalIntent | None = None
    contraction_requested: bool = False
    months_to_expiry: int | None = None
    """Whole months until its next lease expiry (None: no lease in force)."""
    renewal_in_talks: bool = False
    """A renewal of that lease has gone beyond "not started" (or is signed)."""


@dataclass(frozen=True, slots=True)
class Reason:
    sign: Sign
    points: int
    message: str


@dataclass(frozen=True, slots=True)
class Health:
    score: int
    band: Band
    stage: Stage
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def at_risk(self) -> bool:
        return self.score < AT_RISK_BELOW


def band_of(score: int) -> Band:
    if score >= 80:
        return Band.HEALTHY
    if score >= AT_RISK_BELOW:
        return Band.WATCH
    if score >= 40:
        return Band.AT_RISK
    return Band.CRITICAL


def _care(s: Signals) -> list[Reason]:
    if s.care_overdue_days <= 0:
        return []
    points = 20 if s.care_overdue_days > CARE_LATE_DAYS else 10
    return [Reason(Sign.CARE_OVERDUE, points, f"care contact {s.care_overdue_days} days overdue")]


def _complaints(s: Signals) -> list[Reason]:
    found: list[Reason] = []
    if s.open_complaints > 0:
        points = min(30, 10 * s.open_complaints)
        found.append(Reason(Sign.OPEN_COMPLAINTS, points, f"{s.open_complaints} open complaint(s)"))
    if s.complaints_past_sla > 0:
        points = min(20, 10 * s.complaints_past_sla)
        message = f"{s.complaints_past_sla} complaint(s) past their SLA"
        found.append(Reason(Sign.COMPLAINTS_PAST_SLA, points, message))
    if s.complaints_last_year >= REPEATED_COMPLAINTS:
        message = f"{s.complaints_last_year} complaints in the last 12 months"
        found.append(Reason(Sign.REPEATED_COMPLAINTS, 15, message))
    return found


def _satisfaction(s: Signals) -> list[Reason]:
    found: list[Reason] = []
    if s.satisfaction is None:
        return found
    if s.satisfaction < LOW_SATISFACTION:
        found.append(Reason(Sign.LOW_SATISFACTION, 20, f"satisfaction {s.satisfaction} of 10"))
    if s.previous_satisfaction is not None and (
        s.previous_satisfaction - s.satisfaction >= FALLING_BY
    ):
        message = f"satisfaction fell from {s.previous_satisfaction} to {s.satisfaction}"
        found.append(Reason(Sign.FALLING_SATISFACTION, 10, message))
    return found


def _renewal(s: Signals) -> list[Reason]:
    found: list[Reason] = []
    if s.contraction_requested:
        found.append(Reason(Sign.CONTRACTION_REQUESTED, 15, "asked to give space back"))
    months = s.months_to_expiry
    if months is not None and not s.renewal_in_talks and months <= EXPIRY_NEAR_MONTHS:
        points = 25 if months <= EXPIRY_URGENT_MONTHS else 10
        message = f"lease expires in {months} months with no renewal talks"
        found.append(Reason(Sign.EXPIRY_WITHOUT_TALKS, points, message))
    if s.renewal_intent is RenewalIntent.UNLIKELY:
        found.append(Reason(Sign.RENEWAL_INTENT, 25, "says renewal is unlikely"))
    elif s.renewal_intent is RenewalIntent.UNSURE:
        found.append(Reason(Sign.RENEWAL_INTENT, 10, "is unsure about renewing"))
    return found


def _mending(s: Signals, today: date) -> bool:
    rising = (
        s.satisfaction is not None
        and s.previous_satisfaction is not None
        and s.satisfaction > s.previous_satisfaction
    )
    settled = (
        s.open_complaints == 0
        and s.last_complaint_satisfied is True
        and s.last_complaint_closed_on is not None
        and 0 <= (today - s.last_complaint_closed_on).days <= REPAIR_WINDOW_DAYS
    )
    return rising or settled


def stage_of(score: int, s: Signals, today: date) -> Stage:
    if score < AT_RISK_BELOW:
        return Stage.REPAIR if _mending(s, today) else Stage.DECLINE
    if s.tenure_months < EXPLORATION_MONTHS:
        return Stage.EXPLORATION
    if s.tenure_months < FORMATION_MONTHS:
        return Stage.FORMATION
    return Stage.STABILITY


def assess(signals: Signals, today: date) -> Health:
    """The tenant's health on ``today``: reasons largest first, then in the table's order."""
    reasons = _care(signals) + _complaints(signals) + _satisfaction(signals) + _renewal(signals)
    score = max(0, 100 - sum(r.points for r in reasons))
    ordered = tuple(sorted(reasons, key=lambda r: -r.points))
    return Health(score, band_of(score), stage_of(score, signals, today), ordered)
