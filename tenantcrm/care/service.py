"""Use cases of care: log contacts, read each tenant's plan, what is due, coverage; reminders.

Care is owed to tenants holding a lease in force on the day. Leases, tenants and buildings are
read through their services, a few set-based queries for the whole portfolio: no query per tenant.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

import asyncpg
from piccolo.columns.combination import Combinable
from piccolo.query.functions.aggregate import Max

from tenantcrm.audit import service as audit
from tenantcrm.auth import service as users
from tenantcrm.buildings import service as buildings
from tenantcrm.care import cadence, greetings
from tenantcrm.care.enums import ContactKind, PlanSource
from tenantcrm.care.schemas import (
    BuildingCoverage,
    CareContactIn,
    CareContactOut,
    CareContactPatch,
    CarePlanOut,
    CoverageFigures,
    CoverageOut,
    DueContactOut,
    ManagerCoverage,
    OverrideIn,
    OverrideOut,
    PlanItemOut,
)
from tenantcrm.care.tables import CareContact, CarePlanOverride
from tenantcrm.core.calendar_entries import CalendarEntry
from tenantcrm.core.errors import (
    ConflictError,
    FieldError,
    InvalidInputError,
    NotFoundError,
    PreconditionRequiredError,
)
from tenantcrm.core.records import Row, delete_versioned, lock_or_404, update_versioned
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.tenants import service as tenants

SUBJECT = "care_contact"
OVERRIDE_SUBJECT = "care_plan_override"
CHUNK = 5_000
"""Tenant ids per IN list: well under the bound-parameter limits of both engines."""
RATE_PLACES = Decimal("0.0001")

COLUMNS = (
    *CareContact._meta.columns,
    CareContact.tenant.name.as_alias("tenant_name"),
    CareContact.person.name.as_alias("person_name"),
    CareContact.manager.display_name.as_alias("manager_name"),
)


def _as_date(value: date | str) -> date:
    """SQLite returns aggregates of dates as ISO text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- contacts ------------------------------------------------------------------------------


def _out(row: Row) -> CareContactOut:
    return CareContactOut.model_validate(row)


async def _row(contact_id: UUID) -> Row:
    row = await CareContact.select(*COLUMNS).where(CareContact.id == contact_id).first()
    if row is None:
        raise NotFoundError("care contact", contact_id)
    return row


async def get_contact(contact_id: UUID) -> CareContactOut:
    return _out(await _row(contact_id))


async def list_contacts(
    limit: int,
    offset: int,
    tenant: UUID | None = None,
    manager: UUID | None = None,
    kind: ContactKind | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Page[CareContactOut]:
    """Contacts, latest day first, filtered by tenant, manager, kind and day range."""
    where: list[Combinable] = []
    if tenant is not None:
        where.append(CareContact.tenant == tenant)
    if manager is not None:
        where.append(CareContact.manager == manager)
    if kind is not None:
        where.append(CareContact.kind == kind.value)
    if first is not None:
        where.append(CareContact.day >= first)
    if last is not None:
        where.append(CareContact.day <= last)
    query = (
        CareContact.select(*COLUMNS)
        .order_by(CareContact.day, ascending=False)
        .order_by(CareContact.created_at, ascending=False)
        .order_by(CareContact.id)
    )
    count = CareContact.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[_out(r) for r in rows], total=await count, limit=limit, offset=offset)


async def _contact_errors(
    values: dict[str, Any], today: date, changed: set[str] | None = None
) -> list[FieldError]:
    """What is wrong with a contact's values (person, manager, days).

    ``changed``: the fields a correction sends; the person and manager are checked only when
    sent (a manager who has since left does not block correcting the notes). None: all.
    """
    errors: list[FieldError] = []
    if changed is None or "day" in changed:
        errors += _day_errors(values["day"], today)
    errors += _follow_up_errors(values)
    person = values.get("person")
    if person is not None and (changed is None or "person" in changed):
        try:
            found = await tenants.get_contact(person)
        except NotFoundError:
            errors.append(FieldError("person", f"no such contact {person}"))
        else:
            if found.tenant != values["tenant"]:
                errors.append(FieldError("person", "is a contact of another tenant"))
    if changed is None or "manager" in changed:
        errors += await users.manager_errors(values.get("manager"))
    return errors


def _day_errors(day: date, today: date) -> list[FieldError]:
    if day > today:
        return [FieldError("day", f"must not be after today ({today}): log what happened")]
    return []


def _follow_up_errors(values: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    follow_up = values.get("follow_up_on")
    if follow_up is not None and follow_up < values["day"]:
        errors.append(FieldError("follow_up_on", "must not be before the contact's day"))
    if values.get("follow_up_done") and follow_up is None:
        errors.append(FieldError("follow_up_done", "needs a follow_up_on day"))
    return errors


async def create_contact(data: CareContactIn, today: date) -> CareContactOut:
    """Log a contact; it resets the clock of its kind in the tenant's plan."""
    values: dict[str, Any] = data.model_dump()
    profiles = await tenants.tenant_profiles([data.tenant])
    if data.tenant not in profiles:
        raise InvalidInputError([FieldError("tenant", f"no such tenant {data.tenant}")])
    if values["manager"] is None:
        values["manager"] = profiles[data.tenant].manager
    if errors := await _contact_errors(values, today):
        raise InvalidInputError(errors)
    async with write_transaction():
        inserted = await CareContact.insert(CareContact(**values)).returning(CareContact.id)
        contact_id: UUID = inserted[0]["id"]
        await audit.record(
            SUBJECT, contact_id, "logged", detail={"tenant": str(data.tenant), "kind": data.kind}
        )
    return await get_contact(contact_id)


async def update_contact(
    contact_id: UUID, data: CareContactPatch, version: int, today: date
) -> CareContactOut:
    """Correct a logged contact (re-validated); send the version you edited."""
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        row = await lock_or_404(CareContact, contact_id, "care contact")
        merged = {**row, **changes}
        if errors := await _contact_errors(merged, today, set(changes)):
            raise InvalidInputError(errors)
        await update_versioned(CareContact, contact_id, version, changes, "care contact")
        changed = {k: v for k, v in changes.items() if row[k] != v}
        await audit.record(
            SUBJECT,
            contact_id,
            "amended",
            detail={
                "before": {k: _plain(row[k]) for k in changed},
                "after": {k: _plain(v) for k, v in changed.items()},
            },
        )
    return await get_contact(contact_id)


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, bool | int | str) else str(value)


async def delete_contact(contact_id: UUID, version: int) -> None:
    async with write_transaction():
        await delete_versioned(CareContact, contact_id, version, "care contact")
        await audit.record(SUBJECT, contact_id, "deleted")


# --- what other domains read ---------------------------------------------------------------


async def last_contacts(tenant_ids: Iterable[UUID]) -> dict[UUID, date]:
    """The latest care contact (of any kind) of each tenant; tenants never contacted left out."""
    unique = sorted(set(tenant_ids))
    found: dict[UUID, date] = {}
    for start in range(0, len(unique), CHUNK):
        rows = (
            await CareContact.select(CareContact.tenant, Max(CareContact.day, alias="last"))
            .where(CareContact.tenant.is_in(unique[start : start + CHUNK]))
            .group_by(CareContact.tenant)
        )
        found.update({r["tenant"]: _as_date(r["last"]) for r in rows})
    return found


async def _last_by_kind(
    on: date, tenant: UUID | None = None
) -> dict[UUID, dict[ContactKind, date]]:
    """Latest contact of each kind per tenant, up to ``on``: one grouped query."""
    where: list[Combinable] = [CareContact.day <= on]
    if tenant is not None:
        where.append(CareContact.tenant == tenant)
    rows = (
        await CareContact.select(
            CareContact.tenant, CareContact.kind, Max(CareContact.day, alias="last")
        )
        .where(*where)
        .group_by(CareContact.tenant, CareContact.kind)
    )
    found: dict[UUID, dict[ContactKind, date]] = defaultdict(dict)
    for r in rows:
        found[r["tenant"]][ContactKind(r["kind"])] = _as_date(r["last"])
    return found


def _override_out(row: Row) -> OverrideOut:
    return OverrideOut.model_validate(row)


async def _overrides(tenant: UUID | None = None) -> dict[UUID, list[Row]]:
    query = CarePlanOverride.select().order_by(CarePlanOverride.kind)
    if tenant is not None:
        query = query.where(CarePlanOverride.tenant == tenant)
    found: dict[UUID, list[Row]] = defaultdict(list)
    for row in await query:
        found[row["tenant"]].append(row)
    return found


def _override_map(rows: list[Row]) -> dict[ContactKind, int | None]:
    return {ContactKind(r["kind"]): None if r["disabled"] else r["interval_months"] for r in rows}


# --- the care each tenant is owed ----------------------------------------------------------


@dataclass
class _Holding:
    """A tenant's leases in force on a day, as care reads them."""

    buildings: set[UUID] = field(default_factory=set)
    rent_by_currency: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    since: date = date.max
    next_expiry: date | None = None
    leases: list[tuple[UUID, UUID, date]] = field(default_factory=list)  # id, building, start

    def add(
        self,
        lease_id: UUID,
        building: UUID,
        status: LeaseStatus,
        start: date,
        end: date,
        currency: str,
        annual_rent: Decimal,
    ) -> None:
        self.buildings.add(building)
        self.rent_by_currency[currency] += annual_rent
        self.since = min(self.since, start)
        self.leases.append((lease_id, building, start))
        if status == LeaseStatus.ACTIVE and (self.next_expiry is None or end < self.next_expiry):
            self.next_expiry = end

    @property
    def annual_rent(self) -> Decimal:
        """The largest annual rent in one currency (rents in several are not added up)."""
        return max(self.rent_by_currency.values(), default=Decimal(0))


@dataclass(frozen=True, slots=True)
class TenantCare:
    tenant: tenants.TenantProfile
    holding: _Holding
    items: list[cadence.PlanItem]

    @property
    def on_schedule(self) -> bool:
        return not any(item.overdue for item in self.items)


def _months_to_expiry(on: date, expiry: date | None) -> int | None:
    return None if expiry is None else cadence.months_between(on, expiry)


async def _holdings(on: date) -> dict[UUID, _Holding]:
    holdings: dict[UUID, _Holding] = defaultdict(_Holding)
    for fact in await leases.leases_in_force(on):
        holdings[fact.tenant].add(
            fact.id,
            fact.building,
            fact.status,
            fact.start_date,
            fact.end_date,
            fact.currency,
            fact.annual_rent,
        )
    return holdings


async def portfolio_care(
    on: date, building: UUID | None = None, manager: UUID | None = None
) -> list[TenantCare]:
    """The plan of every tenant owed care on ``on`` (of a building, of a manager), by name."""
    holdings = await _holdings(on)
    if building is not None:
        holdings = {t: h for t, h in holdings.items() if building in h.buildings}
    profiles = await tenants.tenant_profiles(list(holdings))
    if manager is not None:
        profiles = {t: p for t, p in profiles.items() if p.manager == manager}
    last = await _last_by_kind(on)
    overrides = await _overrides()
    found = []
    for tenant_id, profile in profiles.items():
        holding = holdings[tenant_id]
        items = cadence.care_plan(
            tier=profile.tier,
            is_anchor=profile.is_anchor,
            annual_rent=holding.annual_rent,
            months_to_expiry=_months_to_expiry(on, holding.next_expiry),
            since=holding.since,
            today=on,
            last_contacts=last.get(tenant_id),
            overrides=_override_map(overrides.get(tenant_id, [])),
        )
        found.append(TenantCare(profile, holding, items))
    found.sort(key=lambda c: (c.tenant.name.lower(), c.tenant.id))
    return found


async def tenant_plan(tenant_id: UUID, on: date) -> CarePlanOut:
    """One tenant's care plan on ``on``: each required kind, its interval and next due day."""
    profiles = await tenants.tenant_profiles([tenant_id])
    if tenant_id not in profiles:
        raise NotFoundError("tenant", tenant_id)
    profile = profiles[tenant_id]
    holding = _Holding()
    for lease in await leases.leases_of_tenant(tenant_id, on):
        in_force = lease.status != LeaseStatus.DRAFT and any(
            u.start_date <= on <= u.end_date for u in lease.units
        )
        if in_force:
            rent = (lease.current_rent or Decimal(0)) * 12
            holding.add(
                lease.id,
                lease.building,
                lease.status,
                lease.start_date,
                lease.end_date,
                lease.currency,
                rent,
            )
    owed = bool(holding.buildings)
    months = _months_to_expiry(on, holding.next_expiry)
    override_rows = (await _overrides(tenant_id)).get(tenant_id, [])
    items = (
        cadence.care_plan(
            tier=profile.tier,
            is_anchor=profile.is_anchor,
            annual_rent=holding.annual_rent,
            months_to_expiry=months,
            since=holding.since,
            today=on,
            last_contacts=(await _last_by_kind(on, tenant_id)).get(tenant_id),
            overrides=_override_map(override_rows),
        )
        if owed
        else []
    )
    return CarePlanOut(
        tenant=tenant_id,
        tenant_name=profile.name,
        tier=profile.tier,
        care_tier=cadence.effective_tier(profile.tier, holding.annual_rent),
        is_anchor=profile.is_anchor,
        manager=profile.manager,
        owed=owed,
        next_expiry=holding.next_expiry,
        months_to_expiry=months,
        items=[PlanItemOut.model_validate(item) for item in items],
        overrides=[_override_out(r) for r in override_rows],
    )


# --- overrides -----------------------------------------------------------------------------


def _override_values(data: OverrideIn) -> dict[str, Any]:
    if data.disabled == (data.interval_months is not None):
        raise InvalidInputError(
            [FieldError("interval_months", "give an interval, or disabled true, not both")]
        )
    return {"interval_months": data.interval_months, "disabled": data.disabled}


async def set_override(
    tenant_id: UUID, kind: ContactKind, data: OverrideIn, version: int | None
) -> tuple[OverrideOut, bool]:
    """Create or replace a tenant's override of one kind; (override, created)."""
    values = _override_values(data)
    async with write_transaction():
        if tenant_id not in await tenants.tenant_profiles([tenant_id]):
            raise NotFoundError("tenant", tenant_id)
        existing = (
            await CarePlanOverride.select(CarePlanOverride.id)
            .where(CarePlanOverride.tenant == tenant_id, CarePlanOverride.kind == kind.value)
            .first()
        )
        if existing is None:
            try:
                rows = await CarePlanOverride.insert(
                    CarePlanOverride(tenant=tenant_id, kind=kind.value, **values)
                ).returning(*CarePlanOverride._meta.columns)
            except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
                raise ConflictError(f"an override of {kind} was just set; reload") from error
            await _audit_override(rows[0], "set")
            return _override_out(rows[0]), True
        if version is None:
            raise PreconditionRequiredError()
        row = await update_versioned(
            CarePlanOverride, existing["id"], version, values, "care plan override"
        )
        await _audit_override(row, "replaced")
    return _override_out(row), False


async def _audit_override(row: Row, action: str) -> None:
    await audit.record(
        OVERRIDE_SUBJECT,
        row["id"],
        action,
        detail={
            "tenant": str(row["tenant"]),
            "kind": row["kind"],
            "interval_months": row["interval_months"],
            "disabled": row["disabled"],
        },
    )


async def delete_override(tenant_id: UUID, kind: ContactKind, version: int) -> None:
    async with write_transaction():
        existing = (
            await CarePlanOverride.select(CarePlanOverride.id)
            .where(CarePlanOverride.tenant == tenant_id, CarePlanOverride.kind == kind.value)
            .first()
        )
        if existing is None:
            raise NotFoundError("care plan override", f"{tenant_id}/{kind}")
        await delete_versioned(CarePlanOverride, existing["id"], version, "care plan override")
        await audit.record(
            OVERRIDE_SUBJECT,
            existing["id"],
            "removed",
            detail={"tenant": str(tenant_id), "kind": kind.value},
        )


# --- due contacts and coverage -------------------------------------------------------------


def _due_out(care: TenantCare, item: cadence.PlanItem) -> DueContactOut:
    return DueContactOut(
        tenant=care.tenant.id,
        tenant_name=care.tenant.name,
        manager=care.tenant.manager,
        manager_name=care.tenant.manager_name,
        buildings=sorted(care.holding.buildings),
        kind=item.kind,
        interval_months=item.interval_months,
        source=item.source,
        last_contact=item.last_contact,
        next_due=item.next_due,
        overdue=item.overdue,
    )


async def due_contacts(
    on: date,
    within: int,
    limit: int,
    offset: int,
    building: UUID | None = None,
    manager: UUID | None = None,
) -> Page[DueContactOut]:
    """Contacts overdue or due within ``within`` days: overdue first, then by due day."""
    horizon = on + timedelta(days=within)
    order = {kind: index for index, kind in enumerate(ContactKind)}
    found = [
        (care, item)
        for care in await portfolio_care(on, building, manager)
        for item in care.items
        if item.next_due <= horizon
    ]
    found.sort(
        key=lambda pair: (
            not pair[1].overdue,
            pair[1].next_due,
            pair[0].tenant.name.lower(),
            pair[0].tenant.id,
            order[pair[1].kind],
        )
    )
    items = [_due_out(care, item) for care, item in found[offset : offset + limit]]
    return Page(items=items, total=len(found), limit=limit, offset=offset)


def _rate(part: int, whole: int) -> Decimal:
    if whole == 0:
        return Decimal("0.0000")
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def _figures(cares: list[TenantCare]) -> dict[str, Any]:
    on_schedule = sum(1 for c in cares if c.on_schedule)
    return {
        "tenants": len(cares),
        "on_schedule": on_schedule,
        "overdue": len(cares) - on_schedule,
        "rate": _rate(on_schedule, len(cares)),
    }


async def coverage(
    on: date, building: UUID | None = None, manager: UUID | None = None
) -> CoverageOut:
    """Share of tenants owed care with no contact overdue on ``on``, per manager and building.

    A tenant with leases in several buildings counts once in each of them.
    """
    cares = await portfolio_care(on, building, manager)
    by_manager: dict[UUID | None, list[TenantCare]] = defaultdict(list)
    by_building: dict[UUID, list[TenantCare]] = defaultdict(list)
    for care in cares:
        by_manager[care.tenant.manager].append(care)
        for building_id in care.holding.buildings:
            if building is None or building_id == building:
                by_building[building_id].append(care)
    names = {b: out.name for b, out in (await buildings.all_buildings()).items()}
    managers = [
        ManagerCoverage(
            manager=manager_id,
            manager_name=group[0].tenant.manager_name,
            **_figures(group),
        )
        for manager_id, group in by_manager.items()
    ]
    managers.sort(key=lambda m: (m.manager is None, (m.manager_name or "").lower(), str(m.manager)))
    per_building = [
        BuildingCoverage(building=b, building_name=names.get(b, ""), **_figures(group))
        for b, group in by_building.items()
    ]
    per_building.sort(key=lambda b: (b.building_name.lower(), str(b.building)))
    return CoverageOut(
        on=on,
        total=CoverageFigures(**_figures(cares)),
        by_manager=managers,
        by_building=per_building,
    )


# --- reminders -----------------------------------------------------------------------------

_KIND_LABELS = {
    ContactKind.VISIT: "Visit",
    ContactKind.CALL: "Call",
    ContactKind.MESSAGE: "Message",
    ContactKind.GIFT: "Gift",
    ContactKind.EVENT: "Event",
    ContactKind.FEEDBACK_REQUEST: "Feedback request",
    ContactKind.BUSINESS_REVIEW: "Business review",
}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


async def due(today: date, window: int) -> list[ReminderDraft]:
    """Care reminders falling due by ``today + window`` days, addressed to the tenant's manager.

    ``care.<kind>_due`` for each contact due or overdue; ``care.greeting`` for each greeting
    holiday of a building's country from today to the horizon (subject: the tenant);
    ``care.anniversary`` for each anniversary of a lease in force (subject: the lease).
    """
    horizon = today + timedelta(days=window)
    cares = await portfolio_care(today)
    all_buildings = await buildings.all_buildings()
    drafts: list[ReminderDraft] = []
    for care in cares:
        tenant = care.tenant
        home = min(
            care.holding.buildings,
            key=lambda b: (all_buildings[b].name if b in all_buildings else "", str(b)),
        )
        common: dict[str, Any] = {
            "recipient": tenant.manager,
            "tenant": tenant.id,
            "building": home,
        }
        for item in care.items:
            if item.next_due <= horizon:
                label = _KIND_LABELS[item.kind]
                state = "overdue" if item.overdue else "due"
                drafts.append(
                    ReminderDraft(
                        kind=f"care.{item.kind.value}_due",
                        subject=tenant.id,
                        due=item.next_due,
                        title=f"{label} with {tenant.name} {state} on {item.next_due}",
                        detail=f"every {item.interval_months} months ({item.source.value}); "
                        f"last: {item.last_contact or 'never'}",
                        link=f"/api/care/plans/{tenant.id}",
                        **common,
                    )
                )
        greeted: set[date] = set()
        countries = sorted(
            {all_buildings[b].country for b in care.holding.buildings if b in all_buildings}
        )
        for country in countries:
            for greeting in greetings.greetings_between(country, today, horizon):
                if greeting.day in greeted:
                    continue
                greeted.add(greeting.day)
                drafts.append(
                    ReminderDraft(
                        kind="care.greeting",
                        subject=tenant.id,
                        due=greeting.day,
                        title=f"{greeting.label} greeting to {tenant.name}",
                        detail=f"{greeting.label} ({country}) on {greeting.day}",
                        link=f"/api/care/plans/{tenant.id}",
                        **common,
                    )
                )
        for lease_id, building_id, start in care.holding.leases:
            for years, day in greetings.anniversaries_between(start, today, horizon):
                drafts.append(
                    ReminderDraft(
                        kind="care.anniversary",
                        subject=lease_id,
                        due=day,
                        title=f"{_ordinal(years)} anniversary of {tenant.name}'s lease",
                        detail=f"the lease started on {start}",
                        recipient=tenant.manager,
                        tenant=tenant.id,
                        building=building_id,
                        link=f"/api/leases/{lease_id}",
                    )
                )
    drafts.sort(key=lambda d: (d.due, d.kind, str(d.subject)))
    return drafts


__all__ = [
    "PlanSource",
    "TenantCare",
    "coverage",
    "create_contact",
    "delete_contact",
    "delete_override",
    "due",
    "due_contacts",
    "get_contact",
    "last_contacts",
    "list_contacts",
    "portfolio_care",
    "set_override",
    "tenant_plan",
    "update_contact",
]


MEETINGS = (ContactKind.VISIT, ContactKind.BUSINESS_REVIEW, ContactKind.EVENT)


async def calendar(user: UUID, first: date, last: date) -> list[CalendarEntry]:
    """A manager's care visits (and reviews, events) logged from ``first`` to ``last``, and
    the follow-ups it promised in that span and has not done yet."""
    rows = await CareContact.select(
        CareContact.id,
        CareContact.kind,
        CareContact.day,
        CareContact.tenant,
        CareContact.tenant.name.as_alias("tenant_name"),
        CareContact.notes,
        CareContact.follow_up_on,
        CareContact.follow_up_done,
    ).where(
        CareContact.manager == user,
        (
            CareContact.kind.is_in([k.value for k in MEETINGS])
            & (CareContact.day >= first)
            & (CareContact.day <= last)
        )
        | (
            (CareContact.follow_up_on >= first)
            & (CareContact.follow_up_on <= last)
            & CareContact.follow_up_done.eq(False)
        ),
    )
    entries: list[CalendarEntry] = []
    for row in rows:
        link = f"/api/care/contacts/{row['id']}"
        day = _as_date(row["day"])
        if row["kind"] in MEETINGS and first <= day <= last:
            label = ContactKind(row["kind"]).value.replace("_", " ")
            entries.append(
                CalendarEntry(
                    f"care-{row['id']}@tenantcrm",
                    day,
                    f"Care {label}: {row['tenant_name']}",
                    row["notes"],
                    link,
                )
            )
        follow_up = row["follow_up_on"]
        if follow_up is not None and not row["follow_up_done"]:
            follow_day = _as_date(follow_up)
            if first <= follow_day <= last:
                entries.append(
                    CalendarEntry(
                        f"care-follow-up-{row['id']}@tenantcrm",
                        follow_day,
                        f"Follow up: {row['tenant_name']}",
                        row["notes"],
                        link,
                    )
                )
    return sorted(entries, key=lambda e: (e.day, e.uid))
