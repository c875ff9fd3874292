"""Today: the leasing manager's start page. What expires, which notice deadlines come up,
and the headline figures of each building (occupancy, renewal rate, hard and soft churn)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.analytics import service as analytics
from tenantcrm.buildings import service as buildings
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, offset_of
from tenantcrm.leases import service as leases
from tenantcrm.leases.critical_dates import DateKind
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.renewals import service as renewals

EXPIRY_MONTHS = 12
NOTICE_DAYS = 90


async def _building_figures(today: date) -> list[dict[str, Any]]:
    """Occupancy today and churn since 1 January, building by building (one currency each)."""
    page = await buildings.list_buildings(limit=200, offset=0)
    year_start = date(today.year, 1, 1)
    return [
        {
            "building": b,
            "occupancy": await leases.building_occupancy(b.id, today),
            "churn": await analytics.churn(year_start, today, building=b.id),
        }
        for b in page.items
    ]


@get("/", include_in_schema=False)
async def home(settings: AppSettings, offset: FromQuery[str | None] = None) -> Template:
    """Today: expiries within a year, notice deadlines within 90 days, headline figures."""
    today = settings.clock_today()
    horizon = today + relativedelta(months=EXPIRY_MONTHS)
    expiring = await leases.list_leases(
        PAGE_SIZE, offset_of(offset), today, status=LeaseStatus.ACTIVE, ending_by=horizon
    )
    in_talks = await renewals.list_renewals(limit=1000, offset=0, expiring_before=horizon)
    notices = await leases.portfolio_critical_dates(
        today, NOTICE_DAYS, None, DateKind.NOTICE_DEADLINE, 100, 0
    )
    figures = await _building_figures(today)
    context = {
        "today": today,
        "expiring": expiring,
        "pager": Pager(expiring.total, expiring.limit, expiring.offset, {}),
        "renewal_of": {r.lease: r for r in in_talks.items},
        "notices": notices,
        "figures": figures,
        "moved_hard": sum(f["churn"].hard.count for f in figures),
        "moved_soft": sum(f["churn"].soft.count for f in figures),
        "expiry_months": EXPIRY_MONTHS,
        "notice_days": NOTICE_DAYS,
    }
    return Template(template_name="home.html", context=context)
