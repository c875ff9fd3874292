"""Demo complaints and satisfaction surveys for the tenants of a written portfolio.

Reads the tenants with active leases and adds, from a seed: complaints over the last two years
(most closed, some open at every stage, a few of them overdue) and satisfaction surveys about
twice a year for most tenants, each tenant with its own mood drifting over time. Half the
soft-churn move-outs get the complaint that preceded them, closed unsatisfied and linked.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from piccolo.table import Table

from tenantcrm.audit.tables import AuditEntry
from tenantcrm.complaints import approval, sla
from tenantcrm.complaints.enums import (
    OPEN_STATES,
    ComplaintCategory,
    ComplaintState,
    Department,
    Severity,
)
from tenantcrm.complaints.tables import Complaint
from tenantcrm.core.money import to_minor
from tenantcrm.db import write_transaction
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.tables import Lease
from tenantcrm.moveouts.churn import ChurnClass
from tenantcrm.moveouts.tables import MoveOut
from tenantcrm.satisfaction.enums import DIMENSIONS, FutureSpace, RenewalIntent
from tenantcrm.satisfaction.tables import Survey

BATCH_ROWS = 1_000

Row = dict[str, Any]

_CATEGORY_DEPARTMENT = {
    ComplaintCategory.BUILDING_SERVICE: Department.PROPERTY_MANAGEMENT,
    ComplaintCategory.CLEANING: Department.CLEANING,
    ComplaintCategory.SECURITY: Department.SECURITY,
    ComplaintCategory.MAINTENANCE: Department.ENGINEERING,
    ComplaintCategory.AIR_CONDITIONING: Department.ENGINEERING,
    ComplaintCategory.LIFTS: Department.CONTRACTOR,
    ComplaintCategory.PARKING: Department.PROPERTY_MANAGEMENT,
    ComplaintCategory.NOISE: Department.PROPERTY_MANAGEMENT,
    ComplaintCategory.BILLING: Department.FINANCE,
    ComplaintCategory.STAFF_CONDUCT: Department.CUSTOMER_SERVICE,
    ComplaintCategory.OTHER: Department.LEASING,
}

_TEXT = {
    ComplaintCategory.BUILDING_SERVICE: ("Reception did not announce visitors", "Shift handover"),
    ComplaintCategory.CLEANING: ("Washrooms not cleaned in the afternoon", "Rota too thin"),
    ComplaintCategory.SECURITY: ("Access cards stopped working at night", "Badge system update"),
    ComplaintCategory.MAINTENANCE: ("Water leak above the meeting room", "Corroded pipe joint"),
    ComplaintCategory.AIR_CONDITIONING: ("Office too warm every afternoon", "Chiller valve stuck"),
    ComplaintCategory.LIFTS: ("Lift out of service for two days", "Spare part back-ordered"),
    ComplaintCategory.PARKING: ("Reserved bays taken by visitors", "No bay signage"),
    ComplaintCategory.NOISE: ("Drilling from the floor above", "Fit-out hours not enforced"),
    ComplaintCategory.BILLING: ("Service charge billed twice", "Invoice run repeated"),
    ComplaintCategory.STAFF_CONDUCT: ("Rude answer from the help desk", "No service training"),
    ComplaintCategory.OTHER: ("Signage in the lobby misspelt", "Proof not checked"),
}

_SEVERITY_WEIGHTS = {Severity.LOW: 35, Severity.MEDIUM: 40, Severity.HIGH: 20, Severity.CRITICAL: 5}


def _uuid(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


async def _tenants() -> list[Row]:
    """One active lease per tenant (the first by id): its building, currency and manager."""
    rows = await (
        Lease.select(
            Lease.tenant,
            Lease.building,
            Lease.id.as_alias("lease"),
            Lease.building.currency.as_alias("currency"),
            Lease.tenant.manager.as_alias("manager"),
        )
        .where(Lease.status == LeaseStatus.ACTIVE.value)
        .order_by(Lease.tenant)
        .order_by(Lease.id)
    )
    first: dict[UUID, Row] = {}
    for row in rows:
        first.setdefault(row["tenant"], row)
    return list(first.values())


def _complaint(rng: random.Random, tenant: Row, today: date) -> tuple[Row, Row]:
    category = rng.choice(list(ComplaintCategory))
    (severity,) = rng.choices(list(_SEVERITY_WEIGHTS), weights=list(_SEVERITY_WEIGHTS.values()))
    description, cause = _TEXT[category]
    recent = rng.random() < 0.25
    age = rng.randint(0, 60) if recent else rng.randint(61, 730)
    received = today - timedelta(days=age)
    row: Row = {
        "id": _uuid(rng),
        "tenant": tenant["tenant"],
        "building": tenant["building"],
        "lease": tenant["lease"] if rng.random() < 0.7 else None,
        "category": category.value,
        "severity": severity.value,
        "description": description,
        "received_on": received,
        "currency": tenant["currency"],
    }
    # Recent complaints are still being worked on; older ones are settled, but a few are stuck.
    if (recent and rng.random() < 0.85) or rng.random() < 0.03:
        state: ComplaintState = rng.choice(OPEN_STATES)
    else:
        state = ComplaintState.WITHDRAWN if rng.random() < 0.06 else ComplaintState.CLOSED
    stages = list(ComplaintState)
    # How far the process went: withdrawn complaints were dropped before any proposal.
    reached = {ComplaintState.CLOSED: len(OPEN_STATES), ComplaintState.WITHDRAWN: 0}.get(
        state, stages.index(state)
    )
    if reached > stages.index(ComplaintState.INVESTIGATING):
        row["cause"] = cause
        row["responsible_department"] = _CATEGORY_DEPARTMENT[category].value
    if reached > stages.index(ComplaintState.PROPOSING):
        amount = Decimal(0) if rng.random() < 0.6 else Decimal(rng.randrange(5, 400) * 50)
        row["proposed_resolution"] = f"Fix: {cause.lower()}; apology to the tenant"
        row["compensation_minor"] = to_minor(amount)
        if reached > stages.index(ComplaintState.AWAITING_APPROVAL):
            row["approval_level"] = approval.required_level(amount).value
            row["approver"] = tenant["manager"]
    if state is ComplaintState.CLOSED:
        satisfied = rng.random() < 0.8
        row["tenant_response"] = "Resolved, thank you" if satisfied else "Took far too long"
        row["satisfied"] = satisfied
        row["corrective_action"] = f"{cause} put right"
        row["preventive_action"] = "Added to the monthly inspection checklist"
    if state in OPEN_STATES:
        started = max(received, today - timedelta(days=rng.randint(0, 14)))
        row["stage_started_on"] = started
        row["stage_due"] = sla.stage_due(state, severity, started)
    else:
        closed = min(today, received + timedelta(days=rng.randint(3, 60)))
        row["stage_started_on"] = closed
        row["closed_on"] = closed
    row["state"] = state.value
    entry = {
        "subject_kind": "complaint",
        "subject_id": row["id"],
        "action": "registered",
        "to_state": ComplaintState.REGISTERED.value,
        "detail": {
            "category": category.value,
            "severity": severity.value,
            "received_on": received.isoformat(),
        },
    }
    return row, entry


def _dimension(rng: random.Random, mood: float) -> int | None:
    """A 1-5 score near half the overall mood; one answer in ten left blank."""
    if rng.random() < 0.1:
        return None
    return min(5, max(1, round(mood / 2 + rng.gauss(0, 0.7))))


def _surveys(rng: random.Random, tenant: Row, today: date) -> list[Row]:
    mood = rng.uniform(4.5, 9.5)
    rows = []
    for half_years_ago in range(rng.randint(1, 6), 0, -1):
        if rng.random() < 0.2:
            continue
        mood = min(10.0, max(0.0, mood + rng.gauss(0, 0.8)))
        overall = round(mood)
        answered = today - timedelta(days=half_years_ago * 182 - rng.randint(0, 60))
        dims = {name: _dimension(rng, mood) for name in DIMENSIONS}
        intent = (
            RenewalIntent.LIKELY
            if overall >= 8
            else RenewalIntent.UNSURE
            if overall >= 5
            else RenewalIntent.UNLIKELY
        )
        rows.append(
            {
                "id": _uuid(rng),
                "tenant": tenant["tenant"],
                "building": tenant["building"],
                "answered_on": answered,
                "overall": overall,
                **dims,
                "renewal_intent": intent.value,
                "future_space": rng.choices(list(FutureSpace), weights=[15, 60, 10, 15])[0].value,
                "comment": "",
            }
        )
    return rows


async def _soft_move_outs() -> list[Row]:
    rows: list[Row] = await (
        MoveOut.select(
            MoveOut.id,
            MoveOut.tenant,
            MoveOut.building,
            MoveOut.lease,
            MoveOut.day,
            MoveOut.building.currency.as_alias("currency"),
            MoveOut.tenant.manager.as_alias("manager"),
        )
        .where(MoveOut.churn_class == ChurnClass.SOFT.value)
        .order_by(MoveOut.id)
    )
    return rows


def _before_move_out(rng: random.Random, move_out: Row, today: date) -> tuple[Row, Row]:
    """A complaint closed to the tenant's dissatisfaction some months before it left."""
    row, entry = _complaint(rng, move_out, today)
    received = min(today, move_out["day"] - timedelta(days=rng.randint(40, 240)))
    closed = min(today, received + timedelta(days=rng.randint(10, 35)))
    category = ComplaintCategory(row["category"])
    _, cause = _TEXT[category]
    row.update(
        {
            "lease": move_out["lease"],
            "received_on": received,
            "state": ComplaintState.CLOSED.value,
            "stage_started_on": closed,
            "stage_due": None,
            "closed_on": closed,
            "cause": cause,
            "responsible_department": _CATEGORY_DEPARTMENT[category].value,
            "proposed_resolution": f"Fix: {cause.lower()}; apology to the tenant",
            "tenant_response": "Not resolved to our satisfaction",
            "satisfied": False,
            "corrective_action": f"{cause} put right",
            "preventive_action": "Added to the monthly inspection checklist",
            "move_out": move_out["id"],
        }
    )
    row.setdefault("compensation_minor", 0)
    row["approval_level"] = approval.required_level(Decimal(row["compensation_minor"]) / 100).value
    row["approver"] = move_out["manager"]
    entry["detail"]["received_on"] = received.isoformat()
    return row, entry


async def _insert(table: type[Table], rows: list[Row]) -> None:
    for start in range(0, len(rows), BATCH_ROWS):
        await table.insert(*(table(**row) for row in rows[start : start + BATCH_ROWS]))


async def generate_complaints(today: date, seed: int) -> int:
    """Add demo complaints and surveys for the tenants with active leases; returns how many
    complaints were written (surveys come on top)."""
    rng = random.Random(f"complaints-{seed}")
    complaints: list[Row] = []
    entries: list[Row] = []
    surveys: list[Row] = []
    for tenant in await _tenants():
        for _ in range(rng.choices([0, 1, 2, 3], weights=[55, 28, 12, 5])[0]):
            row, entry = _complaint(rng, tenant, today)
            complaints.append(row)
            entries.append(entry)
        if rng.random() < 0.75:
            surveys.extend(_surveys(rng, tenant, today))
    # Soft churn often follows a complaint handled badly: link some to the move-out.
    for move_out in await _soft_move_outs():
        if rng.random() < 0.5:
            row, entry = _before_move_out(rng, move_out, today)
            complaints.append(row)
            entries.append(entry)
    async with write_transaction():
        await _insert(Complaint, complaints)
        await _insert(AuditEntry, entries)
        await _insert(Survey, surveys)
    for table in (Complaint, Survey):
        await table.raw(f"ANALYZE {table._meta.tablename}")
    return len(complaints)
