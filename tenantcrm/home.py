"""The landing page: the portfolio at a glance, with links to the API."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from tenantcrm.buildings import service as buildings
from tenantcrm.core.http import AppSettings
from tenantcrm.leases import service as leases


@get("/", include_in_schema=False)
async def home(settings: AppSettings) -> Template:
    today = settings.clock_today()
    page = await buildings.list_buildings(limit=100, offset=0)
    occupancy = [await leases.building_occupancy(b.id, today) for b in page.items]
    return Template(
        template_name="home.html",
        context={"buildings": zip(page.items, occupancy, strict=True), "today": today},
    )
