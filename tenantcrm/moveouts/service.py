"""Use cases of move-outs: record the end of a tenant's occupancy with its churn reason, list,
reclassify; and the move-out facts churn analytics reads."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg
from piccolo.columns.combination import Combinable

from tenantcrm.audit import service as audit
from tenantcrm.core.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import Row, lock_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.rent import Violation
from tenantcrm.moveouts.churn import (
    REASON_CLASS,
    REASON_LABELS,
    ChurnClass,
    Classification,
    MoveOutReason,
    classification_errors,
    classify,
)
from tenantcrm.moveouts.schemas import ChurnReasonOut, MoveOutIn, MoveOutOut, MoveOutPatch
from tenantcrm.moveouts.tables import MoveOut
from tenantcrm.renewals import service as renewals

SUBJECT = "move_out"

# The rules call the override ``override``; the API calls it ``class_override``.
_API_FIELDS = {"override": "class_override"}

COLUMNS = (
    *MoveOut._meta.columns,
    MoveOut.tenant.name.as_alias("tenant_name"),
    MoveOut.building.name.as_alias("building_name"),
    MoveOut.lease.currency.as_alias("currency"),
)


def _field_errors(violations: list[Violation]) -> list[FieldError]:
    return [FieldError(_API_FIELDS.get(v.field, v.field), v.message) for v in violations]


def _classification(
    reason: MoveOutReason, override: ChurnClass | None, justification: str
) -> tuple[Classification | None, list[FieldError]]:
    errors = _field_errors(classification_errors(reason, override, justification))
    if errors:
        return None, errors
    return classify(reason, override, justification), []


def _out(row: Row) -> MoveOutOut:
    reason = MoveOutReason(row["reason"])
    return MoveOutOut(
        id=row["id"],
        lease=row["lease"],
        tenant=row["tenant"],
        tenant_name=row["tenant_name"],
        building=row["building"],
        building_name=row["building_name"],
        day=row["day"],
        reason=reason,
        reason_label=REASON_LABELS[reason],
        churn_class=ChurnClass(row["churn_class"]),
        class_overridden=row["class_overridden"],
        justification=row["justification"],
        area=from_minor(row["area_centi"]),
        annual_rent=from_minor(row["annual_rent_minor"]),
        currency=row["currency"],
        notes=row["notes"],
        version=row["version"],
        created_at=row["created_at"],
    )


async def _row(move_out_id: UUID) -> Row:
    row = await MoveOut.select(*COLUMNS).where(MoveOut.id == move_out_id).first()
    if row is None:
        raise NotFoundError("move-out", move_out_id)
    return row


def churn_reasons() -> list[ChurnReasonOut]:
    """The reason taxonomy, hard reasons first, each with its class and label."""
    return [
        ChurnReasonOut(reason=reason, churn_class=REASON_CLASS[reason], label=REASON_LABELS[reason])
        for reason in MoveOutReason
    ]


async def get_move_out(move_out_id: UUID) -> MoveOutOut:
    return _out(await _row(move_out_id))


async def list_move_outs(
    limit: int,
    offset: int,
    building: UUID | None = None,
    tenant: UUID | None = None,
    churn_class: ChurnClass | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Page[MoveOutOut]:
    """Move-outs, latest day first, filtered by building, tenant, class and day range."""
    where: list[Combinable] = []
    if building is not None:
        where.append(MoveOut.building == building)
    if tenant is not None:
        where.append(MoveOut.tenant == tenant)
    if churn_class is not None:
        where.append(MoveOut.churn_class == churn_class.value)
    if first is not None:
        where.append(MoveOut.day >= first)
    if last is not None:
        where.append(MoveOut.day <= last)
    query = MoveOut.select(*COLUMNS).order_by(MoveOut.day, ascending=False).order_by(MoveOut.id)
    count = MoveOut.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[_out(r) for r in rows], total=await count, limit=limit, offset=offset)


async def record_move_out(data: MoveOutIn) -> MoveOutOut:
    """End the lease's occupancy on ``data.day`` and record why, in one transaction."""
    classification, errors = _classification(data.reason, data.class_override, data.justification)
    async with write_transaction():
        earlier = await MoveOut.select(MoveOut.id, MoveOut.day).where(MoveOut.lease == data.lease)
        if earlier:
            raise ConflictError(
                f"lease {data.lease} was already moved out on {earlier[0]['day']}",
                [{"resource": "move_out", "id": str(earlier[0]["id"]), "field": "lease"}],
            )
        # The lease's renewal before the lease, the order signing the renewal takes them in;
        # the other way round, a move-out and a signing of one lease deadlocked.
        await renewals.lock_renewal_of(data.lease)
        try:
            ended = await leases.end_occupancy(data.lease, data.day)
        except InvalidInputError as error:
            raise InvalidInputError([*error.errors, *errors]) from error
        if classification is None:
            raise InvalidInputError(errors)
        try:
            inserted = await MoveOut.insert(
                MoveOut(
                    lease=data.lease,
                    tenant=ended.tenant,
                    building=ended.building,
                    day=data.day,
                    reason=data.reason.value,
                    churn_class=classification.churn_class.value,
                    class_overridden=classification.overridden,
                    justification=classification.justification,
                    area_centi=to_minor(ended.area),
                    annual_rent_minor=to_minor(ended.annual_rent),
                    notes=data.notes,
                )
            ).returning(MoveOut.id)
        except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
            raise ConflictError(f"lease {data.lease} was already moved out") from error
        move_out_id: UUID = inserted[0]["id"]
        await renewals.lose_for_move_out(data.lease, data.day, data.reason.value)
        await audit.record(
            SUBJECT,
            move_out_id,
            "recorded",
            to_state=classification.churn_class.value,
            detail={
                "lease": str(data.lease),
                "day": data.day.isoformat(),
                "reason": data.reason.value,
                "overridden": classification.overridden,
                "area": str(ended.area),
                "annual_rent": str(ended.annual_rent),
            },
        )
    return await get_move_out(move_out_id)


async def update_move_out(move_out_id: UUID, data: MoveOutPatch, version: int) -> MoveOutOut:
    """Change the reason, the class override, the justification or the notes (re-validated)."""
    async with write_transaction():
        row = await lock_or_404(MoveOut, move_out_id, "move-out")
        reason = data.reason or MoveOutReason(row["reason"])
        override = (
            data.class_override
            if "class_override" in data.model_fields_set
            else ChurnClass(row["churn_class"])
            if row["class_overridden"]
            else None
        )
        justification: str = (
            row["justification"] if data.justification is None else data.justification
        )
        classification, errors = _classification(reason, override, justification)
        if classification is None:
            raise InvalidInputError(errors)
        values = {
            "reason": reason.value,
            "churn_class": classification.churn_class.value,
            "class_overridden": classification.overridden,
            "justification": classification.justification,
            "notes": row["notes"] if data.notes is None else data.notes,
        }
        await update_versioned(MoveOut, move_out_id, version, values, "move-out")
        before = {name: row[name] for name in values}
        changed = {name: value for name, value in values.items() if before[name] != value}
        await audit.record(
            SUBJECT,
            move_out_id,
            "amended",
            from_state=row["churn_class"],
            to_state=classification.churn_class.value,
            detail={
                "before": {name: before[name] for name in changed},
                "after": changed,
            },
        )
    return await get_move_out(move_out_id)


# --- facts for churn analytics -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MoveOutRecord:
    """One move-out as analytics reads it: who left, when, why, with what area and rent."""

    id: UUID
    lease: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    day: date
    reason: MoveOutReason
    churn_class: ChurnClass
    area: Decimal
    annual_rent: Decimal


async def move_outs_between(
    first: date, last: date, building: UUID | None = None, currency: str | None = None
) -> list[MoveOutRecord]:
    """Move-outs dated ``first`` to ``last``, of a building (or all) and a lease currency."""
    where: list[Combinable] = [MoveOut.day >= first, MoveOut.day <= last]
    if building is not None:
        where.append(MoveOut.building == building)
    if currency is not None:
        where.append(MoveOut.lease.currency == currency)
    rows = await MoveOut.select(*COLUMNS).where(*where).order_by(MoveOut.day).order_by(MoveOut.id)
    return [
        MoveOutRecord(
            id=r["id"],
            lease=r["lease"],
            tenant=r["tenant"],
            tenant_name=r["tenant_name"],
            building=r["building"],
            day=r["day"],
            reason=MoveOutReason(r["reason"]),
            churn_class=ChurnClass(r["churn_class"]),
            area=from_minor(r["area_centi"]),
            annual_rent=from_minor(r["annual_rent_minor"]),
        )
        for r in rows
    ]


async def leases_moved_out(lease_ids: list[UUID]) -> set[UUID]:
    """Which of these leases have a move-out (on any day)."""
    if not lease_ids:
        return set()
    rows = await MoveOut.select(MoveOut.lease).where(MoveOut.lease.is_in(lease_ids))
    return {r["lease"] for r in rows}
