"""Complaint rules: SLA clocks per stage (calendar days), approval authority, stage fields and
the workflow's loops. Every date by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.complaints import approval, sla, stages
from tenantcrm.complaints.enums import (
    COMPLAINT_WORKFLOW,
    OPEN_STATES,
    ApprovalLevel,
    ComplaintState,
    Severity,
)

S = ComplaintState
V = Severity
L = ApprovalLevel

# --- SLA clocks ----------------------------------------------------------------------------


def test_every_open_stage_has_an_allowance_for_every_severity_and_final_ones_none() -> None:
    for stage in OPEN_STATES:
        days = [sla.stage_days(stage, severity) for severity in V]
        assert all(d is not None and d >= 1 for d in days), stage
    assert sla.stage_days(S.CLOSED, V.HIGH) is None
    assert sla.stage_days(S.WITHDRAWN, V.LOW) is None


def test_a_critical_complaint_registered_on_friday_is_due_on_saturday() -> None:
    # 2026-03-13 is a Friday; calendar days: +1 = Saturday 03-14 (no business-day skipping)
    assert sla.stage_due(S.REGISTERED, V.CRITICAL, date(2026, 3, 13)) == date(2026, 3, 14)


def test_due_day_is_in_time_and_the_next_day_overdue() -> None:
    # investigating, medium: 5 days; entered 2026-02-26 -> due 2026-03-03 (Feb has 28 days)
    started = date(2026, 2, 26)
    on_due = sla.sla_status(S.INVESTIGATING, V.MEDIUM, started, date(2026, 3, 3))
    assert (on_due.due, on_due.days_left, on_due.overdue, on_due.days_overdue) == (
        date(2026, 3, 3),
        0,
        False,
        0,
    )
    after = sla.sla_status(S.INVESTIGATING, V.MEDIUM, started, date(2026, 3, 4))
    assert (after.days_left, after.overdue, after.days_overdue) == (-1, True, 1)
    before = sla.sla_status(S.INVESTIGATING, V.MEDIUM, started, date(2026, 2, 27))
    assert (before.days_left, before.overdue) == (4, False)


def test_each_stage_runs_its_own_clock() -> None:
    # Severity high, today 2026-03-20. Carrying out (7 days) since 03-15: due 03-22, in time.
    # Feedback (3 days) since 03-15: due 03-18, 2 days overdue.
    today = date(2026, 3, 20)
    carrying = sla.sla_status(S.CARRYING_OUT, V.HIGH, date(2026, 3, 15), today)
    feedback = sla.sla_status(S.FEEDBACK, V.HIGH, date(2026, 3, 15), today)
    assert (carrying.due, carrying.overdue) == (date(2026, 3, 22), False)
    assert (feedback.due, feedback.overdue, feedback.days_overdue) == (date(2026, 3, 18), True, 2)


def test_a_closed_complaint_is_never_overdue() -> None:
    status = sla.sla_status(S.CLOSED, V.CRITICAL, date(2020, 1, 1), date(2026, 3, 15))
    assert (status.due, status.days_left, status.overdue, status.days_overdue) == (
        None,
        None,
        False,
        0,
    )
    assert sla.is_overdue(None, date(2026, 3, 15)) is False


def test_a_higher_severity_never_allows_more_time() -> None:
    for stage in OPEN_STATES:
        days = [sla.stage_days(stage, s) for s in (V.CRITICAL, V.HIGH, V.MEDIUM, V.LOW)]
        assert days == sorted(days), stage  # type: ignore[type-var]


@given(
    stage=st.sampled_from(OPEN_STATES),
    severity=st.sampled_from(list(V)),
    started=st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    offset=st.integers(-400, 400),
)
def test_overdue_exactly_after_the_due_day(
    stage: ComplaintState, severity: Severity, started: date, offset: int
) -> None:
    today = started + timedelta(days=offset)
    status = sla.sla_status(stage, severity, started, today)
    assert status.due is not None
    assert status.overdue == (today > status.due)
    assert status.days_overdue == max(0, (today - status.due).days)
    assert status.days_left == (status.due - today).days


# --- approval authority --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "level"),
    [
        ("0.00", L.MANAGER),
        ("5000.00", L.MANAGER),  # the limit itself is within authority
        ("5000.01", L.DIRECTOR),
        ("50000.00", L.DIRECTOR),
        ("50000.01", L.GENERAL_MANAGER),
        ("500000.00", L.GENERAL_MANAGER),
        ("500000.01", L.BOARD),
        ("99999999.99", L.BOARD),
    ],
)
def test_the_lowest_level_with_authority(amount: str, level: ApprovalLevel) -> None:
    assert approval.required_level(Decimal(amount)) is level


def test_a_level_may_approve_up_to_its_limit_and_says_who_is_needed_above() -> None:
    assert approval.may_approve(L.MANAGER, Decimal("5000.00"))
    assert not approval.may_approve(L.MANAGER, Decimal("5000.01"))
    assert approval.authority_message(L.DIRECTOR, Decimal("100.00")) is None
    message = approval.authority_message(L.MANAGER, Decimal("8000.00"))
    assert message == "a manager may approve up to 5000.00; 8000.00 needs a director or higher"


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_authority_grows_with_the_level(amount: Decimal) -> None:
    allowed = [approval.may_approve(level, amount) for level in L]
    # once a level may approve, every higher level may too; the board always may
    assert allowed == sorted(allowed)
    assert allowed[-1] is True
    assert approval.may_approve(approval.required_level(amount), amount)


# --- stage fields and the workflow ---------------------------------------------------------


def test_fields_required_per_move() -> None:
    assert stages.required_fields(S.REGISTERED, S.INVESTIGATING) == ()
    assert stages.required_fields(S.INVESTIGATING, S.PROPOSING) == (
        "cause",
        "responsible_department",
    )
    assert stages.required_fields(S.AWAITING_APPROVAL, S.PROPOSING) == ("note",)
    assert stages.required_fields(S.NEGOTIATING, S.PROPOSING) == ("note",)
    assert stages.missing_fields(S.PROPOSING, S.AWAITING_APPROVAL, {"compensation"}) == [
        "proposed_resolution"
    ]
    assert stages.missing_fields(S.CORRECTIVE_ACTION, S.CLOSED, set()) == [
        "corrective_action",
        "preventive_action",
    ]
    assert stages.unexpected_fields(S.REGISTERED, S.INVESTIGATING, {"cause", "note"}) == ["cause"]
    assert stages.unexpected_fields(S.AWAITING_APPROVAL, S.PROPOSING, {"note"}) == []


def test_the_loops_and_the_final_states() -> None:
    assert COMPLAINT_WORKFLOW.check(S.AWAITING_APPROVAL, S.PROPOSING) is None  # rejected
    assert COMPLAINT_WORKFLOW.check(S.NEGOTIATING, S.PROPOSING) is None  # tenant declined
    assert COMPLAINT_WORKFLOW.check(S.PROPOSING, S.NEGOTIATING) is not None  # no approval skip
    refused = COMPLAINT_WORKFLOW.check(S.CARRYING_OUT, S.WITHDRAWN)
    assert refused is not None
    assert refused.allowed == ("feedback",)
    assert COMPLAINT_WORKFLOW.is_terminal(S.CLOSED)
    assert COMPLAINT_WORKFLOW.is_terminal(S.WITHDRAWN)
    assert set(OPEN_STATES) == {s for s in S if not COMPLAINT_WORKFLOW.is_terminal(s)}


@given(st.lists(st.sampled_from(list(S)), max_size=30))
def test_every_allowed_path_reaches_closed_only_through_approval(
    path: list[ComplaintState],
) -> None:
    """Follow the allowed moves of a random wish list: a complaint never reaches carrying out
    without passing awaiting_approval -> negotiating just before (approval, then agreement)."""
    state = S.REGISTERED
    seen: list[ComplaintState] = [state]
    for target in path:
        if COMPLAINT_WORKFLOW.check(state, target) is None:
            state = target
            seen.append(state)
    for index, visited in enumerate(seen):
        if visited is S.CARRYING_OUT:
            assert seen[index - 2 : index] == [S.AWAITING_APPROVAL, S.NEGOTIATING]
        if visited is S.CLOSED:
            assert S.CORRECTIVE_ACTION in seen[:index]
