"""JSON API of leases, rent steps, schedules and building occupancy."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

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
from tenantcrm.leases.enums import DateKind, LeaseStatus
from tenantcrm.leases.schemas import (
    CriticalDateOut,
    LeaseIn,
    LeaseOptionIn,
    LeaseOptionOut,
    LeaseOptionPatch,
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


# --- lease options and critical dates -----------------------------------------------------

Within = Annotated[
    int,
    QueryParameter(ge=0, le=3660, description="Days ahead to look, from the day asked"),
]


class LeaseOptionController(Controller):
    path = "/api"
    tags = ["leases"]

    @get("/leases/{lease_id:uuid}/options", operation_id="listLeaseOptions")
    async def list_options(self, lease_id: FromPath[UUID]) -> list[LeaseOptionOut]:
        """A lease's option windows (renew, expand, contract, break) by opening day."""
        return await service.list_lease_options(lease_id)

    @post("/leases/{lease_id:uuid}/options", operation_id="createLeaseOption")
    async def add_option(
        self, lease_id: FromPath[UUID], data: JSONBody[LeaseOptionIn]
    ) -> LeaseOptionOut:
        """Add an option window inside the lease term."""
        return await service.add_lease_option(lease_id, data)

    @get("/lease-options/{option_id:uuid}", operation_id="getLeaseOption")
    async def get_option(self, option_id: FromPath[UUID]) -> LeaseOptionOut:
        """One option window."""
        return await service.get_lease_option(option_id)

    @patch("/lease-options/{option_id:uuid}", operation_id="updateLeaseOption")
    async def update_option(
        self, option_id: FromPath[UUID], data: JSONBody[LeaseOptionPatch], if_match: IfMatch = None
    ) -> LeaseOptionOut:
        """Change an option window; send the version you edited."""
        return await service.update_lease_option(
            option_id, data, expected_version(if_match, data.version)
        )

    @delete("/lease-options/{option_id:uuid}", operation_id="deleteLeaseOption")
    async def delete_option(
        self, option_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete an option window."""
        await service.delete_lease_option(option_id, expected_version(if_match, version))


class CriticalDatesController(Controller):
    path = "/api"
    tags = ["leases"]

    @get("/leases/{lease_id:uuid}/critical-dates", operation_id="getLeaseCriticalDates")
    async def lease_dates(
        self,
        settings: AppSettings,
        lease_id: FromPath[UUID],
        on: OnDay = None,
        within: Annotated[
            int | None,
            QueryParameter(ge=0, le=3660, description="Days ahead to look (default: all)"),
        ] = None,
    ) -> list[CriticalDateOut]:
        """A lease's dates that matter from the day asked on, by day."""
        return await service.lease_critical_dates(lease_id, on or settings.clock_today(), within)

    @get("/critical-dates", operation_id="listCriticalDates")
    async def portfolio_dates(
        self,
        settings: AppSettings,
        within: Within = 90,
        building: FromQuery[UUID | None] = None,
        kind: FromQuery[DateKind | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
        on: OnDay = None,
    ) -> Page[CriticalDateOut]:
        """Dates that matter across active leases, from the day asked to `within` days later."""
        return await service.portfolio_critical_dates(
            on or settings.clock_today(), within, building, kind, limit, offset
        )
