"""Web page of move-outs: the latest first, with their churn class."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.core.web import PAGE_SIZE, Pager, offset_of
from tenantcrm.moveouts import service
from tenantcrm.moveouts.churn import ChurnClass
from tenantcrm.scope import building_scope


class MoveOutViews(Controller):
    path = "/move-outs"
    include_in_schema = False

    @get("/")
    async def move_out_list(
        self,
        request: Request[Any, Any, Any],
        building: FromQuery[str | None] = None,
        churn: FromQuery[str | None] = None,
        recorded: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """Move-outs, latest first, hard or soft; record one from its lease's page."""
        scope = await building_scope(request, building)
        churn_class = churn if churn in {c.value for c in ChurnClass} else None
        page = await service.list_move_outs(
            PAGE_SIZE,
            offset_of(offset),
            building=scope.building,
            churn_class=ChurnClass(churn_class) if churn_class else None,
        )
        context = {
            "page": page,
            "pager": Pager(
                page.total,
                page.limit,
                page.offset,
                {"churn": churn_class or "", "building": str(scope.building or "")},
            ),
            "scope": scope,
            "churn": churn_class or "",
            "recorded": recorded or "",
        }
        return Template("moveouts/list.html", context=context)
