"""Web page of care: the contacts due and overdue, and the coverage per manager and building."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.care import service
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, offset_of
from tenantcrm.scope import building_scope

WINDOWS = (0, 14, 30, 90)
"""Days ahead the due list can look (0: overdue and due today)."""


class CareViews(Controller):
    path = "/care"
    include_in_schema = False

    @get("/")
    async def care_page(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        building: FromQuery[str | None] = None,
        whose: FromQuery[str | None] = None,
        within: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """Care contacts overdue or due soon (a manager's own by default), and the coverage."""
        today = settings.clock_today()
        scope = await building_scope(request, building)
        days = int(within) if within and within.isdigit() and int(within) in WINDOWS else 30
        mine = scope.manager is not None and whose != "all"
        query = {
            "building": str(scope.building) if scope.building else "",
            "whose": "" if mine else "all",
            "within": str(days),
        }
        due = await service.due_contacts(
            today,
            days,
            PAGE_SIZE,
            offset_of(offset),
            building=scope.building,
            manager=scope.manager if mine else None,
        )
        context = {
            "due": due,
            "pager": Pager(due.total, due.limit, due.offset, query),
            "query": query,
            "coverage": await service.coverage(today, building=scope.building),
            "scope": scope,
            "mine": mine,
            "windows": WINDOWS,
            "today": today,
        }
        return Template("care/page.html", context=context)
