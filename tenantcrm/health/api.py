"""JSON API of tenant health."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath, FromQuery

from tenantcrm.core.http import AppSettings, Limit, Offset, OnDay
from tenantcrm.health import service
from tenantcrm.health.schemas import AtRiskPageOut, TenantHealthOut


class HealthController(Controller):
    path = "/api/health"
    tags = ["health"]

    @get("/tenants/{tenant_id:uuid}", operation_id="getTenantHealth")
    async def tenant_health(
        self, tenant_id: FromPath[UUID], settings: AppSettings, on: OnDay = None
    ) -> TenantHealthOut:
        """A tenant's health score, band and relationship stage, with every reason shown."""
        return await service.tenant_health(tenant_id, on or settings.clock_today())

    @get("/at-risk", operation_id="listTenantsAtRisk")
    async def at_risk(
        self,
        settings: AppSettings,
        limit: Limit = 50,
        offset: Offset = 0,
        building: FromQuery[UUID | None] = None,
        manager: FromQuery[UUID | None] = None,
        on: OnDay = None,
    ) -> AtRiskPageOut:
        """Early warning: tenants scoring under 60, the most annual rent at risk first."""
        return await service.at_risk(on or settings.clock_today(), building, manager, limit, offset)
