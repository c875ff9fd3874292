"""Use cases of complaints: register, edit, move through the stages on their SLA clocks, link a
later soft-churn move-out; and what other domains read (counts, reminders)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from dateutil.relativedelta import relativedelta
from piccolo.columns import Integer
from piccolo.columns.combination import Combinable, Or
from piccolo.query.functions.aggregate import Count

from tenantcrm.audit import service as audit
from tenantcrm.auth import service as users
from tenantcrm.buildings import service as buildings
from tenantcrm.complaints import approval, sla, stages
from tenantcrm.complaints.enums import (
    COMPLAINT_WORKFLOW,
    OPEN_STATES,
    ApprovalLevel,
    ComplaintCategory,
    ComplaintState,
    Department,
    Severity,
)
from tenantcrm.complaints.schemas import (
    ComplaintDetailOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPatch,
    ComplaintTransitionIn,
    MoveOutLinkIn,
    SlaOut,
)
from tenantcrm.complaints.tables import Complaint
from tenantcrm.core.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import Row, lock_or_404, update_versioned
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.moveouts import service as moveouts
from tenantcrm.moveouts.churn import ChurnClass
from tenantcrm.tenants import service as tenants

SUBJECT = "complaint"
RESOURCE = "complaint"
SLA_BREACH = "complaint.sla_breach"
_OPEN = [s.value for s in OPEN_STATES]

COLUMNS = (
    *Complaint._meta.columns,
    Complaint.tenant.name.as_alias("tenant_name"),
    Complaint.building.name.as_alias("building_name"),
)

# --- reading ------------------------------------------------------------------------------


def _sla(row: Row, today: date) -> SlaOut:
    state, severity = ComplaintState(row["state"]), Severity(row["severity"])
    status = sla.sla_status(state, severity, row["stage_started_on"], today)
    return SlaOut(
        stage=status.stage,
        started=status.started,
        due=status.due,
        days_left=status.days_left,
        overdue=status.overdue,
        days_overdue=status.days_overdue,
    )


def _fields(row: Row, today: date) -> dict[str, Any]:
    state = ComplaintState(row["state"])
    compensation = from_minor(row["compensation_minor"])
    level = row["approval_level"]
    department = row["responsible_department"]
    return {
        "id": row["id"],
        "tenant": row["tenant"],
        "tenant_name": row["tenant_name"],
        "building": row["building"],
        "building_name": row["building_name"],
        "lease": row["lease"],
        "category": ComplaintCategory(row["category"]),
        "severity": Severity(row["severity"]),
        "description": row["description"],
        "received_on": row["received_on"],
        "state": state,
        "allowed": list(COMPLAINT_WORKFLOW.allowed(state)),
        "sla": _sla(row, today),
        "cause": row["cause"],
        "responsible_department": None if department is None else Department(department),
        "proposed_resolution": row["proposed_resolution"],
        "compensation": compensation,
        "currency": row["currency"],
        "approver": row["approver"],
        "approval_level": None if level is None else ApprovalLevel(level),
        "required_level": approval.required_level(compensation),
        "tenant_response": row["tenant_response"],
        "satisfied": row["satisfied"],
        "corrective_action": row["corrective_action"],
        "preventive_action": row["preventive_action"],
        "move_out": row["move_out"],
        "closed_on": row["closed_on"],
        "version": row["version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


async def _row(complaint_id: UUID) -> Row:
    row = await Complaint.select(*COLUMNS).where(Complaint.id == complaint_id).first()
    if row is None:
        raise NotFoundError(RESOURCE, complaint_id)
    return row


async def get_complaint(complaint_id: UUID, today: date) -> ComplaintDetailOut:
    """One complaint with its SLA status on ``today`` and its history."""
    row = await _row(complaint_id)
    history = await audit.history(SUBJECT, complaint_id)
    return ComplaintDetailOut(**_fields(row, today), history=history)


def _overdue_filter(today: date) -> Combinable:
    return Complaint.state.is_in(_OPEN) & (Complaint.stage_due < today)


async def list_complaints(
    limit: int,
    offset: int,
    today: date,
    tenant: UUID | None = None,
    building: UUID | None = None,
    state: ComplaintState | None = None,
    overdue: bool | None = None,
) -> Page[ComplaintOut]:
    """Complaints, latest received first, filtered; ``overdue`` as of ``today``."""
    where: list[Combinable] = []
    if tenant is not None:
        where.append(Complaint.tenant == tenant)
    if building is not None:
        where.append(Complaint.building == building)
    if state is not None:
        where.append(Complaint.state == state.value)
    if overdue is True:
        where.append(_overdue_filter(today))
    elif overdue is False:
        where.append(
            cast(
                Combinable,
                Or(Complaint.stage_due.is_null(), Complaint.stage_due >= today),
            )
        )
    query = (
        Complaint.select(*COLUMNS)
        .order_by(Complaint.received_on, ascending=False)
        .order_by(Complaint.id)
    )
    count = Complaint.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(
        items=[ComplaintOut(**_fields(row, today)) for row in rows],
        total=await count,
        limit=limit,
        offset=offset,
    )


# --- writing ------------------------------------------------------------------------------


async def _subject_errors(data: ComplaintIn, today: date) -> tuple[list[FieldError], str]:
    """What is wrong with who and what the complaint is about; and the building's currency."""
    errors: list[FieldError] = []
    currency = ""
    try:
        await tenants.get_tenant(data.tenant)
    except NotFoundError:
        errors.append(FieldError("tenant", f"no such tenant {data.tenant}"))
    try:
        currency = (await buildings.get_building(data.building)).currency
    except NotFoundError:
        errors.append(FieldError("building", f"no such building {data.building}"))
    if data.lease is not None:
        try:
            lease = await leases.get_lease(data.lease, today)
        except NotFoundError:
            errors.append(FieldError("lease", f"no such lease {data.lease}"))
        else:
            if lease.tenant != data.tenant:
                errors.append(FieldError("lease", "is not a lease of the tenant"))
            elif lease.building != data.building:
                errors.append(FieldError("lease", "is not in the building"))
    if data.received_on is not None and data.received_on > today:
        errors.append(FieldError("received_on", f"cannot be later than today ({today})"))
    return errors, currency


async def create_complaint(data: ComplaintIn, today: date) -> ComplaintDetailOut:
    """Register a complaint; its first stage's clock starts on the day it was received."""
    received = data.received_on or today
    async with write_transaction():
        errors, currency = await _subject_errors(data, today)
        if errors:
            raise InvalidInputError(errors)
        state = ComplaintState.REGISTERED
        inserted = await Complaint.insert(
            Complaint(
                tenant=data.tenant,
                building=data.building,
                lease=data.lease,
                category=data.category.value,
                severity=data.severity.value,
                description=data.description,
                received_on=received,
                state=state.value,
                stage_started_on=received,
                stage_due=sla.stage_due(state, data.severity, received),
                currency=currency,
            )
        ).returning(Complaint.id)
        complaint_id: UUID = inserted[0]["id"]
        await audit.record(
            SUBJECT,
            complaint_id,
            "registered",
            to_state=state.value,
            detail={
                "category": data.category.value,
                "severity": data.severity.value,
                "received_on": received.isoformat(),
            },
        )
    return await get_complaint(complaint_id, today)


def _require_open(complaint_id: UUID, row: Row) -> None:
    state = ComplaintState(row["state"])
    if state not in OPEN_STATES:
        raise ConflictError(
            f"complaint {complaint_id} is {state}: a final complaint cannot be edited",
            [{"field": "state", "current": state.value, "allowed": _OPEN}],
        )


async def update_complaint(
    complaint_id: UUID, data: ComplaintPatch, version: int, today: date
) -> ComplaintDetailOut:
    """Edit category, severity or description of an open complaint (severity re-times it)."""
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        row = await lock_or_404(Complaint, complaint_id, RESOURCE)
        _require_open(complaint_id, row)
        values: dict[Any, Any] = {}
        detail: dict[str, Any] = {}
        for name in ("category", "severity", "description"):
            if name in changes and str(changes[name]) != row[name]:
                values[Complaint._meta.get_column_by_name(name)] = str(changes[name])
                detail[name] = {"before": row[name], "after": str(changes[name])}
        if "severity" in detail:
            state, severity = ComplaintState(row["state"]), Severity(changes["severity"])
            values[Complaint.stage_due] = sla.stage_due(state, severity, row["stage_started_on"])
        await update_versioned(Complaint, complaint_id, version, values, RESOURCE)
        if detail:
            await audit.record(SUBJECT, complaint_id, "amended", detail=detail)
    return await get_complaint(complaint_id, today)


async def _touch(complaint_id: UUID, values: dict[Any, Any]) -> None:
    """Write ``values`` to a complaint locked by the caller, and bump its version."""
    version = cast(Integer, Complaint.version)
    await Complaint.update(
        {**values, version: version + 1, Complaint.updated_at: datetime.now(tz=UTC)}
    ).where(Complaint.id == complaint_id)


def _given(data: ComplaintTransitionIn) -> set[str]:
    sent = {name for name in stages.STAGE_FIELDS if getattr(data, name) is not None}
    return sent | ({"note"} if data.note else set())


def _field_errors(
    current: ComplaintState, target: ComplaintState, data: ComplaintTransitionIn
) -> list[FieldError]:
    given = _given(data)
    errors = [
        FieldError(name, f"is required to move from {current} to {target}")
        for name in stages.missing_fields(current, target, given)
    ]
    errors += [
        FieldError(name, f"is not taken when moving from {current} to {target}")
        for name in stages.unexpected_fields(current, target, given)
    ]
    return errors


async def transition(
    complaint_id: UUID, data: ComplaintTransitionIn, today: date
) -> ComplaintDetailOut:
    """Move a complaint to its next stage, whose SLA clock starts today.

    The row is locked and its state checked under the lock, so of two concurrent moves from
    the same stage one wins and the other is refused (409) or applies to the new stage.
    """
    async with write_transaction():
        row = await lock_or_404(Complaint, complaint_id, RESOURCE)
        current, target = ComplaintState(row["state"]), data.to
        if (illegal := COMPLAINT_WORKFLOW.check(current, target)) is not None:
            raise IllegalTransitionError(
                RESOURCE, complaint_id, current.value, target.value, list(illegal.allowed)
            )
        errors = _field_errors(current, target, data)
        if errors:
            raise InvalidInputError(errors)
        severity = Severity(row["severity"])
        left = sla.sla_status(current, severity, row["stage_started_on"], today)
        values: dict[Any, Any] = {
            Complaint.state: target.value,
            Complaint.stage_started_on: today,
            Complaint.stage_due: sla.stage_due(target, severity, today),
        }
        detail: dict[str, Any] = {"stage_days_overdue": left.days_overdue}
        if data.note:
            detail["note"] = data.note
        if target is ComplaintState.PROPOSING and current is ComplaintState.INVESTIGATING:
            assert data.responsible_department is not None
            values[Complaint.cause] = data.cause
            values[Complaint.responsible_department] = data.responsible_department.value
            detail["responsible_department"] = data.responsible_department.value
        elif target is ComplaintState.PROPOSING:
            # A new proposal needs a new approval.
            values[Complaint.approver] = None
            values[Complaint.approval_level] = None
        elif target is ComplaintState.AWAITING_APPROVAL:
            assert data.compensation is not None
            values[Complaint.proposed_resolution] = data.proposed_resolution
            values[Complaint.compensation_minor] = to_minor(data.compensation)
            detail["compensation"] = str(data.compensation)
        elif target is ComplaintState.NEGOTIATING:
            assert data.approval_level is not None
            await _check_approval(data, from_minor(row["compensation_minor"]))
            values[Complaint.approver] = data.approver
            values[Complaint.approval_level] = data.approval_level.value
            detail["approver"] = str(data.approver)
            detail["approval_level"] = data.approval_level.value
        elif target is ComplaintState.CORRECTIVE_ACTION:
            values[Complaint.tenant_response] = data.tenant_response
            values[Complaint.satisfied] = data.satisfied
            detail["satisfied"] = data.satisfied
        elif target is ComplaintState.CLOSED:
            values[Complaint.corrective_action] = data.corrective_action
            values[Complaint.preventive_action] = data.preventive_action
            values[Complaint.closed_on] = today
        elif target is ComplaintState.WITHDRAWN:
            values[Complaint.closed_on] = today
        await _touch(complaint_id, values)
        await audit.record(
            SUBJECT,
            complaint_id,
            "transition",
            from_state=current.value,
            to_state=target.value,
            detail=detail,
        )
        # Read inside the transaction: the answer is this move's result, not a later one's.
        return await get_complaint(complaint_id, today)


async def _check_approval(data: ComplaintTransitionIn, compensation: Decimal) -> None:
    assert data.approval_level is not None
    errors = await users.manager_errors(data.approver, "approver")
    refused = approval.authority_message(data.approval_level, compensation)
    if refused is not None:
        errors.append(FieldError("approval_level", refused))
    if errors:
        raise InvalidInputError(errors)


async def link_move_out(
    complaint_id: UUID, data: MoveOutLinkIn, version: int, today: date
) -> ComplaintDetailOut:
    """Link the complaint to a later soft-churn move-out of its tenant (or remove the link)."""
    async with write_transaction():
        row = await lock_or_404(Complaint, complaint_id, RESOURCE)
        if data.move_out is not None:
            try:
                move_out = await moveouts.get_move_out(data.move_out)
            except NotFoundError as error:
                raise InvalidInputError(
                    [FieldError("move_out", f"no such move-out {data.move_out}")]
                ) from error
            if move_out.tenant != row["tenant"]:
                raise InvalidInputError([FieldError("move_out", "is a move-out of another tenant")])
            if move_out.churn_class is not ChurnClass.SOFT:
                raise InvalidInputError(
                    [
                        FieldError(
                            "move_out",
                            "is hard churn: only a soft-churn move-out (caused by the "
                            "building) can follow from a complaint",
                        )
                    ]
                )
        await update_versioned(
            Complaint, complaint_id, version, {Complaint.move_out: data.move_out}, RESOURCE
        )
        before = None if row["move_out"] is None else str(row["move_out"])
        after = None if data.move_out is None else str(data.move_out)
        await audit.record(
            SUBJECT,
            complaint_id,
            "move_out_linked" if after else "move_out_unlinked",
            detail={"move_out": {"before": before, "after": after}},
        )
    return await get_complaint(complaint_id, today)


# --- for other domains --------------------------------------------------------------------


async def open_complaints(tenant_ids: list[UUID]) -> dict[UUID, int]:
    """How many open complaints each tenant has (tenants without any are left out)."""
    if not tenant_ids:
        return {}
    rows = (
        await Complaint.select(Complaint.tenant, Count(Complaint.id, alias="open"))
        .where(Complaint.tenant.is_in(tenant_ids), Complaint.state.is_in(_OPEN))
        .group_by(Complaint.tenant)
    )
    return {r["tenant"]: r["open"] for r in rows}


@dataclass(frozen=True, slots=True)
class ComplaintCounts:
    """A tenant's complaints received in a period, and where they stand on ``today``."""

    received: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    withdrawn: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    linked_move_outs: int = 0


async def complaint_counts(
    first: date, last: date, today: date, tenant_ids: list[UUID] | None = None
) -> dict[UUID, ComplaintCounts]:
    """Per tenant: complaints received from ``first`` to ``last`` (both included), their state
    on ``today``, the tenant's verdict, and links to soft-churn move-outs."""
    where: list[Combinable] = [Complaint.received_on >= first, Complaint.received_on <= last]
    if tenant_ids is not None:
        if not tenant_ids:
            return {}
        where.append(Complaint.tenant.is_in(tenant_ids))
    rows = await Complaint.select(
        Complaint.tenant,
        Complaint.state,
        Complaint.stage_due,
        Complaint.satisfied,
        Complaint.move_out,
    ).where(*where)
    tallies: dict[UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        tally = tallies[r["tenant"]]
        state = ComplaintState(r["state"])
        tally["received"] += 1
        if state in OPEN_STATES:
            tally["open"] += 1
            tally["overdue"] += int(sla.is_overdue(r["stage_due"], today))
        elif state is ComplaintState.CLOSED:
            tally["closed"] += 1
        else:
            tally["withdrawn"] += 1
        if r["satisfied"] is not None:
            tally["satisfied" if r["satisfied"] else "unsatisfied"] += 1
        tally["linked_move_outs"] += int(r["move_out"] is not None)
    return {tenant: ComplaintCounts(**tally) for tenant, tally in tallies.items()}


@dataclass(frozen=True, slots=True)
class ComplaintSignals:
    """What tenant health reads of a tenant's complaints on ``today``."""

    open: int = 0
    overdue: int = 0
    """Open complaints whose current stage is past its due day."""
    last_year: int = 0
    """Complaints received in the 12 months up to today (today included)."""
    last_closed_on: date | None = None
    last_satisfied: bool | None = None
    """The tenant's verdict on the complaint closed last."""


async def complaint_signals(tenant_ids: list[UUID], today: date) -> dict[UUID, ComplaintSignals]:
    """Per tenant: open and overdue complaints, complaints in the last year, and the latest
    closed one with the tenant's verdict (tenants without complaints are left out)."""
    if not tenant_ids:
        return {}
    rows = await (
        Complaint.select(
            Complaint.tenant,
            Complaint.state,
            Complaint.stage_due,
            Complaint.received_on,
            Complaint.closed_on,
            Complaint.satisfied,
        )
        .where(Complaint.tenant.is_in(tenant_ids))
        .order_by(Complaint.closed_on)
        .order_by(Complaint.id)
    )
    year_ago = today - relativedelta(years=1)
    signals: dict[UUID, dict[str, Any]] = defaultdict(
        lambda: {"open": 0, "overdue": 0, "last_year": 0}
    )
    for r in rows:
        found = signals[r["tenant"]]
        state = ComplaintState(r["state"])
        if state in OPEN_STATES:
            found["open"] += 1
            found["overdue"] += int(sla.is_overdue(r["stage_due"], today))
        found["last_year"] += int(year_ago < r["received_on"] <= today)
        if state is ComplaintState.CLOSED and r["closed_on"] is not None:
            # Rows come by closing day: the last one seen is the latest.
            found["last_closed_on"] = r["closed_on"]
            found["last_satisfied"] = r["satisfied"]
    return {tenant: ComplaintSignals(**found) for tenant, found in signals.items()}


async def due(today: date, window: int) -> list[ReminderDraft]:
    """An SLA-breach reminder for every open complaint whose stage falls due by today+window,
    due on the stage's due day, addressed to the tenant's manager."""
    rows = (
        await Complaint.select(
            Complaint.id,
            Complaint.tenant,
            Complaint.building,
            Complaint.state,
            Complaint.severity,
            Complaint.stage_due,
            Complaint.tenant.name.as_alias("tenant_name"),
            Complaint.tenant.manager.as_alias("manager"),
        )
        .where(
            Complaint.state.is_in(_OPEN),
            Complaint.stage_due <= today + timedelta(days=window),
        )
        .order_by(Complaint.stage_due)
        .order_by(Complaint.id)
    )
    return [
        ReminderDraft(
            kind=SLA_BREACH,
            subject=r["id"],
            due=r["stage_due"],
            title=f"Complaint of {r['tenant_name']}: {r['state']} due {r['stage_due']}",
            detail=f"{r['severity']} complaint; the {r['state']} stage is due on {r['stage_due']}",
            recipient=r["manager"],
            tenant=r["tenant"],
            building=r["building"],
            link=f"/api/complaints/{r['id']}",
        )
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class ComplaintSummary:
    """A building's complaints over a period, as an owner reads them."""

    received: int
    closed: int
    """Of those received, closed by the period's last day."""
    open_now: int
    """Complaints of the building open on ``today``, whenever received."""
    overdue_now: int
    average_days_to_close: Decimal | None
    """Mean days from receipt to closing of those closed (one decimal), None if none were."""


async def period_summary(building: UUID, first: date, last: date, today: date) -> ComplaintSummary:
    """Complaints received from ``first`` to ``last`` and those open now, for one building."""
    received = await Complaint.select(
        Complaint.received_on, Complaint.closed_on, Complaint.state
    ).where(
        Complaint.building == building,
        Complaint.received_on >= first,
        Complaint.received_on <= last,
    )
    closed = [
        (r["closed_on"] - r["received_on"]).days
        for r in received
        if r["state"] == ComplaintState.CLOSED.value
        and r["closed_on"] is not None
        and r["closed_on"] <= last
    ]
    open_now = await Complaint.count().where(
        Complaint.building == building, Complaint.state.is_in(_OPEN)
    )
    overdue_now = await Complaint.count().where(
        Complaint.building == building, _overdue_filter(today)
    )
    average = (Decimal(sum(closed)) / len(closed)).quantize(Decimal("0.1")) if closed else None
    return ComplaintSummary(len(received), len(closed), open_now, overdue_now, average)
