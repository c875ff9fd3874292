"""JSON API of benefits: the catalogue of kinds, the resource inventory, grants and figures."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from tenantcrm.benefits import service
from tenantcrm.benefits.enums import BenefitKind, ResourceKind
from tenantcrm.benefits.schemas import (
    BenefitKindOut,
    BenefitSummaryOut,
    GrantIn,
    GrantOut,
    GrantPatch,
    ResourceIn,
    ResourceOut,
    ResourcePatch,
)
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

Window = Annotated[
    int, QueryParameter(ge=0, le=3660, description="Days ahead for benefits expiring soon")
]


class BenefitKindController(Controller):
    path = "/api/benefit-kinds"
    tags = ["benefits"]

    @get(operation_id="listBenefitKinds")
    async def list_kinds(self) -> list[BenefitKindOut]:
        """The catalogue of benefit kinds and the resource kind each may name."""
        return service.kinds()


class ResourceController(Controller):
    path = "/api/resources"
    tags = ["benefits"]

    @get(operation_id="listResources")
    async def list_resources(
        self,
        settings: AppSettings,
        limit: Limit = 50,
        offset: Offset = 0,
        building: FromQuery[UUID | None] = None,
        kind: FromQuery[ResourceKind | None] = None,
        free: FromQuery[bool | None] = None,
        on: OnDay = None,
    ) -> Page[ResourceOut]:
        """Parking bays, storage rooms and signage slots, with who holds each on the day."""
        day = on or settings.clock_today()
        return await service.list_resources(day, limit, offset, building, kind, free)

    @post(operation_id="createResource")
    async def create_resource(
        self, settings: AppSettings, data: JSONBody[ResourceIn]
    ) -> ResourceOut:
        """Add a resource to a building's inventory (409 if its code exists there)."""
        return await service.create_resource(data, settings.clock_today())

    @get("/{resource_id:uuid}", operation_id="getResource")
    async def get_resource(
        self, settings: AppSettings, resource_id: FromPath[UUID], on: OnDay = None
    ) -> ResourceOut:
        """One resource and its holder on the day."""
        return await service.get_resource(resource_id, on or settings.clock_today())

    @patch("/{resource_id:uuid}", operation_id="updateResource")
    async def update_resource(
        self,
        settings: AppSettings,
        resource_id: FromPath[UUID],
        data: JSONBody[ResourcePatch],
        if_match: IfMatch = None,
    ) -> ResourceOut:
        """Change a resource's code, location or notes; send the version you edited."""
        return await service.update_resource(
            resource_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @delete("/{resource_id:uuid}", operation_id="deleteResource")
    async def delete_resource(
        self, resource_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a resource that was never granted."""
        await service.delete_resource(resource_id, expected_version(if_match, version))


class BenefitController(Controller):
    path = "/api/benefits"
    tags = ["benefits"]

    @get(operation_id="listBenefits")
    async def list_benefits(
        self,
        settings: AppSettings,
        limit: Limit = 50,
        offset: Offset = 0,
        tenant: FromQuery[UUID | None] = None,
        building: FromQuery[UUID | None] = None,
        kind: FromQuery[BenefitKind | None] = None,
        in_force: FromQuery[bool] = False,
        on: OnDay = None,
    ) -> Page[GrantOut]:
        """Benefits granted, ending first first, by tenant, building, kind or in force."""
        day = on or settings.clock_today()
        return await service.list_grants(day, limit, offset, tenant, building, kind, in_force)

    @post(operation_id="createBenefit")
    async def create_benefit(self, settings: AppSettings, data: JSONBody[GrantIn]) -> GrantOut:
        """Grant a benefit; a resource granted for overlapping days is a 409 naming the holder."""
        return await service.create_grant(data, settings.clock_today())

    @get("/summary", operation_id="getBenefitSummary")
    async def benefit_summary(
        self,
        settings: AppSettings,
        building: FromQuery[UUID | None] = None,
        window: Window = 90,
        on: OnDay = None,
    ) -> BenefitSummaryOut:
        """Benefits in force, their cost per year and as % of anchor rent, and those expiring."""
        return await service.summary(on or settings.clock_today(), window, building)

    @get("/{grant_id:uuid}", operation_id="getBenefit")
    async def get_benefit(
        self, settings: AppSettings, grant_id: FromPath[UUID], on: OnDay = None
    ) -> GrantOut:
        """One benefit grant."""
        return await service.get_grant(grant_id, on or settings.clock_today())

    @patch("/{grant_id:uuid}", operation_id="updateBenefit")
    async def update_benefit(
        self,
        settings: AppSettings,
        grant_id: FromPath[UUID],
        data: JSONBody[GrantPatch],
        if_match: IfMatch = None,
    ) -> GrantOut:
        """Change a benefit's end, quantity, amounts or notes; send the version you edited."""
        return await service.update_grant(
            grant_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @delete("/{grant_id:uuid}", operation_id="deleteBenefit")
    async def delete_benefit(
        self, grant_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Withdraw a benefit (a rent concession leaves the lease's rent too)."""
        await service.delete_grant(grant_id, expected_version(if_match, version))
