"""Web page of anchor tenants' benefits: what is granted, what it costs, what ends soon."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.benefits import service
from tenantcrm.core.http import AppSettings
from tenantcrm.scope import building_scope

GRANTS_SHOWN = 200
EXPIRING_DAYS = 90


class BenefitViews(Controller):
    path = "/anchors"
    include_in_schema = False

    @get("/")
    async def benefits_page(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        building: FromQuery[str | None] = None,
    ) -> Template:
        """Benefits in force (of a building or all), their cost against anchor rent."""
        today = settings.clock_today()
        scope = await building_scope(request, building)
        summary = await service.summary(today, EXPIRING_DAYS, scope.building)
        grants = await service.list_grants(
            today, GRANTS_SHOWN, 0, building=scope.building, in_force=True
        )
        context = {
            "today": today,
            "summary": summary,
            "grants": grants,
            "scope": scope,
            "building": str(scope.building or ""),
            "expiring_days": EXPIRING_DAYS,
        }
        return Template("benefits/list.html", context=context)
