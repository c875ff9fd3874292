"""Web pages of tenants: the searchable list and the tenant 360."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from tenantcrm.core.charts import step_chart
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, offset_of
from tenantcrm.leases import service as leases
from tenantcrm.tenants import service
from tenantcrm.tenants.enums import Industry, Tier
from tenantcrm.tenants.schemas import TenantSort

EXPIRY_CHOICES = (3, 6, 12, 24)


E = TypeVar("E", Industry, Tier)


def _choice(kind: type[E], value: str | None) -> E | None:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _months(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 0 < int(value) <= 240 else None


class TenantViews(Controller):
    path = "/tenants"
    include_in_schema = False

    @get("/")
    async def tenant_list(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        q: FromQuery[str | None] = None,
        industry: FromQuery[str | None] = None,
        tier: FromQuery[str | None] = None,
        anchor: FromQuery[str | None] = None,
        expiring: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """The tenant list: search by any part of the name, filter, page."""
        query = {
            "q": (q or "").strip()[:200],
            "industry": industry or "",
            "tier": tier or "",
            "anchor": anchor or "",
            "expiring": expiring or "",
        }
        filters = service.TenantFilters(
            q=query["q"] or None,
            industry=_choice(Industry, industry),
            tier=_choice(Tier, tier),
            is_anchor={"yes": True, "no": False}.get(anchor or ""),
            expiring_within_months=_months(expiring),
        )
        today = settings.clock_today()
        page = await service.list_tenants(
            filters, TenantSort.NAME, PAGE_SIZE, offset_of(offset), today
        )
        context = {
            "page": page,
            "pager": Pager(page.total, page.limit, page.offset, query),
            "query": query,
            "industries": list(Industry),
            "tiers": list(Tier),
            "expiry_choices": EXPIRY_CHOICES,
            "today": today,
        }
        partial = request.headers.get("hx-request") == "true"
        name = "tenants/_results.html" if partial else "tenants/list.html"
        return Template(name, context=context)

    @get("/{tenant_id:uuid}")
    async def tenant_page(self, settings: AppSettings, tenant_id: FromPath[UUID]) -> Template:
        """The tenant 360: profile, contacts, leases with the rent in force and its history."""
        today = settings.clock_today()
        view = await service.tenant_view(tenant_id, today)
        charts = {}
        for lease in view.current_leases:
            schedule = await leases.lease_schedule(lease.id, today)
            levels: list[tuple[Any, Decimal]] = []
            for line in schedule.lines:
                if not levels or levels[-1][1] != line.monthly_rent:
                    levels.append((line.start, line.monthly_rent))
            charts[lease.id] = step_chart(levels, lease.end_date)
        return Template(
            "tenants/detail.html", context={"view": view, "charts": charts, "today": today}
        )
