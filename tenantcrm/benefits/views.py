"""Web page of anchor tenants' benefits: what is granted, what it costs, what ends soon."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.benefits import service
from tenantcrm.buildings import service as buildings
from tenantcrm.core.http import AppSettings

GRANTS_SHOWN = 200
EXPIRING_DAYS = 90


class BenefitViews(Controller):
    path = "/anchors"
    include_in_schema = False

    @get("/")
    async def benefits_page(
        self, settings: AppSettings, building: FromQuery[UUID | None] = None
    ) -> Template:
        """Benefits in force (of a building or all), their cost against anchor rent."""
        today = settings.clock_today()
        summary = await service.summary(today, EXPIRING_DAYS, building)
        grants = await service.list_grants(today, GRANTS_SHOWN, 0, building=building, in_force=True)
        context = {
            "today": today,
            "summary": summary,
            "grants": grants,
            "buildings": (await buildings.list_buildings(limit=200, offset=0)).items,
            "building": str(building or ""),
            "expiring_days": EXPIRING_DAYS,
        }
        return Template("benefits/list.html", context=context)
