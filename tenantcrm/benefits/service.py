"""Use cases of benefits: the resource inventory, grants to tenants (a rent concession also
reduces the lease's rent through the leases service), the ledger's figures and expiry reminders.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg
from piccolo.columns.combination import Combinable

from tenantcrm.audit import service as audit
from tenantcrm.benefits import ledger
from tenantcrm.benefits.enums import BenefitKind, GrantOrigin, ResourceKind
from tenantcrm.benefits.schemas import (
    BenefitKindOut,
    BenefitSummaryOut,
    CurrencyFigures,
    GrantIn,
    GrantOut,
    GrantPatch,
    HolderOut,
    KindFigures,
    ResourceIn,
    ResourceOut,
    ResourcePatch,
)
from tenantcrm.benefits.tables import BenefitGrant, Resource
from tenantcrm.buildings import service as buildings
from tenantcrm.core.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import Row, delete_versioned, lock_or_404, update_versioned
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.tenants import service as tenants
from tenantcrm.tenants.enums import AnchorCategory

SUBJECT = "benefit"
EXPIRING_KIND = "benefit.expiring"

GRANT_COLUMNS = (
    *BenefitGrant._meta.columns,
    BenefitGrant.tenant.name.as_alias("tenant_name"),
    BenefitGrant.tenant.is_anchor.as_alias("tenant_is_anchor"),
    BenefitGrant.tenant.anchor_category.as_alias("anchor_category"),
    BenefitGrant.tenant.manager.as_alias("tenant_manager"),
    BenefitGrant.building.name.as_alias("building_name"),
    BenefitGrant.resource.code.as_alias("resource_code"),
)
RESOURCE_COLUMNS = (*Resource._meta.columns, Resource.building.name.as_alias("building_name"))


def kinds() -> list[BenefitKindOut]:
    """The catalogue of benefit kinds, with the resource kind each may name."""
    return [
        BenefitKindOut(
            kind=kind, label=ledger.KIND_LABELS[kind], resource_kind=ledger.KIND_RESOURCE.get(kind)
        )
        for kind in BenefitKind
    ]


# --- resources ----------------------------------------------------------------------------


def _slot_key(building: UUID, kind: ResourceKind | str, code: str) -> str:
    return f"{building}/{kind}/{code.strip().lower()}"


async def _holders(resource_ids: list[UUID], on: date) -> dict[UUID, HolderOut]:
    if not resource_ids:
        return {}
    rows = await BenefitGrant.select(
        BenefitGrant.id,
        BenefitGrant.resource,
        BenefitGrant.tenant,
        BenefitGrant.tenant.name.as_alias("tenant_name"),
        BenefitGrant.start_date,
        BenefitGrant.end_date,
    ).where(
        BenefitGrant.resource.is_in(resource_ids),
        BenefitGrant.start_date <= on,
        BenefitGrant.end_date >= on,
    )
    return {
        r["resource"]: HolderOut(
            grant=r["id"],
            tenant=r["tenant"],
            tenant_name=r["tenant_name"],
            start_date=r["start_date"],
            end_date=r["end_date"],
        )
        for r in rows
    }


def _resource_out(row: Row, holder: HolderOut | None) -> ResourceOut:
    return ResourceOut.model_validate({**row, "holder": holder})


async def get_resource(resource_id: UUID, on: date) -> ResourceOut:
    row = await Resource.select(*RESOURCE_COLUMNS).where(Resource.id == resource_id).first()
    if row is None:
        raise NotFoundError("resource", resource_id)
    return _resource_out(row, (await _holders([resource_id], on)).get(resource_id))


async def list_resources(
    on: date,
    limit: int,
    offset: int,
    building: UUID | None = None,
    kind: ResourceKind | None = None,
    free: bool | None = None,
) -> Page[ResourceOut]:
    """The inventory by building and code; ``free`` keeps those held (false) or not (true)."""
    where: list[Combinable] = []
    if building is not None:
        where.append(Resource.building == building)
    if kind is not None:
        where.append(Resource.kind == kind.value)
    if free is not None:
        held = BenefitGrant.select(BenefitGrant.resource).where(
            BenefitGrant.resource.is_not_null(),
            BenefitGrant.start_date <= on,
            BenefitGrant.end_date >= on,
        )
        where.append(Resource.id.not_in(held) if free else Resource.id.is_in(held))
    query = (
        Resource.select(*RESOURCE_COLUMNS)
        .order_by(Resource.building.name)
        .order_by(Resource.kind)
        .order_by(Resource.code)
        .order_by(Resource.id)
    )
    count = Resource.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    holders = await _holders([r["id"] for r in rows], on)
    items = [_resource_out(r, holders.get(r["id"])) for r in rows]
    return Page(items=items, total=await count, limit=limit, offset=offset)


def _duplicate_code(code: str) -> ConflictError:
    return ConflictError(
        f"resource code {code!r} already exists for this building and kind",
        [{"resource": "resource", "field": "code"}],
    )


async def create_resource(data: ResourceIn, on: date) -> ResourceOut:
    try:
        await buildings.get_building(data.building)
    except NotFoundError as error:
        raise InvalidInputError([FieldError("building", "no such building")]) from error
    try:
        async with write_transaction():
            inserted = await Resource.insert(
                Resource(
                    building=data.building,
                    kind=data.kind.value,
                    code=data.code,
                    slot_key=_slot_key(data.building, data.kind, data.code),
                    location=data.location,
                    notes=data.notes,
                )
            ).returning(Resource.id)
    except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
        raise _duplicate_code(data.code) from error
    return await get_resource(inserted[0]["id"], on)


async def update_resource(
    resource_id: UUID, data: ResourcePatch, version: int, on: date
) -> ResourceOut:
    values: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"version"})
    try:
        async with write_transaction():
            row = await lock_or_404(Resource, resource_id, "resource")
            if "code" in values:
                values["slot_key"] = _slot_key(row["building"], row["kind"], values["code"])
            await update_versioned(Resource, resource_id, version, values, "resource")
    except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
        raise _duplicate_code(str(values.get("code"))) from error
    return await get_resource(resource_id, on)


async def delete_resource(resource_id: UUID, version: int) -> None:
    """Delete a resource never granted (409 otherwise: end or delete its grants first)."""
    async with write_transaction():
        if await BenefitGrant.exists().where(BenefitGrant.resource == resource_id):
            raise ConflictError(
                f"resource {resource_id} has grants; delete them first",
                [{"resource": "resource", "id": str(resource_id), "field": "grants"}],
            )
        await delete_versioned(Resource, resource_id, version, "resource")


# --- grants -------------------------------------------------------------------------------


def _grant_out(row: Row, on: date) -> GrantOut:
    monthly = row["monthly_amount_minor"]
    category = row["anchor_category"]
    return GrantOut(
        id=row["id"],
        tenant=row["tenant"],
        tenant_name=row["tenant_name"],
        tenant_is_anchor=bool(row["tenant_is_anchor"]),
        anchor_category=AnchorCategory(category) if category else None,
        building=row["building"],
        building_name=row["building_name"],
        kind=BenefitKind(row["kind"]),
        kind_label=ledger.KIND_LABELS[BenefitKind(row["kind"])],
        title=row["title"],
        lease=row["lease"],
        resource=row["resource"],
        resource_code=row["resource_code"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        quantity=row["quantity"],
        monthly_amount=None if monthly is None else from_minor(monthly),
        annual_cost=from_minor(row["annual_cost_minor"]),
        currency=row["currency"],
        origin=GrantOrigin(row["origin"]),
        in_force=ledger.in_force(row["start_date"], row["end_date"], on),
        notes=row["notes"],
        version=row["version"],
        created_at=row["created_at"],
    )


async def get_grant(grant_id: UUID, on: date) -> GrantOut:
    row = await BenefitGrant.select(*GRANT_COLUMNS).where(BenefitGrant.id == grant_id).first()
    if row is None:
        raise NotFoundError("benefit", grant_id)
    return _grant_out(row, on)


def _grant_filters(
    tenant: UUID | None,
    building: UUID | None,
    kind: BenefitKind | None,
    in_force_on: date | None,
) -> list[Combinable]:
    where: list[Combinable] = []
    if tenant is not None:
        where.append(BenefitGrant.tenant == tenant)
    if building is not None:
        where.append(BenefitGrant.building == building)
    if kind is not None:
        where.append(BenefitGrant.kind == kind.value)
    if in_force_on is not None:
        where += [BenefitGrant.start_date <= in_force_on, BenefitGrant.end_date >= in_force_on]
    return where


async def list_grants(
    on: date,
    limit: int,
    offset: int,
    tenant: UUID | None = None,
    building: UUID | None = None,
    kind: BenefitKind | None = None,
    in_force: bool = False,
) -> Page[GrantOut]:
    """Grants ending first first; ``in_force`` keeps those in force on ``on``."""
    where = _grant_filters(tenant, building, kind, on if in_force else None)
    query = (
        BenefitGrant.select(*GRANT_COLUMNS)
        .order_by(BenefitGrant.end_date)
        .order_by(BenefitGrant.id)
    )
    count = BenefitGrant.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(
        items=[_grant_out(r, on) for r in rows], total=await count, limit=limit, offset=offset
    )


def _problems(problems: list[ledger.Problem]) -> list[FieldError]:
    return [FieldError(p.field, p.message) for p in problems]


async def _refuse_double_grant(
    resource: Row, start: date, end: date, excluding: UUID | None = None
) -> None:
    """409 naming the holder when the resource is granted on a day of ``[start, end]``."""
    where: list[Combinable] = [
        BenefitGrant.resource == resource["id"],
        BenefitGrant.start_date <= end,
        BenefitGrant.end_date >= start,
    ]
    if excluding is not None:
        where.append(BenefitGrant.id != excluding)
    holders = (
        await BenefitGrant.select(
            BenefitGrant.id,
            BenefitGrant.tenant,
            BenefitGrant.tenant.name.as_alias("tenant_name"),
            BenefitGrant.start_date,
            BenefitGrant.end_date,
        )
        .where(*where)
        .order_by(BenefitGrant.start_date)
    )
    if holders:
        first = holders[0]
        raise ConflictError(
            f"{resource['kind'].replace('_', ' ')} {resource['code']} is granted to "
            f"{first['tenant_name']} from {first['start_date']} to {first['end_date']}",
            [
                {
                    "resource": "benefit",
                    "id": str(h["id"]),
                    "tenant": str(h["tenant"]),
                    "tenant_name": h["tenant_name"],
                    "start_date": h["start_date"].isoformat(),
                    "end_date": h["end_date"].isoformat(),
                }
                for h in holders
            ],
        )


async def _place(data: GrantIn) -> tuple[UUID | None, str | None, list[FieldError]]:
    """The grant's building and currency, from its lease, its resource or the building named."""
    errors: list[FieldError] = []
    building: UUID | None = data.building
    currency: str | None = None
    if data.lease is not None:
        brief = await leases.lease_brief(data.lease)
        if brief is None:
            return None, None, [FieldError("lease", "no such lease")]
        if brief.tenant != data.tenant:
            errors.append(FieldError("lease", "is not a lease of this tenant"))
        if brief.status in (LeaseStatus.ENDED, LeaseStatus.RENEWED):
            errors.append(FieldError("lease", f"is {brief.status}: its rent is history"))
        if building is not None and building != brief.building:
            errors.append(FieldError("building", "differs from the lease's building"))
        building, currency = brief.building, brief.currency
        if data.monthly_amount is not None:
            errors += [
                FieldError(_CONCESSION_FIELDS.get(v.field, v.field), v.message)
                for v in leases.concession_violations(
                    brief, data.start_date, data.end_date, data.monthly_amount
                )
            ]
    if building is None:
        errors.append(FieldError("building", "is required unless a lease or resource names it"))
        return None, None, errors
    try:
        found = await buildings.get_building(building)
    except NotFoundError:
        return None, None, [*errors, FieldError("building", "no such building")]
    return building, currency or found.currency, errors


_CONCESSION_FIELDS = {
    "concessions[0].start": "start_date",
    "concessions[0].end": "end_date",
    "concessions[0].monthly_amount": "monthly_amount",
}


async def create_grant(data: GrantIn, on: date) -> GrantOut:
    """Grant a benefit: a named resource must be free for the whole period (409 naming the
    holder); a rent concession is recorded on the lease too. One transaction."""
    async with write_transaction():
        grant_id = await _insert_grant(data)
    return await get_grant(grant_id, on)


async def _insert_grant(data: GrantIn) -> UUID:
    """Check and insert a grant inside the caller's write transaction."""
    errors: list[FieldError] = []
    if not await tenants.tenant_exists(data.tenant):
        errors.append(FieldError("tenant", "no such tenant"))
    resource: Row | None = None
    resource_kind: ResourceKind | None = None
    if data.resource is not None:
        # Locked: two grants of one bay queue here, so the second sees the first.
        try:
            resource = await lock_or_404(Resource, data.resource, "resource")
        except NotFoundError:
            errors.append(FieldError("resource", "no such resource"))
        else:
            resource_kind = ResourceKind(resource["kind"])
            if data.building is None and data.lease is None:
                data = data.model_copy(update={"building": resource["building"]})
    terms = ledger.GrantTerms(
        kind=data.kind,
        start=data.start_date,
        end=data.end_date,
        quantity=data.quantity,
        title=data.title,
        has_lease=data.lease is not None,
        resource_kind=resource_kind,
        monthly_amount=data.monthly_amount,
        annual_cost=data.annual_cost,
    )
    errors += _problems(ledger.grant_problems(terms))
    building, currency, place_errors = await _place(data)
    errors += place_errors
    if resource is not None and building is not None and resource["building"] != building:
        errors.append(FieldError("resource", "is in another building"))
    if errors or building is None or currency is None:
        raise InvalidInputError(errors)
    if resource is not None:
        await _refuse_double_grant(resource, data.start_date, data.end_date)
    inserted = await BenefitGrant.insert(
        BenefitGrant(
            tenant=data.tenant,
            building=building,
            kind=data.kind.value,
            title=data.title,
            lease=data.lease,
            resource=data.resource,
            start_date=data.start_date,
            end_date=data.end_date,
            quantity=data.quantity,
            monthly_amount_minor=(
                None if data.monthly_amount is None else to_minor(data.monthly_amount)
            ),
            annual_cost_minor=to_minor(ledger.annual_cost(terms)),
            currency=currency,
            origin=data.origin.value,
            notes=data.notes,
        )
    ).returning(BenefitGrant.id)
    grant_id: UUID = inserted[0]["id"]
    if data.kind is BenefitKind.RENT_CONCESSION and data.lease and data.monthly_amount:
        await leases.grant_concession(
            data.lease,
            data.start_date,
            data.end_date,
            data.monthly_amount,
            source=grant_id,
            note=data.title or "rent concession",
        )
    await audit.record(
        SUBJECT,
        grant_id,
        "granted",
        detail={
            "tenant": str(data.tenant),
            "kind": data.kind.value,
            "start_date": data.start_date.isoformat(),
            "end_date": data.end_date.isoformat(),
            "resource": None if data.resource is None else str(data.resource),
            "annual_cost": str(ledger.annual_cost(terms)),
        },
    )
    return grant_id


async def grant_within(data: GrantIn) -> UUID:
    """Grant a benefit inside the caller's write transaction (a referral's reward)."""
    async with write_transaction():
        return await _insert_grant(data)


async def update_grant(grant_id: UUID, data: GrantPatch, version: int, on: date) -> GrantOut:
    """Change a grant's end, quantity, amounts, title or notes (re-checked, collisions too)."""
    values: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        row = await lock_or_404(BenefitGrant, grant_id, "benefit")
        resource: Row | None = None
        if row["resource"] is not None:
            resource = await lock_or_404(Resource, row["resource"], "resource")
        kind = BenefitKind(row["kind"])
        monthly = (
            data.monthly_amount
            if "monthly_amount" in values
            else None
            if row["monthly_amount_minor"] is None
            else from_minor(row["monthly_amount_minor"])
        )
        cost = (
            data.annual_cost
            if "annual_cost" in values
            else None
            if kind is BenefitKind.RENT_CONCESSION and "monthly_amount" in values
            else from_minor(row["annual_cost_minor"])
        )
        end: date = data.end_date or row["end_date"]
        quantity: int = data.quantity or row["quantity"]
        title: str = row["title"] if data.title is None else data.title
        terms = ledger.GrantTerms(
            kind=kind,
            start=row["start_date"],
            end=end,
            quantity=quantity,
            title=title,
            has_lease=row["lease"] is not None,
            resource_kind=None if resource is None else ResourceKind(resource["kind"]),
            monthly_amount=monthly,
            annual_cost=cost,
        )
        errors = _problems(ledger.grant_problems(terms))
        if kind is BenefitKind.RENT_CONCESSION and row["lease"] is not None and monthly:
            brief = await leases.lease_brief(row["lease"])
            if brief is not None:
                errors += [
                    FieldError(_CONCESSION_FIELDS.get(v.field, v.field), v.message)
                    for v in leases.concession_violations(brief, row["start_date"], end, monthly)
                ]
        if errors:
            raise InvalidInputError(errors)
        if resource is not None:
            await _refuse_double_grant(resource, row["start_date"], end, excluding=grant_id)
        changes: dict[str, Any] = {
            "title": terms.title,
            "end_date": end,
            "quantity": terms.quantity,
            "monthly_amount_minor": None if monthly is None else to_minor(monthly),
            "annual_cost_minor": to_minor(ledger.annual_cost(terms)),
            "notes": values.get("notes", row["notes"]),
        }
        await update_versioned(BenefitGrant, grant_id, version, changes, "benefit")
        if kind is BenefitKind.RENT_CONCESSION and monthly is not None:
            await leases.change_concession(grant_id, end, monthly)
        before = {name: row[name] for name in changes}
        changed = {k: v for k, v in changes.items() if before[k] != v}
        await audit.record(
            SUBJECT,
            grant_id,
            "amended",
            detail={
                "before": {k: str(before[k]) for k in changed},
                "after": {k: str(v) for k, v in changed.items()},
            },
        )
    return await get_grant(grant_id, on)


async def delete_grant(grant_id: UUID, version: int) -> None:
    """Withdraw a grant: it goes from the ledger, a concession from the lease's rent."""
    async with write_transaction():
        row = await lock_or_404(BenefitGrant, grant_id, "benefit")
        await leases.withdraw_concession(grant_id)
        await delete_versioned(BenefitGrant, grant_id, version, "benefit")
        await audit.record(
            SUBJECT,
            grant_id,
            "withdrawn",
            detail={"tenant": str(row["tenant"]), "kind": row["kind"]},
        )


# --- figures and reminders ----------------------------------------------------------------


async def summary(on: date, window: int, building: UUID | None = None) -> BenefitSummaryOut:
    """Benefits in force on ``on`` (of a building or all), their cost per year and as a share
    of the anchors' rent, by currency; counts by kind; and grants ending within ``window``."""
    where = _grant_filters(None, building, None, on)
    rows = await BenefitGrant.select(*GRANT_COLUMNS).where(*where)
    cost: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    count: dict[str, int] = defaultdict(int)
    kind_count: dict[BenefitKind, int] = defaultdict(int)
    kind_quantity: dict[BenefitKind, int] = defaultdict(int)
    for row in rows:
        cost[row["currency"]] += from_minor(row["annual_cost_minor"])
        count[row["currency"]] += 1
        kind = BenefitKind(row["kind"])
        kind_count[kind] += 1
        kind_quantity[kind] += row["quantity"]
    anchors = await tenants.anchor_tenant_ids()
    rent: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    if anchors:
        for fact in await leases.leases_in_force(on, building):
            if fact.tenant in anchors:
                rent[fact.currency] += fact.annual_rent
    currencies = sorted(set(cost) | set(rent))
    last = on + timedelta(days=window)
    expiring = (
        await BenefitGrant.select(*GRANT_COLUMNS)
        .where(*where, BenefitGrant.end_date <= last)
        .order_by(BenefitGrant.end_date)
        .order_by(BenefitGrant.id)
    )
    return BenefitSummaryOut(
        on=on,
        building=building,
        window_days=window,
        by_currency=[
            CurrencyFigures(
                currency=c,
                benefits_in_force=count[c],
                annual_cost=cost[c],
                anchor_annual_rent=rent[c],
                cost_share=ledger.cost_share(cost[c], rent[c]),
            )
            for c in currencies
        ],
        by_kind=[
            KindFigures(kind=k, benefits_in_force=kind_count[k], quantity=kind_quantity[k])
            for k in BenefitKind
            if kind_count[k]
        ],
        expiring=[_grant_out(r, on) for r in expiring],
    )


async def due(today: date, window: int) -> list[ReminderDraft]:
    """A ``benefit.expiring`` reminder for each grant ending within ``window`` days, due on
    its last day, addressed to the tenant's manager."""
    rows = (
        await BenefitGrant.select(*GRANT_COLUMNS)
        .where(BenefitGrant.end_date >= today, BenefitGrant.end_date <= today + timedelta(window))
        .order_by(BenefitGrant.end_date)
        .order_by(BenefitGrant.id)
    )
    drafts = []
    for row in rows:
        kind = BenefitKind(row["kind"])
        what = row["title"] or ledger.KIND_LABELS[kind]
        if row["resource_code"]:
            what = f"{what} {row['resource_code']}"
        drafts.append(
            ReminderDraft(
                kind=EXPIRING_KIND,
                subject=row["id"],
                due=row["end_date"],
                title=f"{row['tenant_name']}: {what} ends on {row['end_date']}",
                detail=(
                    f"{ledger.KIND_LABELS[kind]} x{row['quantity']}, "
                    f"{from_minor(row['annual_cost_minor'])} {row['currency']} a year; "
                    "renew, change or let it end."
                ),
                recipient=row["tenant_manager"],
                tenant=row["tenant"],
                building=row["building"],
                link=f"/api/benefits/{row['id']}",
            )
        )
    return drafts
