"""Use cases of buildings and units."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tenantcrm.buildings.enums import UnitStatus
from tenantcrm.buildings.schemas import (
    BuildingIn,
    BuildingOut,
    BuildingPatch,
    UnitIn,
    UnitOut,
    UnitPatch,
)
from tenantcrm.buildings.tables import Building, Unit
from tenantcrm.core.errors import ConflictError, FieldError, InvalidInputError
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import (
    Row,
    delete_versioned,
    get_or_404,
    locked,
    text_order,
    update_versioned,
)
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction

# --- buildings ---------------------------------------------------------------------------


async def list_buildings(limit: int, offset: int) -> Page[BuildingOut]:
    rows = (
        await Building.select()
        .order_by(text_order(Building.name))
        .order_by(Building.id)
        .limit(limit)
        .offset(offset)
    )
    total = await Building.count()
    return Page(
        items=[BuildingOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


async def get_building(building_id: UUID) -> BuildingOut:
    return BuildingOut.model_validate(await get_or_404(Building, building_id, "building"))


async def create_building(data: BuildingIn) -> BuildingOut:
    async with write_transaction():
        row = await Building.insert(Building(**data.model_dump())).returning(
            *Building._meta.columns
        )
    return BuildingOut.model_validate(row[0])


async def update_building(building_id: UUID, data: BuildingPatch, version: int) -> BuildingOut:
    values = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        row = await update_versioned(Building, building_id, version, values, "building")
    return BuildingOut.model_validate(row)


async def delete_building(building_id: UUID, version: int) -> None:
    async with write_transaction():
        await delete_versioned(Building, building_id, version, "building")


async def units_of_building(building_id: UUID) -> list[UnitOut]:
    await get_or_404(Building, building_id, "building")
    rows = (
        await Unit.select()
        .where(Unit.building == building_id)
        .order_by(Unit.floor)
        .order_by(Unit.code)
    )
    return [unit_out(r) for r in rows]


async def units_by_id(unit_ids: list[UUID]) -> dict[UUID, UnitOut]:
    if not unit_ids:
        return {}
    rows = await Unit.select().where(Unit.id.is_in(unit_ids))
    return {r["id"]: unit_out(r) for r in rows}


# --- units -------------------------------------------------------------------------------


def unit_out(row: Row) -> UnitOut:
    return UnitOut.model_validate({**row, "area": from_minor(row["area_centi"])})


async def list_units(
    limit: int,
    offset: int,
    building: UUID | None = None,
    floor: int | None = None,
    status: UnitStatus | None = None,
) -> Page[UnitOut]:
    where = []
    if building is not None:
        where.append(Unit.building == building)
    if floor is not None:
        where.append(Unit.floor == floor)
    if status is not None:
        where.append(Unit.status == status.value)
    query = Unit.select().order_by(Unit.floor).order_by(Unit.code).order_by(Unit.id)
    count = Unit.count()
    if where:
        query = query.where(*where)
        count = count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[unit_out(r) for r in rows], total=await count, limit=limit, offset=offset)


async def get_unit(unit_id: UUID) -> UnitOut:
    return unit_out(await get_or_404(Unit, unit_id, "unit"))


async def _ensure_code_free(building: UUID, code: str, unit_id: UUID | None = None) -> None:
    """Refuse (409) a code another unit of the building has; callers hold the building's lock."""
    query = Unit.select(Unit.id).where(Unit.building == building, Unit.code == code)
    clash = await query.first()
    if clash is not None and clash["id"] != unit_id:
        raise ConflictError(
            f"building {building} already has a unit with code {code!r}",
            [{"resource": "unit", "id": str(clash["id"]), "field": "code"}],
        )


async def create_unit(data: UnitIn) -> UnitOut:
    async with write_transaction():
        # Locking the building serialises writers of its unit codes.
        if await locked(Building, data.building) is None:
            raise InvalidInputError([FieldError("building", "no such building")])
        await _ensure_code_free(data.building, data.code)
        row = await Unit.insert(
            Unit(
                building=data.building,
                floor=data.floor,
                code=data.code,
                area_centi=to_minor(data.area),
                status=data.status.value,
            )
        ).returning(*Unit._meta.columns)
    return unit_out(row[0])


async def update_unit(unit_id: UUID, data: UnitPatch, version: int) -> UnitOut:
    values: dict[Any, Any] = data.model_dump(exclude_unset=True, exclude={"version", "area"})
    if data.area is not None:
        values["area_centi"] = to_minor(data.area)
    if data.status is not None:
        values["status"] = data.status.value
    async with write_transaction():
        current = await get_or_404(Unit, unit_id, "unit")
        if data.code is not None:
            await locked(Building, current["building"])
            await _ensure_code_free(current["building"], data.code, unit_id)
        row = await update_versioned(Unit, unit_id, version, values, "unit")
    return unit_out(row)


async def delete_unit(unit_id: UUID, version: int) -> None:
    """Delete a unit that no lease names (a let unit is refused: mark it off_market instead)."""
    async with write_transaction():
        await delete_versioned(Unit, unit_id, version, "unit")


# --- units of the portfolio (for analytics) -----------------------------------------------


async def units_in(building_id: UUID | None = None) -> list[UnitOut]:
    """Every unit of a building (404 if there is no such building), or of the portfolio."""
    if building_id is not None:
        return await units_of_building(building_id)
    rows = await Unit.select().order_by(Unit.building).order_by(Unit.floor).order_by(Unit.code)
    return [unit_out(r) for r in rows]


async def all_buildings() -> dict[UUID, BuildingOut]:
    """Every building by id (a portfolio has tens of them, not thousands)."""
    return {r["id"]: BuildingOut.model_validate(r) for r in await Building.select()}
