"""JSON API of leases, rent steps, schedules and building occupancy."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from tenantcrm.buildings.schemas import OccupancyOut
from tenantcrm.core.http import (
    AppSettings,
    IfMatch,
    Limit,
    Offset,
    OnDay,
    VersionQuery,
    expected_version,
)
from tenantcrm.core.schemas import Page
from tenantcrm.leases import service
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.schemas import (
    LeaseIn,
    LeaseOut,
    LeasePatch,
    RentStepIn,
    RentStepOut,
    RentStepPatch,
    ScheduleOut,
)


class LeaseController(Controller):
    path = "/api/leases"
    tags = ["leases"]

    @get(operation_id="listLeases")
    async def list_leases(
        self,
        settings: AppSettings,
        limit: Limit = 50,
        offset: Offset = 0,
        tenant: FromQuery[UUID | None] = None,
        building: FromQuery[UUID | None] = None,
        unit: FromQuery[UUID | None] = None,
        status: FromQuery[LeaseStatus | None] = None,
        ending_by: FromQuery[date | None] = None,
        on: OnDay = None,
    ) -> Page[LeaseOut]:
        """List leases by end date, filtered by tenant, building, unit, status or expiry."""
        return await service.list_leases(
            limit, offset, on or settings.clock_today(), tenant, building, unit, status, ending_by
        )

    @post(operation_id="createLease")
    async def create_lease(self, settings: AppSettings, data: JSONBody[LeaseIn]) -> LeaseOut:
        """Create a lease cycle with its units and rent steps (409 if a unit is already let)."""
        return await service.create_lease(data, settings.clock_today())

    @get("/{lease_id:uuid}", operation_id="getLease")
    async def get_lease(
        self, settings: AppSettings, lease_id: FromPath[UUID], on: OnDay = None
    ) -> LeaseOut:
        """One lease with its units, steps, current rent and next change."""
        return await service.get_lease(lease_id, on or settings.clock_today())

    @patch("/{lease_id:uuid}", operation_id="updateLease")
    async def update_lease(
        self,
        settings: AppSettings,
        lease_id: FromPath[UUID],
        data: JSONBody[LeasePatch],
        if_match: IfMatch = None,
    ) -> LeaseOut:
        """Change a lease; send the version you edited (409 if stale or a unit is taken)."""
        return await service.update_lease(
            lease_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @delete("/{lease_id:uuid}", operation_id="deleteLease")
    async def delete_lease(
        self, lease_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a draft lease."""
        await service.delete_lease(lease_id, expected_version(if_match, version))

    @get("/{lease_id:uuid}/schedule", operation_id="getLeaseSchedule")
    async def schedule(
        self, settings: AppSettings, lease_id: FromPath[UUID], on: OnDay = None
    ) -> ScheduleOut:
        """Month-by-month rent schedule with totals, average and net effective rent."""
        return await service.lease_schedule(lease_id, on or settings.clock_today())

    @get("/{lease_id:uuid}/rent-steps", operation_id="listRentSteps")
    async def list_steps(self, lease_id: FromPath[UUID]) -> list[RentStepOut]:
        """A lease's rent steps by effective date."""
        return await service.list_rent_steps(lease_id)

    @post("/{lease_id:uuid}/rent-steps", operation_id="createRentStep")
    async def add_step(self, lease_id: FromPath[UUID], data: JSONBody[RentStepIn]) -> RentStepOut:
        """Add a rent step inside the lease term."""
        return await service.add_rent_step(lease_id, data)


class RentStepController(Controller):
    path = "/api/rent-steps"
    tags = ["leases"]

    @patch("/{step_id:uuid}", operation_id="updateRentStep")
    async def update_step(
        self, step_id: FromPath[UUID], data: JSONBody[RentStepPatch], if_match: IfMatch = None
    ) -> RentStepOut:
        """Change a rent step; send the version you edited."""
        return await service.update_rent_step(
            step_id, data, expected_version(if_match, data.version)
        )

    @delete("/{step_id:uuid}", operation_id="deleteRentStep")
    async def delete_step(
        self, step_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a rent step."""
        await service.delete_rent_step(step_id, expected_version(if_match, version))


class OccupancyController(Controller):
    """Occupancy is a building's view, computed from the leases that cover its units."""

    path = "/api/buildings"
    tags = ["buildings"]

    @get("/{building_id:uuid}/occupancy", operation_id="getBuildingOccupancy")
    async def occupancy(
        self, settings: AppSettings, building_id: FromPath[UUID], on: OnDay = None
    ) -> OccupancyOut:
        """Vacancy and occupancy of a building on a day, floor by floor."""
        return await service.building_occupancy(building_id, on or settings.clock_today())
