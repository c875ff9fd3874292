"""Use cases of tenants and contacts, including the tenant list and the tenant 360."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from piccolo.columns.combination import Combinable
from piccolo.query import Select
from piccolo.query.functions.aggregate import Count, Max

from tenantcrm.auth import service as users
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.records import (
    Row,
    contains_text,
    delete_versioned,
    get_or_404,
    lock_or_404,
    missing_last,
    ranked,
    text_order,
    update_versioned,
)
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.schemas import LeaseOut
from tenantcrm.tenants.enums import AnchorCategory, Industry, Tier
from tenantcrm.tenants.schemas import (
    ContactIn,
    ContactOut,
    ContactPatch,
    MonthlyRent,
    TenantIn,
    TenantListItem,
    TenantOut,
    TenantPatch,
    TenantSort,
    TenantView,
)
from tenantcrm.tenants.tables import Contact, Tenant

# --- tenants ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TenantFilters:
    """What the tenant list can be narrowed by; every field is optional."""

    q: str | None = None
    building: UUID | None = None
    industry: Industry | None = None
    tier: Tier | None = None
    is_anchor: bool | None = None
    lease_status: LeaseStatus | None = None
    expiring_within_months: int | None = None


def _anchor_errors(is_anchor: bool, category: AnchorCategory | str | None) -> list[FieldError]:
    if is_anchor and category is None:
        return [FieldError("anchor_category", "is required for an anchor tenant")]
    if not is_anchor and category is not None:
        return [FieldError("anchor_category", "only anchors have one: set is_anchor too")]
    return []


def _sorted(query: Select, sort: TenantSort) -> Select:
    """Order by the key asked for, then by name (ignoring case), then by id: pages are stable."""
    key = sort.value.removeprefix("-")
    ascending = not sort.value.startswith("-")
    if key == "name":
        return query.order_by(text_order(Tenant.name), ascending=ascending).order_by(Tenant.id)
    if key == "tier":
        query = query.order_by(ranked(Tenant.tier, [tier.value for tier in Tier]))
    elif key == "headcount":
        query = query.order_by(missing_last(Tenant.headcount))
        query = query.order_by(Tenant.headcount, ascending=ascending)
    else:
        query = query.order_by(Tenant._meta.get_column_by_name(key), ascending=ascending)
    return query.order_by(text_order(Tenant.name)).order_by(Tenant.id)


async def list_tenants(
    filters: TenantFilters, sort: TenantSort, limit: int, offset: int, on: date
) -> Page[TenantListItem]:
    where: list[Combinable] = []
    text = (filters.q or "").strip()
    if text:
        where.append(contains_text(Tenant.name, text) | contains_text(Tenant.legal_name, text))
    if filters.industry is not None:
        where.append(Tenant.industry == filters.industry.value)
    if filters.tier is not None:
        where.append(Tenant.tier == filters.tier.value)
    if filters.is_anchor is not None:
        where.append(Tenant.is_anchor == filters.is_anchor)
    with_leases = leases.tenants_with_leases(
        on, filters.building, filters.lease_status, filters.expiring_within_months
    )
    if with_leases is not None:
        where.append(with_leases)
    query = _sorted(Tenant.select(), sort)
    count = Tenant.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    figures = await leases.active_lease_figures([r["id"] for r in rows])
    items = [
        TenantListItem.model_validate(
            {
                **row,
                "active_leases": figures.get(row["id"], (0, None))[0],
                "next_expiry": figures.get(row["id"], (0, None))[1],
            }
        )
        for row in rows
    ]
    return Page(items=items, total=await count, limit=limit, offset=offset)


async def get_tenant(tenant_id: UUID) -> TenantOut:
    return TenantOut.model_validate(await get_or_404(Tenant, tenant_id, "tenant"))


async def create_tenant(data: TenantIn) -> TenantOut:
    errors = _anchor_errors(data.is_anchor, data.anchor_category)
    errors += await users.manager_errors(data.manager)
    if errors:
        raise InvalidInputError(errors)
    async with write_transaction():
        row = await Tenant.insert(Tenant(**data.model_dump(mode="json"))).returning(
            *Tenant._meta.columns
        )
    return TenantOut.model_validate(row[0])


async def update_tenant(tenant_id: UUID, data: TenantPatch, version: int) -> TenantOut:
    values = data.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    async with write_transaction():
        current: Row = await lock_or_404(Tenant, tenant_id, "tenant")
        merged = {**current, **values}
        errors = _anchor_errors(bool(merged["is_anchor"]), merged["anchor_category"])
        if "manager" in values:
            errors += await users.manager_errors(data.manager)
        if errors:
            raise InvalidInputError(errors)
        row = await update_versioned(Tenant, tenant_id, version, values, "tenant")
    return TenantOut.model_validate(row)


async def delete_tenant(tenant_id: UUID, version: int) -> None:
    """Delete a tenant that never had a lease (its contacts go with it)."""
    async with write_transaction():
        await delete_versioned(Tenant, tenant_id, version, "tenant")


async def tenant_view(tenant_id: UUID, on: date) -> TenantView:
    tenant = await get_tenant(tenant_id)
    contacts = (
        await Contact.select()
        .where(Contact.tenant == tenant_id)
        .order_by(Contact.is_executive, ascending=False)
        .order_by(text_order(Contact.name))
        .order_by(Contact.id)
    )
    all_leases = await leases.leases_of_tenant(tenant_id, on)
    current_statuses = {LeaseStatus.ACTIVE, LeaseStatus.DRAFT}
    current = [lease for lease in all_leases if lease.status in current_statuses]
    in_force = [lease for lease in current if lease.status is LeaseStatus.ACTIVE]
    return TenantView(
        tenant=tenant,
        contacts=[ContactOut.model_validate(c) for c in contacts],
        current_leases=current,
        past_leases=[lease for lease in all_leases if lease.status not in current_statuses],
        current_rent=_rent_by_currency(in_force),
        leased_area=sum(
            (lease.area for lease in in_force if lease.start_date <= on <= lease.end_date),
            start=Decimal("0.00"),
        ),
        on=on,
    )


def _rent_by_currency(leases_in_force: list[LeaseOut]) -> list[MonthlyRent]:
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for lease in leases_in_force:
        if lease.current_rent is not None:
            totals[lease.currency] += lease.current_rent
    return [MonthlyRent(currency=c, monthly_rent=amount) for c, amount in sorted(totals.items())]


# --- contacts -----------------------------------------------------------------------------


async def list_contacts(tenant: UUID | None, limit: int, offset: int) -> Page[ContactOut]:
    query = Contact.select().order_by(text_order(Contact.name)).order_by(Contact.id)
    count = Contact.count()
    if tenant is not None:
        query, count = query.where(Contact.tenant == tenant), count.where(Contact.tenant == tenant)
    rows = await query.limit(limit).offset(offset)
    return Page(
        items=[ContactOut.model_validate(r) for r in rows],
        total=await count,
        limit=limit,
        offset=offset,
    )


async def get_contact(contact_id: UUID) -> ContactOut:
    return ContactOut.model_validate(await get_or_404(Contact, contact_id, "contact"))


async def create_contact(data: ContactIn) -> ContactOut:
    values = data.model_dump()
    values["email"] = values["email"] or ""
    async with write_transaction():
        if not await Tenant.exists().where(Tenant.id == data.tenant):
            raise InvalidInputError([FieldError("tenant", f"no such tenant {data.tenant}")])
        row = await Contact.insert(Contact(**values)).returning(*Contact._meta.columns)
    return ContactOut.model_validate(row[0])


async def update_contact(contact_id: UUID, data: ContactPatch, version: int) -> ContactOut:
    values = data.model_dump(exclude_unset=True, exclude={"version"})
    if "email" in values:
        values["email"] = values["email"] or ""
    async with write_transaction():
        row = await update_versioned(Contact, contact_id, version, values, "contact")
    return ContactOut.model_validate(row)


async def delete_contact(contact_id: UUID, version: int) -> None:
    async with write_transaction():
        await delete_versioned(Contact, contact_id, version, "contact")


# --- facts other domains read (care, analytics) --------------------------------------------

PROFILE_CHUNK = 5_000
"""Tenant ids per query: well under the bound-parameter limits of SQLite and PostgreSQL."""


@dataclass(frozen=True, slots=True)
class TenantProfile:
    """What care needs of a tenant: its tier, anchor status and manager."""

    id: UUID
    name: str
    tier: Tier
    is_anchor: bool
    manager: UUID | None
    manager_name: str | None


async def tenant_profiles(tenant_ids: list[UUID]) -> dict[UUID, TenantProfile]:
    """The profiles of these tenants (unknown ids are left out), a query per 5,000 ids."""
    found: dict[UUID, TenantProfile] = {}
    unique = sorted(set(tenant_ids))
    for start in range(0, len(unique), PROFILE_CHUNK):
        rows = await Tenant.select(
            Tenant.id,
            Tenant.name,
            Tenant.tier,
            Tenant.is_anchor,
            Tenant.manager,
            Tenant.manager.display_name.as_alias("manager_name"),
        ).where(Tenant.id.is_in(unique[start : start + PROFILE_CHUNK]))
        for r in rows:
            found[r["id"]] = TenantProfile(
                id=r["id"],
                name=r["name"],
                tier=Tier(r["tier"]),
                is_anchor=r["is_anchor"],
                manager=r["manager"],
                manager_name=r["manager_name"],
            )
    return found


# --- facts for other domains --------------------------------------------------------------


async def anchor_tenant_ids() -> set[UUID]:
    """The ids of every anchor tenant."""
    rows = await Tenant.select(Tenant.id).where(Tenant.is_anchor.eq(True))
    return {row["id"] for row in rows}


async def tenant_exists(tenant_id: UUID) -> bool:
    return await Tenant.exists().where(Tenant.id == tenant_id)


@dataclass(frozen=True, slots=True)
class TenantBrief:
    """A tenant as other domains' rules see it."""

    id: UUID
    name: str
    industry: str
    tags: tuple[str, ...]
    is_anchor: bool
    anchor_category: str | None
    manager: UUID | None


def _tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return tuple(str(tag) for tag in value) if isinstance(value, list) else ()


async def tenant_briefs(tenant_ids: list[UUID] | None = None) -> list[TenantBrief]:
    """Every tenant (or those named), by id: name, industry, tags, anchor status."""
    query = Tenant.select(
        Tenant.id,
        Tenant.name,
        Tenant.industry,
        Tenant.tags,
        Tenant.is_anchor,
        Tenant.anchor_category,
        Tenant.manager,
    ).order_by(Tenant.id)
    if tenant_ids is not None:
        if not tenant_ids:
            return []
        query = query.where(Tenant.id.is_in(tenant_ids))
    return [
        TenantBrief(
            id=r["id"],
            name=r["name"],
            industry=r["industry"],
            tags=_tags(r["tags"]),
            is_anchor=bool(r["is_anchor"]),
            anchor_category=r["anchor_category"],
            manager=r["manager"],
        )
        for r in await query
    ]


async def tenants_stamp() -> tuple[int, str]:
    """Changes whenever a tenant is added, removed or edited: (count, latest update)."""
    row = await Tenant.select(
        Count(Tenant.id).as_alias("n"), Max(Tenant.updated_at).as_alias("m")
    ).first()
    return (0, "") if row is None else (int(row["n"]), str(row["m"]))
