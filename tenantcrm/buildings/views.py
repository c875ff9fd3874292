"""Web pages of buildings: the list with occupancy, and each building's stacking plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath
from litestar.response import Template

from tenantcrm.buildings import service
from tenantcrm.buildings.enums import Occupancy
from tenantcrm.buildings.schemas import UnitOccupancy
from tenantcrm.core.http import AppSettings
from tenantcrm.leases import service as leases

EXPIRY_BANDS = 6
"""Colours for expiry years: this year, the next four, and later (the last band)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A unit on the stacking plan: its share of the floor and its colour class."""

    unit: UnitOccupancy
    grow: float
    css: str


def expiry_band(lease_end: date, today: date) -> int:
    return min(max(lease_end.year - today.year, 0), EXPIRY_BANDS - 1)


def _block(unit: UnitOccupancy, today: date) -> Block:
    if unit.occupancy is Occupancy.OCCUPIED and unit.lease_end is not None:
        css = f"y{expiry_band(unit.lease_end, today)}"
    else:
        css = unit.occupancy.value
    return Block(unit, float(unit.area), css)


class BuildingViews(Controller):
    path = "/buildings"
    include_in_schema = False

    @get("/")
    async def building_list(self, settings: AppSettings) -> Template:
        """Every building with its occupancy today."""
        today = settings.clock_today()
        page = await service.list_buildings(limit=200, offset=0)
        rows = [(b, await leases.building_occupancy(b.id, today)) for b in page.items]
        return Template("buildings/list.html", context={"rows": rows, "today": today})

    @get("/{building_id:uuid}")
    async def stacking_plan(self, settings: AppSettings, building_id: FromPath[UUID]) -> Template:
        """The stacking plan: floors top first, units sized by area, coloured by expiry."""
        today = settings.clock_today()
        building = await service.get_building(building_id)
        occupancy = await leases.building_occupancy(building_id, today)
        floors = [
            (floor, [_block(unit, today) for unit in floor.units])
            for floor in sorted(occupancy.floors, key=lambda f: f.floor, reverse=True)
        ]
        legend = [(f"y{i}", str(today.year + i)) for i in range(EXPIRY_BANDS - 1)]
        legend.append((f"y{EXPIRY_BANDS - 1}", f"{today.year + EXPIRY_BANDS - 1} or later"))
        context = {
            "building": building,
            "occupancy": occupancy,
            "floors": floors,
            "legend": legend,
            "today": today,
        }
        return Template("buildings/stacking.html", context=context)
