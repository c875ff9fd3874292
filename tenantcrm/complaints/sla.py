"""SLA clocks of complaint stages: how long each stage may take, when it is due, overdue or not.

The clock counts **calendar days**, not business days: a tenant with a broken air conditioner
does not wait for Monday, and the buildings have no holiday calendar yet. A stage entered on day
``d`` with an allowance of ``n`` days is due on ``d + n``; it is overdue from ``d + n + 1`` on
(the due day itself is still in time). Closed and withdrawn complaints run no clock.

Pure: today is a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from tenantcrm.complaints.enums import ComplaintState, Severity

S = ComplaintState
V = Severity

STAGE_DAYS: Mapping[ComplaintState, Mapping[Severity, int]] = {
    # stage:                 critical,     high,        medium,         low
    S.REGISTERED: {V.CRITICAL: 1, V.HIGH: 1, V.MEDIUM: 2, V.LOW: 3},
    S.INVESTIGATING: {V.CRITICAL: 2, V.HIGH: 3, V.MEDIUM: 5, V.LOW: 10},
    S.PROPOSING: {V.CRITICAL: 1, V.HIGH: 2, V.MEDIUM: 3, V.LOW: 5},
    S.AWAITING_APPROVAL: {V.CRITICAL: 1, V.HIGH: 2, V.MEDIUM: 3, V.LOW: 5},
    S.NEGOTIATING: {V.CRITICAL: 3, V.HIGH: 5, V.MEDIUM: 7, V.LOW: 10},
    S.CARRYING_OUT: {V.CRITICAL: 3, V.HIGH: 7, V.MEDIUM: 14, V.LOW: 30},
    S.FEEDBACK: {V.CRITICAL: 2, V.HIGH: 3, V.MEDIUM: 5, V.LOW: 7},
    S.CORRECTIVE_ACTION: {V.CRITICAL: 7, V.HIGH: 14, V.MEDIUM: 21, V.LOW: 30},
}
"""Calendar days each open stage may take, by severity (configurable here)."""


@dataclass(frozen=True, slots=True)
class SlaStatus:
    """Where a complaint stands against the clock of its current stage, on ``today``."""

    stage: ComplaintState
    started: date
    due: date | None
    """None when the complaint is closed or withdrawn."""
    days_left: int | None
    """Days from today to the due day (0 on the due day, negative when overdue)."""
    overdue: bool
    days_overdue: int


def stage_days(stage: ComplaintState, severity: Severity) -> int | None:
    """The stage's allowance in calendar days, or None for a final stage (no clock)."""
    allowance = STAGE_DAYS.get(stage)
    return None if allowance is None else allowance[severity]


def stage_due(stage: ComplaintState, severity: Severity, started: date) -> date | None:
    """The last day in time for a stage entered on ``started`` (None: no clock)."""
    days = stage_days(stage, severity)
    return None if days is None else started + timedelta(days=days)


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and today > due


def sla_status(stage: ComplaintState, severity: Severity, started: date, today: date) -> SlaStatus:
    due = stage_due(stage, severity, started)
    if due is None:
        return SlaStatus(stage, started, None, None, overdue=False, days_overdue=0)
    left = (due - today).days
    return SlaStatus(stage, started, due, left, overdue=left < 0, days_overdue=max(0, -left))
