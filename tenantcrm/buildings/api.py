"""JSON API of buildings and units."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from tenantcrm.buildings import service
from tenantcrm.buildings.enums import UnitStatus
from tenantcrm.buildings.schemas import (
    HIGHEST_FLOOR,
    LOWEST_FLOOR,
    BuildingIn,
    BuildingOut,
    BuildingPatch,
    UnitIn,
    UnitOut,
    UnitPatch,
)
from tenantcrm.core.http import IfMatch, Limit, Offset, VersionQuery, expected_version
from tenantcrm.core.schemas import Page


class BuildingController(Controller):
    path = "/api/buildings"
    tags = ["buildings"]

    @get(operation_id="listBuildings")
    async def list_buildings(self, limit: Limit = 50, offset: Offset = 0) -> Page[BuildingOut]:
        """List buildings by name."""
        return await service.list_buildings(limit, offset)

    @post(operation_id="createBuilding")
    async def create_building(self, data: JSONBody[BuildingIn]) -> BuildingOut:
        """Create a building."""
        return await service.create_building(data)

    @get("/{building_id:uuid}", operation_id="getBuilding")
    async def get_building(self, building_id: FromPath[UUID]) -> BuildingOut:
        """One building."""
        return await service.get_building(building_id)

    @patch("/{building_id:uuid}", operation_id="updateBuilding")
    async def update_building(
        self, building_id: FromPath[UUID], data: JSONBody[BuildingPatch], if_match: IfMatch = None
    ) -> BuildingOut:
        """Change a building; send the version you edited (409 if it is stale)."""
        version = expected_version(if_match, data.version)
        return await service.update_building(building_id, data, version)

    @delete("/{building_id:uuid}", operation_id="deleteBuilding")
    async def delete_building(
        self,
        building_id: FromPath[UUID],
        if_match: IfMatch = None,
        version: VersionQuery = None,
    ) -> None:
        """Delete a building that has no units."""
        await service.delete_building(building_id, expected_version(if_match, version))


class UnitController(Controller):
    path = "/api/units"
    tags = ["buildings"]

    @get(operation_id="listUnits")
    async def list_units(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        building: FromQuery[UUID | None] = None,
        floor: Annotated[int | None, QueryParameter(ge=LOWEST_FLOOR, le=HIGHEST_FLOOR)] = None,
        status: FromQuery[UnitStatus | None] = None,
    ) -> Page[UnitOut]:
        """List units by floor and code, filtered by building, floor or status."""
        return await service.list_units(limit, offset, building, floor, status)

    @post(operation_id="createUnit")
    async def create_unit(self, data: JSONBody[UnitIn]) -> UnitOut:
        """Create a unit in a building; codes are unique per building."""
        return await service.create_unit(data)

    @get("/{unit_id:uuid}", operation_id="getUnit")
    async def get_unit(self, unit_id: FromPath[UUID]) -> UnitOut:
        """One unit."""
        return await service.get_unit(unit_id)

    @patch("/{unit_id:uuid}", operation_id="updateUnit")
    async def update_unit(
        self, unit_id: FromPath[UUID], data: JSONBody[UnitPatch], if_match: IfMatch = None
    ) -> UnitOut:
        """Change a unit; send the version you edited (409 if it is stale)."""
        return await service.update_unit(unit_id, data, expected_version(if_match, data.version))

    @delete("/{unit_id:uuid}", operation_id="deleteUnit")
    async def delete_unit(
        self,
        unit_id: FromPath[UUID],
        if_match: IfMatch = None,
        version: VersionQuery = None,
    ) -> None:
        """Delete a unit no lease names."""
        await service.delete_unit(unit_id, expected_version(if_match, version))
