"""Importing a rent roll: check every line, then create what is new, all or nothing.

The file is read and checked on its own first (``parsing``); then, in one write
transaction, each building, unit, tenant, contact and lease is matched by its natural key
(``matching``) or created through its own domain's service, so every rule of the API
applies (a unit let twice at once, a unit code taken, an unknown tenant...). Each creation
runs in a savepoint: a refused record becomes a problem of its line and the check goes on,
so one pass reports every problem. The transaction commits only for a real import with no
problem at all; a dry run, or any problem, rolls everything back.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

from pydantic import ValidationError

from tenantcrm.audit import service as audit
from tenantcrm.buildings import service as buildings
from tenantcrm.buildings.schemas import BuildingIn, BuildingOut, UnitOut
from tenantcrm.core.errors import ConflictError, DomainError, InvalidInputError
from tenantcrm.db import current_engine, write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.schemas import LeaseOut
from tenantcrm.rentroll.matching import lease_difference
from tenantcrm.rentroll.parsing import (
    LeaseRecord,
    Problem,
    RentRoll,
    column_of_field,
    name_key,
    parse_rent_roll,
)
from tenantcrm.rentroll.reading import UnreadableFileError, read_sheet
from tenantcrm.tenants import service as tenants

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""Called as records are checked or created: (done, total)."""
LEASE_PAGE = 1_000


@dataclass(slots=True)
class Counts:
    buildings: int = 0
    units: int = 0
    tenants: int = 0
    contacts: int = 0
    leases: int = 0
    rent_steps: int = 0


@dataclass(slots=True)
class ImportReport:
    """What a check or an import found and did."""

    dry_run: bool
    rows: int = 0
    imported: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: Counts = field(default_factory=Counts)
    """Records that are new: created by an import, or that an import would create."""
    existing: Counts = field(default_factory=Counts)
    """Records of the file already in TenantCRM, agreeing with it: left as they are."""

    @property
    def clean(self) -> bool:
        return not self.problems


class _DiscardedError(Exception):
    """Leaves the import's transaction without committing it."""


async def import_rent_roll(
    content: bytes,
    filename: str,
    *,
    dry_run: bool,
    today: date,
    actor: str = "system",
    progress: Progress | None = None,
) -> ImportReport:
    """Check (``dry_run``) or import the rent roll in ``content`` (.xlsx or CSV)."""
    try:
        sheet = read_sheet(content, filename)
    except UnreadableFileError as error:
        return ImportReport(dry_run, problems=[Problem(0, None, str(error))])
    roll = parse_rent_roll(sheet.lines, today)
    roll.warnings[:0] = sheet.warnings
    return await apply_rent_roll(
        roll, dry_run=dry_run, today=today, actor=actor, filename=filename, progress=progress
    )


async def apply_rent_roll(
    roll: RentRoll,
    *,
    dry_run: bool,
    today: date,
    actor: str = "system",
    filename: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Match and create the records of a parsed rent roll; commit only if all is well."""
    report = ImportReport(dry_run, roll.rows, problems=list(roll.problems), warnings=roll.warnings)
    if roll.header is None or not roll.leases:
        return _finished(report)
    try:
        async with write_transaction():
            await _Importer(roll, report, today, progress).run()
            if dry_run or report.problems:
                raise _DiscardedError
            await audit.record(
                "rent_roll",
                uuid4(),
                "imported",
                detail={
                    "file": filename,
                    "rows": roll.rows,
                    "created": _as_dict(report.created),
                    "existing": _as_dict(report.existing),
                },
                actor=actor,
            )
        report.imported = True
    except _DiscardedError:
        pass
    return _finished(report)


def _as_dict(counts: Counts) -> dict[str, int]:
    return {name: getattr(counts, name) for name in Counts.__slots__}  # type: ignore[attr-defined]


def _finished(report: ImportReport) -> ImportReport:
    report.problems.sort(key=lambda p: (p.line, p.column or "", p.reason))
    return report


class _Importer:
    """One pass over the records of a rent roll inside the import's transaction."""

    def __init__(
        self, roll: RentRoll, report: ImportReport, today: date, progress: Progress | None
    ) -> None:
        self.roll = roll
        self.report = report
        self.today = today
        self.progress = progress
        self.done = 0
        self.total = (
            len(roll.buildings)
            + len(roll.units)
            + len(roll.tenants)
            + len(roll.contacts)
            + len(roll.leases)
        )
        self.building_ids: dict[str, UUID] = {}
        self.new_buildings: set[str] = set()
        self.other_currency: set[str] = set()
        self.unit_ids: dict[tuple[str, str], UUID] = {}
        self.tenant_ids: dict[str, UUID] = {}
        self.new_tenants: set[str] = set()

    def tick(self, records: int = 1) -> None:
        self.done += records
        if self.progress is not None:
            self.progress(self.done, self.total)

    def problem(self, line: int, column: str | None, reason: str, value: str = "") -> None:
        header = self.roll.header
        cell = header.cell(column, line) if header is not None and column else ""
        self.report.problems.append(Problem(line, column, reason, value, cell))

    async def attempt(
        self,
        line: int,
        column: str | None,
        create: Callable[[], Awaitable[T]],
        columns: Callable[[str], tuple[int, str | None]] | None = None,
    ) -> T | None:
        """Run ``create`` in a savepoint; a refusal becomes problems and is rolled back."""
        transaction = current_engine().current_transaction.get()
        assert transaction is not None, "records are made inside the import's transaction"
        savepoint = await transaction.savepoint()
        try:
            result = await create()
        except InvalidInputError as error:
            await savepoint.rollback_to()
            for found in error.errors:
                at, col = columns(found.field) if columns else (line, column)
                self.problem(at, col, found.message)
            return None
        except ValidationError as error:
            await savepoint.rollback_to()
            for item in error.errors():
                self.problem(line, column, str(item["msg"]).removeprefix("Value error, "))
            return None
        except ConflictError as error:
            await savepoint.rollback_to()
            at, col = (line, column)
            if columns is not None and error.conflicts:
                at, col = columns(f"unit:{error.conflicts[0].get('unit', '')}")
            self.problem(at, col, error.detail)
            return None
        except DomainError as error:
            await savepoint.rollback_to()
            self.problem(line, column, error.detail)
            return None
        await savepoint.release()
        return result

    async def run(self) -> None:
        await self.match_buildings()
        await self.match_units()
        await self.match_tenants()
        await self.match_contacts()
        await self.match_leases()

    # --- buildings and units ---------------------------------------------------------------

    async def match_buildings(self) -> None:
        held: dict[str, list[Any]] = defaultdict(list)
        for building in (await buildings.all_buildings()).values():
            held[name_key(building.name)].append(building)
        for key, record in self.roll.buildings.items():
            found = held.get(key, [])
            if len(found) > 1:
                self.problem(record.line, "building", f"{len(found)} buildings have this name")
            elif found:
                if found[0].currency != record.currency:
                    self.problem(
                        record.line,
                        "currency",
                        f"{found[0].name} lets in {found[0].currency} in TenantCRM",
                        record.currency,
                    )
                    self.other_currency.add(key)
                self.building_ids[key] = found[0].id
                self.report.existing.buildings += 1
            else:
                made = await self.attempt(
                    record.line,
                    "building",
                    functools.partial(_create_building, record.name, record.currency),
                )
                if made is not None:
                    self.building_ids[key] = made.id
                    self.new_buildings.add(key)
                    self.report.created.buildings += 1
            self.tick()

    async def match_units(self) -> None:
        held: dict[tuple[str, str], UnitOut] = {}
        for building_key, building_id in self.building_ids.items():
            if building_key not in self.new_buildings:
                for known in await buildings.units_of_building(building_id):
                    held[(building_key, name_key(known.code))] = known
        for key, line in self.roll.units.items():
            in_building = self.building_ids.get(key[0])
            if in_building is None:
                self.tick()
                continue
            unit = line.unit
            if (found := held.get(key)) is not None:
                if found.floor != unit.floor:
                    self.problem(
                        line.line, "floor", f"is {found.floor} in TenantCRM", str(unit.floor)
                    )
                if found.area != unit.area:
                    self.problem(
                        line.line, "area", f"is {found.area} m² in TenantCRM", str(unit.area)
                    )
                self.unit_ids[key] = found.id
                self.report.existing.units += 1
            else:
                data = unit.model_copy(update={"building": in_building})
                made = await self.attempt(
                    line.line, "unit", functools.partial(buildings.create_unit, data)
                )
                if made is not None:
                    self.unit_ids[key] = made.id
                    self.report.created.units += 1
            self.tick()

    # --- tenants and contacts --------------------------------------------------------------

    async def match_tenants(self) -> None:
        held: dict[str, list[Any]] = defaultdict(list)
        for tenant in await tenants.tenant_briefs():
            held[name_key(tenant.name)].append(tenant)
        for key, record in self.roll.tenants.items():
            found = held.get(key, [])
            if len(found) > 1:
                self.problem(record.line, "tenant", f"{len(found)} tenants have this name")
            elif found:
                wanted = record.tenant
                if wanted is not None and wanted.industry.value != found[0].industry:
                    self.problem(
                        record.line,
                        "industry",
                        f"is {found[0].industry} in TenantCRM",
                        wanted.industry.value,
                    )
                self.tenant_ids[key] = found[0].id
                self.report.existing.tenants += 1
            elif record.tenant is None:
                self.problem(record.line, "industry", "is required for a new tenant")
            else:
                made = await self.attempt(
                    record.line, "tenant", functools.partial(tenants.create_tenant, record.tenant)
                )
                if made is not None:
                    self.tenant_ids[key] = made.id
                    self.new_tenants.add(key)
                    self.report.created.tenants += 1
            self.tick()

    async def match_contacts(self) -> None:
        held: dict[tuple[str, str], Any] = {}
        looked: set[str] = set()
        for record in self.roll.contacts:
            tenant_id = self.tenant_ids.get(record.tenant_key)
            if tenant_id is None:
                self.tick()
                continue
            if record.tenant_key not in self.new_tenants and record.tenant_key not in looked:
                looked.add(record.tenant_key)
                page = await tenants.list_contacts(tenant_id, 500, 0)
                for contact in page.items:
                    held[(record.tenant_key, name_key(contact.name))] = contact
            wanted = record.contact
            found = held.get((record.tenant_key, name_key(wanted.name)))
            if found is not None:
                if (found.email or None, found.phone) != (wanted.email, wanted.phone):
                    self.problem(
                        record.line,
                        "contact_email",
                        f"{found.name}'s e-mail or phone differ in TenantCRM "
                        f"({found.email or 'none'}, {found.phone or 'none'})",
                    )
                self.report.existing.contacts += 1
            else:
                data = wanted.model_copy(update={"tenant": tenant_id})
                made = await self.attempt(
                    record.line, "contact_name", functools.partial(tenants.create_contact, data)
                )
                if made is not None:
                    self.report.created.contacts += 1
            self.tick()

    # --- leases ------------------------------------------------------------------------------

    async def held_leases(self) -> dict[tuple[UUID, UUID, date], LeaseOut]:
        """Leases of the file's existing buildings, by (building, tenant, first day)."""
        held: dict[tuple[UUID, UUID, date], LeaseOut] = {}
        for key, building_id in self.building_ids.items():
            if key in self.new_buildings:
                continue
            offset = 0
            while True:
                page = await leases.list_leases(
                    LEASE_PAGE, offset, self.today, building=building_id
                )
                for lease in page.items:
                    held[(building_id, lease.tenant, lease.start_date)] = lease
                offset += LEASE_PAGE
                if offset >= page.total:
                    break
        return held

    async def match_leases(self) -> None:
        held = await self.held_leases()
        for record in self.roll.leases:
            await self.match_lease(record, held)
            self.tick()

    async def match_lease(
        self, record: LeaseRecord, held: dict[tuple[UUID, UUID, date], LeaseOut]
    ) -> None:
        building_id = self.building_ids.get(record.building_key)
        tenant_id = self.tenant_ids.get(record.tenant_key)
        unit_ids = [self.unit_ids.get((u.building_key, u.key)) for u in record.units]
        if building_id is None or tenant_id is None or None in unit_ids:
            return  # the building, tenant or a unit was refused: that problem is reported
        if record.building_key in self.other_currency:
            return  # reported with the building
        units = [u for u in unit_ids if u is not None]
        found = held.get((building_id, tenant_id, record.lease.start_date))
        if found is not None:
            difference = lease_difference(found, record.lease, record.currency, units)
            if difference is not None:
                self.problem(
                    record.line,
                    "lease_start",
                    f"this lease is already in TenantCRM and {difference}: "
                    "an import never changes a lease",
                    record.lease.start_date.isoformat(),
                )
            else:
                self.report.existing.leases += 1
                self.report.existing.rent_steps += len(record.lease.rent_steps)
            return
        line_of_unit = {uid: u.line for uid, u in zip(units, record.units, strict=True)}

        def columns(api_field: str) -> tuple[int, str | None]:
            if api_field.startswith("unit:"):
                unit_id = _uuid(api_field[5:])
                return line_of_unit.get(unit_id, record.line) if unit_id else record.line, "unit"
            if api_field.startswith("units"):
                return record.line, "unit"
            if api_field == "tenant":
                return record.line, "tenant"
            return record.line, column_of_field(api_field, record.step_cells)

        data = record.lease.model_copy(update={"tenant": tenant_id, "units": units})
        made = await self.attempt(
            record.line,
            "lease_start",
            lambda: leases.create_lease(data, self.today),
            columns,
        )
        if made is not None:
            self.report.created.leases += 1
            self.report.created.rent_steps += len(record.lease.rent_steps)


async def _create_building(name: str, currency: str) -> BuildingOut:
    return await buildings.create_building(BuildingIn(name=name, currency=currency))


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None
