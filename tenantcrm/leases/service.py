"""Use cases of leases: create and amend cycles, their rent steps, schedules and occupancy."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

import asyncpg
from dateutil.relativedelta import relativedelta
from piccolo.columns.combination import Combinable, WhereRaw
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.query.functions.aggregate import Count, Max, Min

from tenantcrm.audit import service as audit
from tenantcrm.buildings import service as buildings
from tenantcrm.buildings.enums import Occupancy, UnitStatus
from tenantcrm.buildings.occupancy import UnitLetting, occupancy_rate, unit_occupancy
from tenantcrm.buildings.schemas import FloorOccupancy, OccupancyOut, UnitOccupancy, UnitOut
from tenantcrm.core.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    StaleVersionError,
)
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import (
    Row,
    delete_versioned,
    get_or_404,
    lock_or_404,
    locked,
    update_versioned,
)
from tenantcrm.core.schemas import Page
from tenantcrm.db import current_engine, write_transaction
from tenantcrm.leases import critical_dates, rent
from tenantcrm.leases.enums import (
    STATUS_EDITS,
    DateKind,
    LeaseStatus,
    OptionKind,
    StepKind,
    UnitAddedBy,
    UnitReleasedBy,
)
from tenantcrm.leases.schemas import (
    AreaChangeOut,
    ConcessionOut,
    CriticalDateOut,
    LeaseIn,
    LeaseOptionIn,
    LeaseOptionOut,
    LeaseOptionPatch,
    LeaseOut,
    LeasePatch,
    LeaseUnitOut,
    RentChangeOut,
    RentStepIn,
    RentStepOut,
    RentStepPatch,
    ScheduleLineOut,
    ScheduleOut,
    ScheduleSummaryOut,
)
from tenantcrm.leases.tables import (
    AreaChange,
    Concession,
    Lease,
    LeaseOption,
    LeaseUnit,
    RentStep,
)

_RULE_FIELDS = frozenset(f.name for f in dataclasses.fields(rent.RentStep))

# --- conversions between rows and rules --------------------------------------------------


def step_rule(row: Row) -> rent.RentStep:
    return rent.RentStep(
        kind=StepKind(row["kind"]),
        effective=row["effective"],
        amount=None if row["amount_minor"] is None else from_minor(row["amount_minor"]),
        percent=None if row["percent_centi"] is None else from_minor(row["percent_centi"]),
        every_months=row["every_months"],
        months=row["months"],
    )


def _step_rule_of(step: RentStepIn) -> rent.RentStep:
    return rent.RentStep(
        kind=step.kind,
        effective=step.effective,
        amount=step.amount,
        percent=step.percent,
        every_months=step.every_months,
        months=step.months,
    )


def step_columns(step: RentStepIn | rent.RentStep) -> dict[str, Any]:
    return {
        "kind": step.kind.value,
        "effective": step.effective,
        "amount_minor": None if step.amount is None else to_minor(step.amount),
        "percent_centi": None if step.percent is None else to_minor(step.percent),
        "every_months": step.every_months,
        "months": step.months,
    }


def lease_terms(
    lease: Row, steps: Iterable[Row], area_changes: Iterable[Row] = ()
) -> rent.LeaseTerms:
    ordered = sorted(steps, key=lambda s: (s["effective"], s["created_at"]))
    return rent.LeaseTerms(
        start=lease["start_date"],
        end=lease["end_date"],
        base_rent=from_minor(lease["base_rent_minor"]),
        steps=tuple(step_rule(s) for s in ordered),
        incentive=from_minor(lease["incentive_minor"]),
        area_changes=area_change_rules(area_changes),
    )


def area_change_rules(rows: Iterable[Row]) -> tuple[rent.AreaChange, ...]:
    """Stored amendments as rent rules: each one scales the rent by area after / area before,
    so the factor in force is the product of the ratios so far (area then / area at start)."""
    factor = Fraction(1)
    rules = []
    for row in sorted(rows, key=lambda r: (r["effective"], r["created_at"])):
        factor *= Fraction(row["area_after_centi"], row["area_before_centi"])
        rules.append(rent.AreaChange(row["effective"], factor))
    return tuple(rules)


def area_change_out(row: Row) -> AreaChangeOut:
    return AreaChangeOut(
        id=row["id"],
        effective=row["effective"],
        area_before=from_minor(row["area_before_centi"]),
        area_after=from_minor(row["area_after_centi"]),
        note=row["note"],
    )


def step_out(row: Row) -> RentStepOut:
    return RentStepOut(
        id=row["id"],
        lease=row["lease"],
        kind=StepKind(row["kind"]),
        effective=row["effective"],
        amount=None if row["amount_minor"] is None else from_minor(row["amount_minor"]),
        percent=None if row["percent_centi"] is None else from_minor(row["percent_centi"]),
        every_months=row["every_months"],
        months=row["months"],
        note=row["note"],
        version=row["version"],
    )


def change_out(change: rent.RentChange | None) -> RentChangeOut | None:
    if change is None:
        return None
    return RentChangeOut(
        effective=change.effective, monthly_rent=change.monthly_rent, kind=change.kind
    )


def _rule_errors(violations: Sequence[rent.Violation]) -> list[FieldError]:
    return [FieldError(v.field, v.message) for v in violations]


# --- reading ------------------------------------------------------------------------------

LEASE_COLUMNS = (
    *Lease._meta.columns,
    Lease.tenant.name.as_alias("tenant_name"),
    Lease.building.name.as_alias("building_name"),
)


async def _lease_outs(leases: list[Row], on: date) -> list[LeaseOut]:
    """Assemble full lease views for many leases with two more queries, not two per lease."""
    if not leases:
        return []
    ids = [lease["id"] for lease in leases]
    unit_rows = await LeaseUnit.select(
        LeaseUnit.lease,
        LeaseUnit.unit,
        LeaseUnit.start_date,
        LeaseUnit.end_date,
        LeaseUnit.unit.code.as_alias("code"),
        LeaseUnit.unit.floor.as_alias("floor"),
        LeaseUnit.unit.area_centi.as_alias("area_centi"),
        LeaseUnit.added_by,
        LeaseUnit.released_by,
    ).where(LeaseUnit.lease.is_in(ids))
    step_rows = await RentStep.select().where(RentStep.lease.is_in(ids))
    change_rows = await AreaChange.select().where(AreaChange.lease.is_in(ids))
    units_by_lease: dict[UUID, list[Row]] = defaultdict(list)
    for row in unit_rows:
        units_by_lease[row["lease"]].append(row)
    steps_by_lease: dict[UUID, list[Row]] = defaultdict(list)
    for row in step_rows:
        steps_by_lease[row["lease"]].append(row)
    changes_by_lease: dict[UUID, list[Row]] = defaultdict(list)
    for row in change_rows:
        changes_by_lease[row["lease"]].append(row)
    return [
        _lease_out(
            lease,
            units_by_lease[lease["id"]],
            steps_by_lease[lease["id"]],
            changes_by_lease[lease["id"]],
            on,
        )
        for lease in leases
    ]


def _lease_out(
    lease: Row, units: list[Row], steps: list[Row], changes: list[Row], on: date
) -> LeaseOut:
    terms = lease_terms(lease, steps, changes)
    units = sorted(units, key=lambda u: (u["floor"], u["code"], u["start_date"]))
    # The area let on the day asked, held inside the term (a future lease shows its first day).
    day = min(max(on, lease["start_date"]), lease["end_date"])
    changes = sorted(changes, key=lambda c: (c["effective"], c["created_at"]))
    return LeaseOut(
        id=lease["id"],
        tenant=lease["tenant"],
        tenant_name=lease["tenant_name"],
        building=lease["building"],
        building_name=lease["building_name"],
        cycle=lease["cycle"],
        previous=lease["previous"],
        status=LeaseStatus(lease["status"]),
        start_date=lease["start_date"],
        end_date=lease["end_date"],
        currency=lease["currency"],
        base_rent=from_minor(lease["base_rent_minor"]),
        deposit=from_minor(lease["deposit_minor"]),
        incentive=from_minor(lease["incentive_minor"]),
        notice_months=lease["notice_months"],
        notes=lease["notes"],
        area=from_minor(
            sum(u["area_centi"] for u in units if u["start_date"] <= day <= u["end_date"])
        ),
        units=[
            LeaseUnitOut(
                unit=u["unit"],
                code=u["code"],
                floor=u["floor"],
                area=from_minor(u["area_centi"]),
                start_date=u["start_date"],
                end_date=u["end_date"],
                added_by=UnitAddedBy(u["added_by"]),
                released_by=None if u["released_by"] is None else UnitReleasedBy(u["released_by"]),
            )
            for u in units
        ],
        area_changes=[area_change_out(c) for c in changes],
        rent_steps=[step_out(s) for s in sorted(steps, key=lambda s: s["effective"])],
        current_rent=rent.rent_on(terms, on),
        next_change=change_out(rent.next_change(terms, on)),
        version=lease["version"],
    )


async def _lease_row(lease_id: UUID) -> Row:
    row = await Lease.select(*LEASE_COLUMNS).where(Lease.id == lease_id).first()
    if row is None:
        raise NotFoundError("lease", lease_id)
    return row


async def lock_lease(lease_id: UUID) -> None:
    """Lock the lease inside the caller's write transaction, before reading its status to
    record something that needs it active and that a move-out closes (a renewal): the move-out
    then waits, or is waited for, instead of ending the lease under the new record."""
    await locked(Lease, lease_id)


async def get_lease(lease_id: UUID, on: date) -> LeaseOut:
    (out,) = await _lease_outs([await _lease_row(lease_id)], on)
    return out


async def list_leases(
    limit: int,
    offset: int,
    on: date,
    tenant: UUID | None = None,
    building: UUID | None = None,
    unit: UUID | None = None,
    status: LeaseStatus | None = None,
    ending_by: date | None = None,
) -> Page[LeaseOut]:
    where: list[Combinable] = []
    if tenant is not None:
        where.append(Lease.tenant == tenant)
    if building is not None:
        where.append(Lease.building == building)
    if status is not None:
        where.append(Lease.status == status.value)
    if ending_by is not None:
        where.append((Lease.end_date >= on) & (Lease.end_date <= ending_by))
    if unit is not None:
        where.append(
            Lease.id.is_in(LeaseUnit.select(LeaseUnit.lease).where(LeaseUnit.unit == unit))
        )
    query = Lease.select(*LEASE_COLUMNS).order_by(Lease.end_date).order_by(Lease.id)
    count = Lease.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=await _lease_outs(rows, on), total=await count, limit=limit, offset=offset)


async def leases_of_tenant(tenant_id: UUID, on: date) -> list[LeaseOut]:
    rows = (
        await Lease.select(*LEASE_COLUMNS)
        .where(Lease.tenant == tenant_id)
        .order_by(Lease.start_date, ascending=False)
    )
    return await _lease_outs(rows, on)


async def lease_schedule(lease_id: UUID, on: date) -> ScheduleOut:
    lease = await _lease_row(lease_id)
    steps = await RentStep.select().where(RentStep.lease == lease_id)
    changes = await AreaChange.select().where(AreaChange.lease == lease_id)
    granted = (
        await Concession.select()
        .where(Concession.lease == lease_id)
        .order_by(Concession.start_date)
        .order_by(Concession.id)
    )
    terms = dataclasses.replace(
        lease_terms(lease, steps, changes), concessions=_concession_rules(granted)
    )
    lines = rent.build_schedule(terms)
    summary = rent.summarize(terms, lines)
    return ScheduleOut(
        lease=lease_id,
        currency=lease["currency"],
        on=on,
        current_rent=rent.rent_on(terms, on),
        next_change=change_out(rent.next_change(terms, on)),
        summary=ScheduleSummaryOut(
            months=summary.months,
            gross_rent=summary.gross_rent,
            free_rent=summary.free_rent,
            concessions=summary.concessions,
            total_rent=summary.total_rent,
            average_monthly_rent=summary.average_monthly_rent,
            net_effective_rent=summary.net_effective_rent,
        ),
        lines=[
            ScheduleLineOut(
                number=line.number,
                start=line.start,
                end=line.end,
                monthly_rent=line.monthly_rent,
                rent=line.rent,
                free=line.free,
                concession=line.concession,
                due=line.due,
            )
            for line in lines
        ],
        concessions=[
            ConcessionOut(
                start=row["start_date"],
                end=row["end_date"],
                monthly_amount=from_minor(row["monthly_amount_minor"]),
                source=row["source"],
                note=row["note"],
            )
            for row in granted
        ],
    )


# --- rent concessions granted by other domains -------------------------------------------


def _concession_rules(rows: Iterable[Row]) -> tuple[rent.Concession, ...]:
    return tuple(
        rent.Concession(r["start_date"], r["end_date"], from_minor(r["monthly_amount_minor"]))
        for r in rows
    )


@dataclass(frozen=True, slots=True)
class LeaseBrief:
    """What another domain needs to know of a lease: whose, where, its term and state."""

    id: UUID
    tenant: UUID
    building: UUID
    status: LeaseStatus
    start: date
    end: date
    currency: str
    base_rent: Decimal


async def lease_brief(lease_id: UUID) -> LeaseBrief | None:
    """A lease's tenant, building, term and status, or None if there is no such lease."""
    row = (
        await Lease.select(
            Lease.id,
            Lease.tenant,
            Lease.building,
            Lease.status,
            Lease.start_date,
            Lease.end_date,
            Lease.currency,
            Lease.base_rent_minor,
        )
        .where(Lease.id == lease_id)
        .first()
    )
    if row is None:
        return None
    return LeaseBrief(
        id=row["id"],
        tenant=row["tenant"],
        building=row["building"],
        status=LeaseStatus(row["status"]),
        start=row["start_date"],
        end=row["end_date"],
        currency=row["currency"],
        base_rent=from_minor(row["base_rent_minor"]),
    )


def concession_violations(
    brief: LeaseBrief, start: date, end: date, monthly_amount: Decimal
) -> list[rent.Violation]:
    """What is wrong with a concession on this lease (the dates must lie in its term)."""
    problems = rent.validate_terms(
        rent.LeaseTerms(
            brief.start,
            brief.end,
            Decimal("0"),
            concessions=(rent.Concession(start, end, monthly_amount),),
        )
    )
    problems = [p for p in problems if p.field.startswith("concessions[")]
    term = f"must be within the lease term ({brief.start} to {brief.end})"
    if not brief.start <= start <= brief.end:
        problems.append(rent.Violation("concessions[0].start", term))
    if not brief.start <= end <= brief.end:
        problems.append(rent.Violation("concessions[0].end", term))
    return problems


async def grant_concession(
    lease_id: UUID, start: date, end: date, monthly_amount: Decimal, source: UUID, note: str = ""
) -> None:
    """Record a rent concession on a lease (it shows in the schedule and the net effective
    rent). The caller checks the dates with ``concession_violations``. Joins the caller's write
    transaction."""
    async with write_transaction():
        await Concession.insert(
            Concession(
                lease=lease_id,
                start_date=start,
                end_date=end,
                monthly_amount_minor=to_minor(monthly_amount),
                source=source,
                note=note[:300],
            )
        )


async def change_concession(source: UUID, end: date, monthly_amount: Decimal) -> None:
    """Change the last day or the monthly amount of the concession granted by ``source``."""
    async with write_transaction():
        await Concession.update(
            {
                Concession.end_date: end,
                Concession.monthly_amount_minor: to_minor(monthly_amount),
            }
        ).where(Concession.source == source)


async def withdraw_concession(source: UUID) -> None:
    """Remove the concession granted by ``source`` (if any). Joins the caller's transaction."""
    async with write_transaction():
        await Concession.delete().where(Concession.source == source)


# --- portfolio queries other domains compose ---------------------------------------------


def tenants_with_leases(
    on: date,
    building: UUID | None = None,
    status: LeaseStatus | None = None,
    ending_within_months: int | None = None,
) -> Combinable | None:
    """A condition on tenant rows: the tenant has a lease that matches (None: no filter).

    ``building`` and ``ending_within_months`` look at leases in force (active); ``status``
    at any lease of that status. Written as a correlated EXISTS, probed per tenant through
    the index on lease (tenant, status, end_date).
    """
    where: list[str] = []
    values: list[Any] = []
    if status is not None:
        where.append("lease.status = {}")
        values.append(status.value)
    if building is not None or ending_within_months is not None:
        if status is None:
            where.append("lease.status = {}")
            values.append(LeaseStatus.ACTIVE.value)
        if building is not None:
            where.append("lease.building = {}")
            values.append(building)
        if ending_within_months is not None:
            try:
                horizon = on + relativedelta(months=ending_within_months)
            except ValueError:  # beyond year 9999: no lease ends that late anyway
                horizon = date.max
            where.append("lease.end_date >= {} AND lease.end_date <= {}")
            values += [on, horizon]
    if not where:
        return None
    condition = " AND ".join(where)
    # The condition joins constant fragments only; every value is a bound {} parameter.
    sql = f"EXISTS (SELECT 1 FROM lease WHERE lease.tenant = tenant.id AND {condition})"  # noqa: S608
    return WhereRaw(sql, *values)


async def active_lease_figures(tenant_ids: list[UUID]) -> dict[UUID, tuple[int, date | None]]:
    """For each tenant: how many active leases it has and the earliest end among them."""
    if not tenant_ids:
        return {}
    rows = (
        await Lease.select(
            Lease.tenant,
            Count(Lease.id, alias="leases"),
            Min(Lease.end_date, alias="next_expiry"),
        )
        .where(Lease.tenant.is_in(tenant_ids), Lease.status == LeaseStatus.ACTIVE.value)
        .group_by(Lease.tenant)
    )
    return {r["tenant"]: (r["leases"], _as_date(r["next_expiry"])) for r in rows}


def _as_date(value: date | str | None) -> date | None:
    """SQLite returns aggregates of dates as ISO text."""
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


# --- writing ------------------------------------------------------------------------------


async def _unit_errors(unit_ids: list[UUID]) -> tuple[list[UnitOut], list[FieldError]]:
    """The lease's units, and what is wrong with them: unknown, listed twice, two buildings."""
    errors: list[FieldError] = []
    if len(set(unit_ids)) != len(unit_ids):
        errors.append(FieldError("units", "lists the same unit twice"))
    found = await buildings.units_by_id(unit_ids)
    for index, unit_id in enumerate(unit_ids):
        if unit_id not in found:
            errors.append(FieldError(f"units[{index}]", f"no such unit {unit_id}"))
    if len({u.building for u in found.values()}) > 1:
        errors.append(FieldError("units", "must all be in one building"))
    return [found[u] for u in unit_ids if u in found], errors


async def _units_for(unit_ids: list[UUID]) -> list[UnitOut]:
    """The lease's units, checked: they exist, are unique and stand in one building."""
    units, errors = await _unit_errors(unit_ids)
    if errors:
        raise InvalidInputError(errors)
    return units


async def _lock_units(unit_ids: list[UUID]) -> None:
    """Serialise writers that let the same units (SQLite writers are serialised already)."""
    if isinstance(current_engine(), SQLiteEngine):
        return
    await Lease.raw(
        "SELECT id FROM unit WHERE id = ANY({}) ORDER BY id FOR UPDATE", sorted(unit_ids)
    )


async def _ensure_units_free(
    unit_ids: list[UUID], start: date, end: date, lease_id: UUID | None = None
) -> None:
    """Refuse (409) a unit already let under another lease whose term overlaps."""
    await _lock_units(unit_ids)
    where = [
        LeaseUnit.unit.is_in(unit_ids),
        LeaseUnit.start_date <= end,
        LeaseUnit.end_date >= start,
    ]
    if lease_id is not None:
        where.append(LeaseUnit.lease != lease_id)
    clashes = await LeaseUnit.select(
        LeaseUnit.lease,
        LeaseUnit.unit,
        LeaseUnit.start_date,
        LeaseUnit.end_date,
        LeaseUnit.unit.code.as_alias("unit_code"),
        LeaseUnit.lease._.tenant._.name.as_alias("tenant_name"),
    ).where(*where)
    if clashes:
        first = clashes[0]
        raise ConflictError(
            f"unit {first['unit_code']} is already let to {first['tenant_name']} under lease "
            f"{first['lease']} from {first['start_date']} to {first['end_date']}",
            [
                {
                    "lease": str(c["lease"]),
                    "unit": str(c["unit"]),
                    "unit_code": c["unit_code"],
                    "tenant_name": c["tenant_name"],
                    "start_date": c["start_date"].isoformat(),
                    "end_date": c["end_date"].isoformat(),
                }
                for c in clashes
            ],
        )


async def _tenant_exists(tenant: UUID) -> bool:
    """Whether the tenant a lease names exists (looked up through the lease's foreign key)."""
    tenants = Lease.tenant._foreign_key_meta.resolved_references
    return bool(await tenants.exists().where(tenants._meta.primary_key == tenant))


async def _cycle_errors(previous: UUID | None, tenant: UUID) -> tuple[int, list[FieldError]]:
    """The cycle number a lease gets (1, or one more than the cycle it renews), and problems."""
    if not await _tenant_exists(tenant):
        return 1, [FieldError("tenant", f"no such tenant {tenant}")]
    if previous is None:
        return 1, []
    row = await Lease.select(Lease.cycle, Lease.tenant).where(Lease.id == previous).first()
    if row is None:
        return 1, [FieldError("previous", f"no such lease {previous}")]
    if row["tenant"] != tenant:
        return 1, [FieldError("previous", "belongs to another tenant")]
    return int(row["cycle"]) + 1, []


async def create_lease(data: LeaseIn, on: date) -> LeaseOut:
    terms = rent.LeaseTerms(
        start=data.start_date,
        end=data.end_date,
        base_rent=data.base_rent,
        steps=tuple(_step_rule_of(s) for s in data.rent_steps),
        incentive=data.incentive,
    )
    async with write_transaction():
        # Every problem with the request at once, so the client can fix them in one go.
        errors = _rule_errors(rent.validate_terms(terms))
        units, unit_errors = await _unit_errors(data.units)
        cycle, cycle_errors = await _cycle_errors(data.previous, data.tenant)
        errors += unit_errors + cycle_errors
        if errors:
            raise InvalidInputError(errors)
        building = await buildings.get_building(units[0].building)
        if data.previous is not None:
            # The lease before the units, the order every writer of a lease takes them in: a
            # new term for the previous lease locks it, then its units (no deadlock).
            await locked(Lease, data.previous)
        await _ensure_units_free(data.units, data.start_date, data.end_date)
        try:
            inserted = await Lease.insert(
                Lease(
                    tenant=data.tenant,
                    building=building.id,
                    cycle=cycle,
                    previous=data.previous,
                    status=data.status.value,
                    start_date=data.start_date,
                    end_date=data.end_date,
                    currency=building.currency,
                    base_rent_minor=to_minor(data.base_rent),
                    deposit_minor=to_minor(data.deposit),
                    incentive_minor=to_minor(data.incentive),
                    notice_months=data.notice_months,
                    notes=data.notes,
                )
            ).returning(Lease.id)
        except (sqlite3.IntegrityError, asyncpg.ForeignKeyViolationError) as error:
            raise InvalidInputError(
                [FieldError("tenant", f"no such tenant {data.tenant}")]
            ) from error
        lease_id = inserted[0]["id"]
        renewed = await _units_of_lease(data.previous) if data.previous else set()
        await LeaseUnit.insert(
            *[
                LeaseUnit(
                    lease=lease_id,
                    unit=u,
                    start_date=data.start_date,
                    end_date=data.end_date,
                    added_by=_how_added(u, data.previous, renewed).value,
                )
                for u in data.units
            ]
        )
        if data.rent_steps:
            await RentStep.insert(
                *[RentStep(lease=lease_id, note=s.note, **step_columns(s)) for s in data.rent_steps]
            )
        if data.previous is not None and data.status is LeaseStatus.ACTIVE:
            await _mark_renewed(data.previous, lease_id)
    return await get_lease(lease_id, on)


async def _mark_renewed(previous: UUID, next_lease: UUID) -> None:
    """The cycle a lease in force follows is renewed (if it was still active), with history."""
    lease = await lock_or_404(Lease, previous, "lease")
    if lease["status"] != LeaseStatus.ACTIVE.value:
        return
    await update_versioned(
        Lease, previous, lease["version"], {"status": LeaseStatus.RENEWED.value}, "lease"
    )
    await audit.record(
        "lease",
        previous,
        "renewed",
        from_state=LeaseStatus.ACTIVE.value,
        to_state=LeaseStatus.RENEWED.value,
        detail={"next_lease": str(next_lease)},
    )


async def _units_of_lease(lease_id: UUID) -> set[UUID]:
    return {
        r["unit"] for r in await LeaseUnit.select(LeaseUnit.unit).where(LeaseUnit.lease == lease_id)
    }


def _how_added(unit: UUID, previous: UUID | None, renewed: set[UUID]) -> UnitAddedBy:
    """A new cycle keeps the previous cycle's units (renewal); any other unit is an expansion."""
    if previous is None:
        return UnitAddedBy.LETTING
    return UnitAddedBy.RENEWAL if unit in renewed else UnitAddedBy.EXPANSION


async def update_lease(lease_id: UUID, data: LeasePatch, version: int, on: date) -> LeaseOut:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        lease = await lock_or_404(Lease, lease_id, "lease")
        _refuse_history_edits(lease, changes)
        steps = await RentStep.select().where(RentStep.lease == lease_id)
        merged = {**lease}
        for name in ("start_date", "end_date", "notice_months", "notes"):
            if name in changes:
                merged[name] = changes[name]
        for name in ("base_rent", "deposit", "incentive"):
            if changes.get(name) is not None:
                merged[f"{name}_minor"] = to_minor(changes[name])
        if data.status is not None:
            merged["status"] = data.status.value
        violations = rent.validate_terms(lease_terms(merged, steps))
        if violations:
            raise InvalidInputError(_rule_errors(violations))
        await _refuse_stranded_options(lease, merged)
        current_units = [
            r["unit"]
            for r in await LeaseUnit.select(LeaseUnit.unit).where(LeaseUnit.lease == lease_id)
        ]
        unit_ids = data.units if data.units is not None else current_units
        term_changed = (merged["start_date"], merged["end_date"]) != (
            lease["start_date"],
            lease["end_date"],
        )
        if data.units is not None or term_changed:
            await _refuse_if_amended(lease_id)
            units = await _units_for(unit_ids)
            if units[0].building != lease["building"]:
                raise InvalidInputError([FieldError("units", "must stay in the lease's building")])
            await _ensure_units_free(unit_ids, merged["start_date"], merged["end_date"], lease_id)
        values = {
            name: merged[name]
            for name in (
                "start_date",
                "end_date",
                "status",
                "base_rent_minor",
                "deposit_minor",
                "incentive_minor",
                "notice_months",
                "notes",
            )
        }
        await update_versioned(Lease, lease_id, version, values, "lease")
        signed = lease["status"] == LeaseStatus.DRAFT.value and values["status"] == "active"
        if signed and lease["previous"] is not None:
            await _mark_renewed(lease["previous"], lease_id)
        if data.units is not None or term_changed:
            await LeaseUnit.delete().where(LeaseUnit.lease == lease_id)
            await LeaseUnit.insert(
                *[
                    LeaseUnit(
                        lease=lease_id,
                        unit=u,
                        start_date=merged["start_date"],
                        end_date=merged["end_date"],
                    )
                    for u in unit_ids
                ]
            )
        # Read inside the transaction: the answer is this edit's result (its version), not
        # that of an edit committed right after it.
        return await get_lease(lease_id, on)


def _refuse_history_edits(lease: Row, changes: dict[str, Any]) -> None:
    """Status moves only as ``STATUS_EDITS`` allow; an ended or renewed lease takes notes only."""
    current = LeaseStatus(lease["status"])
    target = changes.get("status")
    if target is not None and (illegal := STATUS_EDITS.check(current, target)) is not None:
        raise IllegalTransitionError(
            "lease", lease["id"], current.value, illegal.target, list(illegal.allowed)
        )
    if STATUS_EDITS.is_terminal(current) and set(changes) - {"notes"}:
        raise ConflictError(
            f"lease {lease['id']} is {current.value}: it is history and only its notes may change",
            [{"field": name, "status": current.value} for name in sorted(set(changes) - {"notes"})],
        )


async def _refuse_stranded_options(lease: Row, merged: Row) -> None:
    """A new term must still hold every option window the lease has (422 naming the date)."""
    start, end = merged["start_date"], merged["end_date"]
    if (start, end) == (lease["start_date"], lease["end_date"]):
        return
    options = [
        _option_rule(row)
        for row in await LeaseOption.select().where(LeaseOption.lease == lease["id"])
    ]
    violations = critical_dates.option_errors(options, start, end)
    if violations:
        field = "end_date" if end != lease["end_date"] else "start_date"
        outside = "; ".join(f"{v.field} {v.message}" for v in violations)
        raise InvalidInputError(
            [FieldError(field, f"the lease's option windows must stay in its term ({outside})")]
        )


async def delete_lease(lease_id: UUID, version: int) -> None:
    """Delete a draft; a lease that was ever in force is history and stays."""
    async with write_transaction():
        lease = await lock_or_404(Lease, lease_id, "lease")
        if lease["status"] != LeaseStatus.DRAFT.value:
            raise ConflictError(
                f"lease {lease_id} is {lease['status']}; only draft leases can be deleted",
                [{"field": "status", "current": lease["status"], "allowed": ["draft"]}],
            )
        if lease["version"] != version:
            raise StaleVersionError("lease", lease_id, version, lease["version"])
        await Lease.delete().where(Lease.id == lease_id)


# --- rent steps ---------------------------------------------------------------------------


def _check_step(lease: Row, step: rent.RentStep) -> None:
    """Validate one step against its lease's term; field names are the step's own."""
    terms = lease_terms(lease, [])
    violations = rent.validate_terms(
        rent.LeaseTerms(terms.start, terms.end, terms.base_rent, (step,), terms.incentive)
    )
    if violations:
        raise InvalidInputError(
            FieldError(v.field.removeprefix("rent_steps[0]."), v.message) for v in violations
        )


async def list_rent_steps(lease_id: UUID) -> list[RentStepOut]:
    await get_or_404(Lease, lease_id, "lease")
    rows = await RentStep.select().where(RentStep.lease == lease_id).order_by(RentStep.effective)
    return [step_out(r) for r in rows]


async def add_rent_step(lease_id: UUID, data: RentStepIn) -> RentStepOut:
    async with write_transaction():
        lease = await lock_or_404(Lease, lease_id, "lease")
        _refuse_history_edits(lease, {"rent_steps": data})
        _check_step(lease, _step_rule_of(data))
        row = await RentStep.insert(
            RentStep(lease=lease_id, note=data.note, **step_columns(data))
        ).returning(*RentStep._meta.columns)
    return step_out(row[0])


async def update_rent_step(step_id: UUID, data: RentStepPatch, version: int) -> RentStepOut:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        step = await get_or_404(RentStep, step_id, "rent step")
        lease = await lock_or_404(Lease, step["lease"], "lease")
        _refuse_history_edits(lease, {"rent_steps": data})
        rule_fields = {k: v for k, v in changes.items() if k in _RULE_FIELDS}
        merged = dataclasses.replace(step_rule(step), **rule_fields)
        _check_step(lease, merged)
        values: dict[Any, Any] = step_columns(merged)
        if "note" in changes:
            values["note"] = changes["note"]
        row = await update_versioned(RentStep, step_id, version, values, "rent step")
    return step_out(row)


async def delete_rent_step(step_id: UUID, version: int) -> None:
    async with write_transaction():
        step = await get_or_404(RentStep, step_id, "rent step")
        lease = await lock_or_404(Lease, step["lease"], "lease")
        _refuse_history_edits(lease, {"rent_steps": step_id})
        await delete_versioned(RentStep, step_id, version, "rent step")


# --- occupancy ----------------------------------------------------------------------------


async def building_occupancy(building_id: UUID, on: date) -> OccupancyOut:
    """Who occupies what in a building on a day, floor by floor, with vacancy figures."""
    units = await buildings.units_of_building(building_id)
    rows = await LeaseUnit.select(
        LeaseUnit.unit,
        LeaseUnit.start_date,
        LeaseUnit.end_date,
        LeaseUnit.lease.as_alias("lease_id"),
        LeaseUnit.lease.end_date.as_alias("lease_end"),
        LeaseUnit.lease.tenant.as_alias("tenant_id"),
        LeaseUnit.lease._.tenant._.name.as_alias("tenant_name"),
    ).where(
        LeaseUnit.lease.building == building_id,
        LeaseUnit.start_date <= on,
        LeaseUnit.end_date >= on,
        LeaseUnit.lease.status != LeaseStatus.DRAFT.value,
    )
    holders = {r["unit"]: r for r in rows}
    floors: dict[int, list[UnitOccupancy]] = defaultdict(list)
    for unit in units:
        holder = holders.get(unit.id)
        lettings = [] if holder is None else [UnitLetting(holder["start_date"], holder["end_date"])]
        floors[unit.floor].append(
            UnitOccupancy(
                id=unit.id,
                floor=unit.floor,
                code=unit.code,
                area=unit.area,
                occupancy=unit_occupancy(UnitStatus(unit.status), lettings, on),
                tenant_id=None if holder is None else holder["tenant_id"],
                tenant_name=None if holder is None else holder["tenant_name"],
                lease_id=None if holder is None else holder["lease_id"],
                lease_end=None if holder is None else holder["lease_end"],
            )
        )
    everything = [u for floor in floors.values() for u in floor]
    lettable_area = _area(everything, lettable=True)
    occupied_area = _area(everything, lettable=False)
    lettable_units = sum(1 for u in everything if u.occupancy is not Occupancy.OFF_MARKET)
    occupied_units = sum(1 for u in everything if u.occupancy is Occupancy.OCCUPIED)
    return OccupancyOut(
        building=building_id,
        on=on,
        unit_count=len(everything),
        occupied_units=occupied_units,
        vacant_units=lettable_units - occupied_units,
        off_market_units=len(everything) - lettable_units,
        lettable_area=lettable_area,
        occupied_area=occupied_area,
        vacant_area=lettable_area - occupied_area,
        occupancy_rate=occupancy_rate(occupied_area, lettable_area),
        floors=[
            FloorOccupancy(
                floor=floor,
                lettable_area=_area(us, lettable=True),
                occupied_area=_area(us, lettable=False),
                units=us,
            )
            for floor, us in sorted(floors.items(), reverse=True)
        ],
    )


def _area(units: list[UnitOccupancy], *, lettable: bool) -> Decimal:
    """Lettable area (not off the market) or occupied area of some units."""
    wanted = (
        (lambda u: u.occupancy is not Occupancy.OFF_MARKET)
        if lettable
        else (lambda u: u.occupancy is Occupancy.OCCUPIED)
    )
    return sum((u.area for u in units if wanted(u)), start=Decimal("0.00"))


# --- renewal cycles (for renewals) --------------------------------------------------------


async def lease_rent_terms(lease_id: UUID) -> rent.LeaseTerms:
    """The rent terms of a lease (term, base rent, steps, incentive), for rules elsewhere."""
    lease = await get_or_404(Lease, lease_id, "lease")
    steps = await RentStep.select().where(RentStep.lease == lease_id)
    changes = await AreaChange.select().where(AreaChange.lease == lease_id)
    return lease_terms(lease, steps, changes)


async def renew_lease(previous_id: UUID, terms: rent.LeaseTerms, notes: str = "") -> UUID:
    """Sign the cycle that follows an active lease; return the new lease's id.

    The new cycle has the previous one's tenant, building, currency, deposit, notice period
    and units still let at expiry (added by renewal), ``terms`` for its term and rent, status
    active and ``previous`` linked; the previous lease becomes renewed. Both are audited.
    Joins the caller's write transaction, so a caller's own changes commit with it or not at all.
    """
    violations = rent.validate_terms(terms)
    if violations:
        raise InvalidInputError(_rule_errors(violations))
    async with write_transaction():
        lease = await lock_or_404(Lease, previous_id, "lease")
        if lease["status"] != LeaseStatus.ACTIVE.value:
            raise ConflictError(
                f"lease {previous_id} is {lease['status']}; only an active lease can be renewed",
                [{"field": "status", "current": lease["status"], "allowed": ["active"]}],
            )
        if terms.start <= lease["end_date"]:
            raise InvalidInputError(
                [FieldError("start_date", f"must be after the lease ends on {lease['end_date']}")]
            )
        rows = await LeaseUnit.select(LeaseUnit.unit).where(
            LeaseUnit.lease == previous_id, LeaseUnit.released_by.is_null()
        )
        unit_ids = sorted({r["unit"] for r in rows})
        if not unit_ids:
            raise ConflictError(f"lease {previous_id} has no units left to renew")
        await _ensure_units_free(unit_ids, terms.start, terms.end)
        inserted = await Lease.insert(
            Lease(
                tenant=lease["tenant"],
                building=lease["building"],
                cycle=lease["cycle"] + 1,
                previous=previous_id,
                status=LeaseStatus.ACTIVE.value,
                start_date=terms.start,
                end_date=terms.end,
                currency=lease["currency"],
                base_rent_minor=to_minor(terms.base_rent),
                deposit_minor=lease["deposit_minor"],
                incentive_minor=to_minor(terms.incentive),
                notice_months=lease["notice_months"],
                notes=notes,
            )
        ).returning(Lease.id)
        new_id: UUID = inserted[0]["id"]
        await LeaseUnit.insert(
            *[
                LeaseUnit(
                    lease=new_id,
                    unit=u,
                    start_date=terms.start,
                    end_date=terms.end,
                    added_by=UnitAddedBy.RENEWAL.value,
                )
                for u in unit_ids
            ]
        )
        if terms.steps:
            await RentStep.insert(*[RentStep(lease=new_id, **step_columns(s)) for s in terms.steps])
        await update_versioned(
            Lease, previous_id, lease["version"], {"status": LeaseStatus.RENEWED.value}, "lease"
        )
        await audit.record(
            "lease",
            previous_id,
            "renewed",
            from_state=LeaseStatus.ACTIVE.value,
            to_state=LeaseStatus.RENEWED.value,
            detail={"next_lease": str(new_id)},
        )
        await audit.record(
            "lease",
            new_id,
            "created",
            to_state=LeaseStatus.ACTIVE.value,
            detail={"previous": str(previous_id), "cycle": lease["cycle"] + 1},
        )
    return new_id


# --- expansions and contractions (for space requests) -------------------------------------


async def _refuse_if_amended(lease_id: UUID) -> None:
    """Units and term of an amended lease change only by amendments (the history stays true)."""
    if await AreaChange.exists().where(AreaChange.lease == lease_id):
        raise ConflictError(
            f"lease {lease_id} was expanded or contracted: its units and term change only by "
            "further amendments (space requests), so the history of the area let stays true",
            [{"field": "units", "reason": "amended"}],
        )


@dataclass(frozen=True, slots=True)
class UnitHolding:
    """A unit let under a lease from ``start`` to ``end`` (drafts hold their units too)."""

    unit: UUID
    lease: UUID
    tenant: UUID
    tenant_name: str
    start: date
    end: date


async def holdings_in_building(building_id: UUID, start: date, end: date) -> list[UnitHolding]:
    """Every letting of a unit of the building that shares a day with ``start``..``end``."""
    rows = await LeaseUnit.select(
        LeaseUnit.unit,
        LeaseUnit.lease,
        LeaseUnit.start_date,
        LeaseUnit.end_date,
        LeaseUnit.lease.tenant.as_alias("tenant"),
        LeaseUnit.lease._.tenant._.name.as_alias("tenant_name"),
    ).where(
        LeaseUnit.lease.building == building_id,
        LeaseUnit.start_date <= end,
        LeaseUnit.end_date >= start,
    )
    return [
        UnitHolding(
            r["unit"], r["lease"], r["tenant"], r["tenant_name"], r["start_date"], r["end_date"]
        )
        for r in rows
    ]


async def amend_units(
    lease_id: UUID,
    add: Sequence[UUID],
    release: Sequence[UUID],
    effective: date,
    note: str = "",
) -> AreaChangeOut:
    """Expand or contract a lease from ``effective``: units added, units released, rent follows.

    In one transaction (joining the caller's): the lease and the units are locked; an added unit
    is let from ``effective`` to the lease end (added by expansion) and must be free then (409
    naming the lease and tenant holding it); a released unit is let until the day before
    ``effective`` (released by contraction) and becomes vacant; an area change records the area
    before and after, from which the rent is scaled. Amendments go in date order, inside the
    term, and may not release every unit (that is a move-out). The lease's version is bumped
    and the amendment audited. Bad fields are named as a space request transition names them:
    ``units[i]`` and ``effective_date``.
    """
    errors: list[FieldError] = []
    named = [*add, *release]
    if not named:
        errors.append(FieldError("units", "name at least one unit to add or release"))
    if len(set(named)) != len(named):
        errors.append(FieldError("units", "lists the same unit twice"))
    if errors:
        raise InvalidInputError(errors)
    async with write_transaction():
        lease = await lock_or_404(Lease, lease_id, "lease")
        if lease["status"] != LeaseStatus.ACTIVE.value:
            raise ConflictError(
                f"lease {lease_id} is {lease['status']}; only an active lease can be amended",
                [{"field": "status", "current": lease["status"], "allowed": ["active"]}],
            )
        start, end = lease["start_date"], lease["end_date"]
        if not start <= effective <= end:
            raise InvalidInputError(
                [FieldError("effective_date", f"must be within the lease term ({start} to {end})")]
            )
        last = (
            await AreaChange.select(AreaChange.effective)
            .where(AreaChange.lease == lease_id)
            .order_by(AreaChange.effective, ascending=False)
            .first()
        )
        if last is not None and effective < last["effective"]:
            raise InvalidInputError(
                [
                    FieldError(
                        "effective_date",
                        f"must be on or after {last['effective']}, "
                        "when the lease's last amendment took effect",
                    )
                ]
            )
        await _lock_units(named)
        rows = await LeaseUnit.select(
            LeaseUnit.id,
            LeaseUnit.unit,
            LeaseUnit.start_date,
            LeaseUnit.end_date,
            LeaseUnit.unit.code.as_alias("code"),
            LeaseUnit.unit.area_centi.as_alias("area_centi"),
        ).where(LeaseUnit.lease == lease_id)
        held = {r["unit"]: r for r in rows if r["start_date"] <= effective <= r["end_date"]}
        added = await _units_to_add(lease, list(add), rows, effective)
        released = _rows_to_release(list(release), held, effective, offset=len(add))
        if len(released) == len(held) and not added:
            raise ConflictError(
                f"releasing every unit of lease {lease_id} ends the occupancy: "
                "record a move-out instead of a contraction",
                [{"field": "units", "reason": "every unit released"}],
            )
        if added:
            await _ensure_units_free([u.id for u in added], effective, end, lease_id)
        area_before = sum(r["area_centi"] for r in held.values())
        area_after = (
            area_before
            - sum(r["area_centi"] for r in released)
            + sum(to_minor(u.area) for u in added)
        )
        if released:
            await LeaseUnit.update(
                {
                    LeaseUnit.end_date: effective - timedelta(days=1),
                    LeaseUnit.released_by: UnitReleasedBy.CONTRACTION.value,
                }
            ).where(LeaseUnit.id.is_in([r["id"] for r in released]))
        if added:
            await LeaseUnit.insert(
                *[
                    LeaseUnit(
                        lease=lease_id,
                        unit=u.id,
                        start_date=effective,
                        end_date=end,
                        added_by=UnitAddedBy.EXPANSION.value,
                    )
                    for u in added
                ]
            )
        change = await AreaChange.insert(
            AreaChange(
                lease=lease_id,
                effective=effective,
                area_before_centi=area_before,
                area_after_centi=area_after,
                note=note,
            )
        ).returning(*AreaChange._meta.columns)
        await update_versioned(Lease, lease_id, lease["version"], {}, "lease")
        await audit.record(
            "lease",
            lease_id,
            "amended",
            detail={
                "effective": effective.isoformat(),
                "added": [u.code for u in added],
                "released": [r["code"] for r in released],
                "area_before": str(from_minor(area_before)),
                "area_after": str(from_minor(area_after)),
                "area_change": str(change[0]["id"]),
                "note": note,
            },
        )
    return area_change_out(change[0])


async def _units_to_add(
    lease: Row, unit_ids: list[UUID], rows: list[Row], effective: date
) -> list[UnitOut]:
    """The units to add, checked: they exist, stand in the lease's building, are not its own."""
    if not unit_ids:
        return []
    found = await buildings.units_by_id(unit_ids)
    own = {r["unit"] for r in rows if r["end_date"] >= effective}
    errors: list[FieldError] = []
    for index, unit_id in enumerate(unit_ids):
        unit = found.get(unit_id)
        if unit is None:
            errors.append(FieldError(f"units[{index}]", f"no such unit {unit_id}"))
        elif unit.building != lease["building"]:
            errors.append(FieldError(f"units[{index}]", "is not in the lease's building"))
        elif unit_id in own:
            errors.append(FieldError(f"units[{index}]", "is already let under this lease"))
    if errors:
        raise InvalidInputError(errors)
    return [found[u] for u in unit_ids]


def _rows_to_release(
    unit_ids: list[UUID], held: dict[UUID, Row], effective: date, offset: int
) -> list[Row]:
    """The lettings to end, checked: let under the lease on ``effective`` and before it."""
    errors: list[FieldError] = []
    released: list[Row] = []
    for index, unit_id in enumerate(unit_ids, start=offset):
        row = held.get(unit_id)
        if row is None:
            errors.append(
                FieldError(f"units[{index}]", f"is not let under this lease on {effective}")
            )
        elif row["start_date"] >= effective:
            errors.append(
                FieldError(
                    "effective_date",
                    f"must be after {row['start_date']}, when unit {row['code']} was let",
                )
            )
        else:
            released.append(row)
    if errors:
        raise InvalidInputError(errors)
    return released


# --- lease options and critical dates -----------------------------------------------------


def _option_rule(row: Row) -> critical_dates.LeaseOption:
    return critical_dates.LeaseOption(
        kind=OptionKind(row["kind"]), opens=row["opens"], closes=row["closes"], note=row["note"]
    )


def _option_out(row: Row) -> LeaseOptionOut:
    return LeaseOptionOut(
        id=row["id"],
        lease=row["lease"],
        kind=OptionKind(row["kind"]),
        opens=row["opens"],
        closes=row["closes"],
        note=row["note"],
        version=row["version"],
    )


def _check_option(lease: Row, option: critical_dates.LeaseOption) -> None:
    """Validate one option window against its lease's term; field names are the option's own."""
    violations = critical_dates.option_errors([option], lease["start_date"], lease["end_date"])
    if violations:
        raise InvalidInputError(
            FieldError(v.field.removeprefix("options[0]."), v.message) for v in violations
        )


def _option_audit(row: Row) -> dict[str, Any]:
    return {
        "lease": str(row["lease"]),
        "kind": row["kind"],
        "opens": row["opens"].isoformat(),
        "closes": row["closes"].isoformat(),
        "note": row["note"],
    }


async def list_lease_options(lease_id: UUID) -> list[LeaseOptionOut]:
    await get_or_404(Lease, lease_id, "lease")
    rows = (
        await LeaseOption.select()
        .where(LeaseOption.lease == lease_id)
        .order_by(LeaseOption.opens)
        .order_by(LeaseOption.closes)
        .order_by(LeaseOption.id)
    )
    return [_option_out(r) for r in rows]


async def get_lease_option(option_id: UUID) -> LeaseOptionOut:
    return _option_out(await get_or_404(LeaseOption, option_id, "lease option"))


async def add_lease_option(lease_id: UUID, data: LeaseOptionIn) -> LeaseOptionOut:
    async with write_transaction():
        lease = await lock_or_404(Lease, lease_id, "lease")
        _check_option(lease, critical_dates.LeaseOption(data.kind, data.opens, data.closes))
        rows = await LeaseOption.insert(
            LeaseOption(
                lease=lease_id,
                kind=data.kind.value,
                opens=data.opens,
                closes=data.closes,
                note=data.note,
            )
        ).returning(*LeaseOption._meta.columns)
        await audit.record("lease_option", rows[0]["id"], "created", detail=_option_audit(rows[0]))
    return _option_out(rows[0])


async def update_lease_option(
    option_id: UUID, data: LeaseOptionPatch, version: int
) -> LeaseOptionOut:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        option = await get_or_404(LeaseOption, option_id, "lease option")
        lease = await lock_or_404(Lease, option["lease"], "lease")
        merged = {**option, **changes}
        _check_option(lease, _option_rule(merged))
        values = {name: merged[name] for name in ("opens", "closes", "note")}
        values["kind"] = OptionKind(merged["kind"]).value
        row = await update_versioned(LeaseOption, option_id, version, values, "lease option")
        await audit.record(
            "lease_option",
            option_id,
            "amended",
            detail={"before": _option_audit(option), "after": _option_audit(row)},
        )
    return _option_out(row)


async def delete_lease_option(option_id: UUID, version: int) -> None:
    async with write_transaction():
        option = await get_or_404(LeaseOption, option_id, "lease option")
        await lock_or_404(Lease, option["lease"], "lease")
        await delete_versioned(LeaseOption, option_id, version, "lease option")
        await audit.record("lease_option", option_id, "deleted", detail=_option_audit(option))


def _lease_dates(
    lease: Row,
    steps: list[Row],
    changes: list[Row],
    options: list[Row],
    on: date,
    within: int | None,
) -> list[critical_dates.CriticalDate]:
    """One lease's critical dates from ``on`` (up to ``within`` days later, if given)."""
    rules = [_option_rule(o) for o in options]
    # A window left outside the term by a later change of the lease's dates is not shown.
    usable = [o for o in rules if not critical_dates.option_errors([o], *_term(lease))]
    return critical_dates.critical_dates(
        lease_terms(lease, steps, changes), lease["notice_months"], usable, on, within
    )


def _critical_date_out(found: critical_dates.CriticalDate, lease: Row) -> CriticalDateOut:
    return CriticalDateOut(
        day=found.day,
        kind=found.kind,
        label=found.label,
        option_kind=found.option_kind,
        lease=lease["id"],
        tenant=lease["tenant"],
        tenant_name=lease["tenant_name"],
        building=lease["building"],
        building_name=lease["building_name"],
    )


def _term(lease: Row) -> tuple[date, date]:
    return lease["start_date"], lease["end_date"]


async def lease_critical_dates(
    lease_id: UUID, on: date, within: int | None
) -> list[CriticalDateOut]:
    """A lease's expiry, notice deadline, rent steps and option windows from ``on``."""
    lease = await _lease_row(lease_id)
    steps = await RentStep.select().where(RentStep.lease == lease_id)
    changes = await AreaChange.select().where(AreaChange.lease == lease_id)
    options = await LeaseOption.select().where(LeaseOption.lease == lease_id)
    found = _lease_dates(lease, steps, changes, options, on, within)
    return [_critical_date_out(d, lease) for d in found]


_MAX_NOTICE_MONTHS = 60
"""The longest notice period a lease may have (LeaseIn.notice_months)."""

_TERM_COLUMNS = (
    Lease.id,
    Lease.tenant,
    Lease.building,
    Lease.start_date,
    Lease.end_date,
    Lease.notice_months,
    Lease.base_rent_minor,
    Lease.incentive_minor,
)
"""What the critical dates of a lease depend on."""

_STEP_COLUMNS = (
    RentStep.lease,
    RentStep.kind,
    RentStep.effective,
    RentStep.amount_minor,
    RentStep.percent_centi,
    RentStep.every_months,
    RentStep.months,
    RentStep.created_at,
)


def _may_have_dates(
    lease: Row, steps: list[Row], changes: list[Row], has_options: bool, on: date, horizon: date
) -> bool:
    """False only when the lease surely has no critical date from ``on`` to ``horizon``.

    A cheap test that spares most leases the rent timeline: a date in the window is its expiry,
    its notice deadline, an option day (only leases with an option window overlapping the
    window are given one), or the day a step or an area change takes effect.
    """
    end, months = lease["end_date"], lease["notice_months"]
    if has_options or on <= end <= horizon:
        return True
    # ``months`` months before ``end`` lies between 28 and 31 days a month before it.
    earliest, latest = (
        _later(on, timedelta(days=28 * months)),
        _later(horizon, timedelta(days=31 * months)),
    )
    if earliest <= end <= latest and on <= critical_dates.notice_deadline(end, months) <= horizon:
        return True
    last = min(end, horizon)
    if any(on <= change["effective"] <= last for change in changes):
        return True
    return any(
        _takes_effect_between(step, on, last)
        for step in steps
        if step["kind"] != StepKind.FREE.value
    )


def _takes_effect_between(step: Row, first: date, last: date) -> bool:
    """Whether a step (recurring ones every ``every_months`` months) applies on a day from
    ``first`` to ``last``; the same dates as the rent rules give, by plain month arithmetic."""
    effective, every = step["effective"], step["every_months"]
    if every is None:
        return first <= effective <= last
    months_before = (first.year - effective.year) * 12 + first.month - effective.month
    k = max(0, months_before // every)
    while (day := _later(effective, relativedelta(months=k * every))) <= last:
        if day >= first:
            return True
        k += 1
    return False


async def portfolio_critical_dates(
    on: date,
    within: int,
    building: UUID | None,
    kind: DateKind | None,
    limit: int,
    offset: int,
) -> Page[CriticalDateOut]:
    """Critical dates of every active lease from ``on`` to ``on + within`` days, by day.

    Five queries whatever the size of the portfolio: the leases that can have a date in the
    window; their rent steps and area changes up to its end; their option windows that overlap
    it; and the tenant and building names of the leases on the page asked. Only the columns the
    rules need are read, and only leases that may have a date in the window are computed.
    """
    horizon = _later(on, timedelta(days=within))
    # A lease has no date after its expiry; one starting after the horizon has none in the
    # window except a notice deadline, which is at most 60 months before its expiry.
    where: list[Combinable] = [
        Lease.status == LeaseStatus.ACTIVE.value,
        Lease.end_date >= on,
        (Lease.start_date <= horizon)
        | (Lease.end_date <= _later(horizon, relativedelta(months=_MAX_NOTICE_MONTHS))),
    ]
    if building is not None:
        where.append(Lease.building == building)
    leases = await Lease.select(*_TERM_COLUMNS).where(*where)
    in_range = Lease.select(Lease.id).where(*where)
    # Rent steps and option windows are read (and rent timelines computed) only when wanted.
    steps: list[Row] = []
    changes: list[Row] = []
    options: list[Row] = []
    if kind in (None, DateKind.RENT_STEP):
        steps = await RentStep.select(*_STEP_COLUMNS).where(
            RentStep.lease.is_in(in_range), RentStep.effective <= horizon
        )
        changes = await AreaChange.select().where(
            AreaChange.lease.is_in(in_range), AreaChange.effective <= horizon
        )
    if kind in (None, DateKind.OPTION_OPENS, DateKind.OPTION_CLOSES):
        options = await LeaseOption.select().where(
            LeaseOption.lease.is_in(in_range),
            LeaseOption.closes >= on,
            LeaseOption.opens <= horizon,
        )
    steps_of, changes_of, options_of = _by_lease(steps), _by_lease(changes), _by_lease(options)
    found: list[tuple[critical_dates.CriticalDate, Row]] = []
    for lease in leases:
        ident = lease["id"]
        lease_steps, lease_changes = steps_of[ident], changes_of[ident]
        if not _may_have_dates(lease, lease_steps, lease_changes, ident in options_of, on, horizon):
            continue
        dates = _lease_dates(lease, lease_steps, lease_changes, options_of[ident], on, within)
        found += [(d, lease) for d in dates if kind is None or d.kind is kind]
    kinds = list(DateKind)
    found.sort(key=lambda pair: (pair[0].day, kinds.index(pair[0].kind), str(pair[1]["id"])))
    page = found[offset : offset + limit]
    named: dict[UUID, Row] = {}
    if page:
        names = await Lease.select(
            Lease.id,
            Lease.tenant.name.as_alias("tenant_name"),
            Lease.building.name.as_alias("building_name"),
        ).where(Lease.id.is_in(list({lease["id"] for _, lease in page})))
        named = {row["id"]: row for row in names}
    return Page(
        items=[_critical_date_out(d, {**lease, **named[lease["id"]]}) for d, lease in page],
        total=len(found),
        limit=limit,
        offset=offset,
    )


def _by_lease(rows: list[Row]) -> defaultdict[UUID, list[Row]]:
    grouped: defaultdict[UUID, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["lease"]].append(row)
    return grouped


def _later(day: date, delta: timedelta | relativedelta) -> date:
    """``day + delta``, or the last day the calendar holds when that overflows."""
    try:
        later: date = day + delta
    except (OverflowError, ValueError):
        return date.max
    return later


# --- move-outs and portfolio facts (for move-outs and analytics) --------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class EndedOccupancy:
    """What a move-out ended: the lease's tenant and building, what it held and paid that day."""

    lease: UUID
    tenant: UUID
    building: UUID
    currency: str
    area: Decimal
    annual_rent: Decimal
    released_units: tuple[UUID, ...]
    dropped_units: tuple[UUID, ...]


async def end_occupancy(lease_id: UUID, day: date) -> EndedOccupancy:
    """End an active lease's occupancy on ``day`` (its last day): the lease becomes ended.

    Units let beyond ``day`` end on it, released by a move-out; units whose letting had not begun
    by then are dropped. Area and annual rent (12 x the face rent in force) are those of ``day``.
    Errors name the move-out's fields (``lease``, ``day``); a lease that is not active is a 409.
    Joins the caller's write transaction.
    """
    async with write_transaction():
        lease = await locked(Lease, lease_id)
        if lease is None:
            raise InvalidInputError([FieldError("lease", f"no such lease {lease_id}")])
        if lease["status"] != LeaseStatus.ACTIVE.value:
            raise ConflictError(
                f"lease {lease_id} is {lease['status']}; only an active lease can be moved out",
                [{"field": "status", "current": lease["status"], "allowed": ["active"]}],
            )
        if not lease["start_date"] <= day <= lease["end_date"]:
            raise InvalidInputError(
                [
                    FieldError(
                        "day",
                        f"must be within the lease term ({lease['start_date']} to "
                        f"{lease['end_date']})",
                    )
                ]
            )
        lettings = await LeaseUnit.select(
            LeaseUnit.id,
            LeaseUnit.unit,
            LeaseUnit.start_date,
            LeaseUnit.end_date,
            LeaseUnit.unit.area_centi.as_alias("area_centi"),
        ).where(LeaseUnit.lease == lease_id)
        steps = await RentStep.select().where(RentStep.lease == lease_id)
        changes = await AreaChange.select().where(AreaChange.lease == lease_id)
        held = [u for u in lettings if u["start_date"] <= day <= u["end_date"]]
        running = [u for u in held if u["end_date"] > day]
        unstarted = [u for u in lettings if u["start_date"] > day]
        monthly = rent.rent_on(lease_terms(lease, steps, changes), day) or Decimal("0.00")
        if running:
            await LeaseUnit.update(
                {LeaseUnit.end_date: day, LeaseUnit.released_by: UnitReleasedBy.MOVE_OUT.value}
            ).where(LeaseUnit.id.is_in([u["id"] for u in running]))
        if unstarted:
            await LeaseUnit.delete().where(LeaseUnit.id.is_in([u["id"] for u in unstarted]))
        await update_versioned(
            Lease, lease_id, lease["version"], {"status": LeaseStatus.ENDED.value}, "lease"
        )
        ended = EndedOccupancy(
            lease=lease_id,
            tenant=lease["tenant"],
            building=lease["building"],
            currency=lease["currency"],
            area=from_minor(sum(u["area_centi"] for u in held)),
            annual_rent=monthly * 12,
            released_units=tuple(u["unit"] for u in running),
            dropped_units=tuple(u["unit"] for u in unstarted),
        )
        await audit.record(
            "lease",
            lease_id,
            "moved_out",
            from_state=LeaseStatus.ACTIVE.value,
            to_state=LeaseStatus.ENDED.value,
            detail={
                "day": day.isoformat(),
                "released_units": [str(u) for u in ended.released_units],
                "dropped_units": [str(u) for u in ended.dropped_units],
            },
        )
    return ended


@dataclasses.dataclass(frozen=True, slots=True)
class LeaseFact:
    """A lease as portfolio figures need it: what it held and its face rent on ``on``."""

    id: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    status: LeaseStatus
    start_date: date
    end_date: date
    currency: str
    on: date
    area: Decimal
    monthly_rent: Decimal

    @property
    def annual_rent(self) -> Decimal:
        return self.monthly_rent * 12


def _scope(building: UUID | None, currency: str | None) -> list[Combinable]:
    where: list[Combinable] = [Lease.status != LeaseStatus.DRAFT.value]
    if building is not None:
        where.append(Lease.building == building)
    if currency is not None:
        where.append(Lease.currency == currency)
    return where


_IDS_PER_QUERY = 10_000


async def _lease_facts(leases: list[Row], day_of: dict[UUID, date]) -> list[LeaseFact]:
    """Facts of many leases, each read on its own day, with three more queries per 10,000."""
    if not leases:
        return []
    ids = [lease["id"] for lease in leases]
    lettings: list[Row] = []
    steps: list[Row] = []
    changes: list[Row] = []
    # In slices: PostgreSQL takes at most 32,767 parameters in one statement.
    for start in range(0, len(ids), _IDS_PER_QUERY):
        some = ids[start : start + _IDS_PER_QUERY]
        lettings += await LeaseUnit.select(
            LeaseUnit.lease,
            LeaseUnit.start_date,
            LeaseUnit.end_date,
            LeaseUnit.unit.area_centi.as_alias("area_centi"),
        ).where(LeaseUnit.lease.is_in(some))
        steps += await RentStep.select().where(RentStep.lease.is_in(some))
        changes += await AreaChange.select().where(AreaChange.lease.is_in(some))
    area_centi: dict[UUID, int] = defaultdict(int)
    for letting in lettings:
        if letting["start_date"] <= day_of[letting["lease"]] <= letting["end_date"]:
            area_centi[letting["lease"]] += letting["area_centi"]
    steps_by_lease: dict[UUID, list[Row]] = defaultdict(list)
    for step in steps:
        steps_by_lease[step["lease"]].append(step)
    changes_by_lease: dict[UUID, list[Row]] = defaultdict(list)
    for change in changes:
        changes_by_lease[change["lease"]].append(change)
    facts = []
    for lease in leases:
        day = day_of[lease["id"]]
        terms = lease_terms(lease, steps_by_lease[lease["id"]], changes_by_lease[lease["id"]])
        monthly = rent.rent_on(terms, day)
        facts.append(
            LeaseFact(
                id=lease["id"],
                tenant=lease["tenant"],
                tenant_name=lease["tenant_name"],
                building=lease["building"],
                status=LeaseStatus(lease["status"]),
                start_date=lease["start_date"],
                end_date=lease["end_date"],
                currency=lease["currency"],
                on=day,
                area=from_minor(area_centi[lease["id"]]),
                monthly_rent=monthly if monthly is not None else Decimal("0.00"),
            )
        )
    return facts


async def leases_in_force(
    on: date, building: UUID | None = None, currency: str | None = None
) -> list[LeaseFact]:
    """Leases (not drafts) holding at least one unit on ``on``, with their area and rent then."""
    holding = LeaseUnit.select(LeaseUnit.lease).where(
        LeaseUnit.start_date <= on, LeaseUnit.end_date >= on
    )
    rows = await Lease.select(*LEASE_COLUMNS).where(
        *_scope(building, currency), Lease.id.is_in(holding)
    )
    return await _lease_facts(rows, {row["id"]: on for row in rows})


async def active_leases(
    on: date, building: UUID | None = None, currency: str | None = None
) -> list[LeaseFact]:
    """Active leases, read on ``on`` or, outside their term, on its nearest day."""
    rows = await Lease.select(*LEASE_COLUMNS).where(
        *_scope(building, currency), Lease.status == LeaseStatus.ACTIVE.value
    )
    days = {row["id"]: min(max(on, row["start_date"]), row["end_date"]) for row in rows}
    return await _lease_facts(rows, days)


async def lease_currencies(building: UUID | None = None) -> list[str]:
    """The currencies of the leases (not drafts) of a building or of the portfolio."""
    rows = (
        await Lease.select(Lease.currency)
        .where(*_scope(building, None))
        .distinct()
        .order_by(Lease.currency)
    )
    return [row["currency"] for row in rows]


async def renewed_between(
    first: date, last: date, building: UUID | None = None, currency: str | None = None
) -> list[UUID]:
    """Renewed leases whose next cycle (not a draft) starts from ``first`` to ``last``."""
    rows = await Lease.select(Lease.previous).where(
        *_scope(building, currency),
        Lease.previous.is_not_null(),
        Lease.start_date >= first,
        Lease.start_date <= last,
        Lease.previous.status == LeaseStatus.RENEWED.value,
    )
    return sorted({row["previous"] for row in rows})


async def ended_between(
    first: date, last: date, building: UUID | None = None, currency: str | None = None
) -> list[UUID]:
    """Ended leases whose term ran out from ``first`` to ``last``."""
    rows = await Lease.select(Lease.id).where(
        *_scope(building, currency),
        Lease.status == LeaseStatus.ENDED.value,
        Lease.end_date >= first,
        Lease.end_date <= last,
    )
    return [row["id"] for row in rows]


@dataclasses.dataclass(frozen=True, slots=True)
class LettingFact:
    """One unit let under one lease from ``start`` to ``end`` (inclusive), and its neighbours.

    ``renewal_cycle``: the lease renews an earlier cycle (it has a ``previous``);
    ``continues``: the lease's previous cycle let the same unit until the day before ``start``;
    ``continued``: a later cycle (not a draft) lets it from the day after ``end``;
    ``lease_renewed``: some later cycle of the lease exists (with or without this unit).
    """

    unit: UUID
    lease: UUID
    tenant: UUID
    building: UUID
    area: Decimal
    start: date
    end: date
    added_by: UnitAddedBy
    released_by: UnitReleasedBy | None
    renewal_cycle: bool
    continues: bool
    continued: bool
    lease_renewed: bool


async def lettings_between(
    first: date, last: date, building: UUID | None = None
) -> list[LettingFact]:
    """Unit lettings of leases (not drafts) that overlap ``first`` to ``last``: three queries."""
    where: list[Combinable] = [
        LeaseUnit.lease.status != LeaseStatus.DRAFT.value,
        LeaseUnit.start_date <= last,
        LeaseUnit.end_date >= first,
    ]
    if building is not None:
        where.append(LeaseUnit.lease.building == building)
    rows = await LeaseUnit.select(
        LeaseUnit.unit,
        LeaseUnit.lease,
        LeaseUnit.start_date,
        LeaseUnit.end_date,
        LeaseUnit.added_by,
        LeaseUnit.released_by,
        LeaseUnit.unit.area_centi.as_alias("area_centi"),
        LeaseUnit.lease.tenant.as_alias("tenant"),
        LeaseUnit.lease.building.as_alias("building"),
        LeaseUnit.lease.previous.as_alias("previous"),
    ).where(*where)
    if not rows:
        return []
    lease_ids = sorted({row["lease"] for row in rows})
    previous_ids = sorted({row["previous"] for row in rows if row["previous"] is not None})
    # (previous lease, unit) -> starts of the later cycles' lettings of that unit
    later = await LeaseUnit.select(
        LeaseUnit.lease.previous.as_alias("previous"), LeaseUnit.unit, LeaseUnit.start_date
    ).where(
        LeaseUnit.lease.previous.is_in(lease_ids),
        LeaseUnit.lease.status != LeaseStatus.DRAFT.value,
    )
    earlier = (
        await LeaseUnit.select(LeaseUnit.lease, LeaseUnit.unit, LeaseUnit.end_date).where(
            LeaseUnit.lease.is_in(previous_ids)
        )
        if previous_ids
        else []
    )
    renewed = {row["previous"] for row in later}
    next_starts = {(row["previous"], row["unit"], row["start_date"]) for row in later}
    previous_ends = {(row["lease"], row["unit"], row["end_date"]) for row in earlier}
    one_day = timedelta(days=1)
    facts = []
    for row in rows:
        released = row["released_by"]
        before = (row["previous"], row["unit"], row["start_date"] - one_day)
        after = (row["lease"], row["unit"], row["end_date"] + one_day)
        facts.append(
            LettingFact(
                unit=row["unit"],
                lease=row["lease"],
                tenant=row["tenant"],
                building=row["building"],
                area=from_minor(row["area_centi"]),
                start=row["start_date"],
                end=row["end_date"],
                added_by=UnitAddedBy(row["added_by"]),
                released_by=None if released is None else UnitReleasedBy(released),
                renewal_cycle=row["previous"] is not None,
                continues=before in previous_ends,
                continued=after in next_starts,
                lease_renewed=row["lease"] in renewed,
            )
        )
    return facts


# --- where tenants sit (matchmaking) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TenantPlace:
    """Where a tenant mainly sits on a day: the building and lowest floor of its first active
    lease holding units then."""

    tenant: UUID
    building: UUID
    building_name: str
    floor: int


async def tenant_places(on: date) -> dict[UUID, TenantPlace]:
    """Each tenant with an active lease holding units on ``on``: its main building and floor."""
    rows = await LeaseUnit.select(
        LeaseUnit.lease.tenant.as_alias("tenant"),
        LeaseUnit.lease.building.as_alias("building"),
        LeaseUnit.lease._.building._.name.as_alias("building_name"),
        LeaseUnit.lease.start_date.as_alias("lease_start"),
        LeaseUnit.unit.floor.as_alias("floor"),
    ).where(
        LeaseUnit.lease.status == LeaseStatus.ACTIVE.value,
        LeaseUnit.start_date <= on,
        LeaseUnit.end_date >= on,
    )
    rows.sort(key=lambda r: (str(r["tenant"]), r["lease_start"], r["floor"]))
    places: dict[UUID, TenantPlace] = {}
    for r in rows:
        if r["tenant"] not in places:
            places[r["tenant"]] = TenantPlace(
                r["tenant"], r["building"], r["building_name"], r["floor"]
            )
    return places


async def leases_stamp() -> tuple[int, int, str]:
    """Changes whenever leases or their units change: (leases, lettings, latest lease update)."""
    leases = await Lease.select(
        Count(Lease.id).as_alias("n"), Max(Lease.updated_at).as_alias("m")
    ).first()
    lettings = await LeaseUnit.count()
    if leases is None:
        return (0, lettings, "")
    return (int(leases["n"]), lettings, str(leases["m"]))
