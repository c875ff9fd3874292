"""Web page of move-outs: the latest first, with their churn class."""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.core.web import PAGE_SIZE, Pager, offset_of
from tenantcrm.moveouts import service
from tenantcrm.moveouts.churn import ChurnClass


class MoveOutViews(Controller):
    path = "/move-outs"
    include_in_schema = False

    @get("/")
    async def move_out_list(
        self,
        churn: FromQuery[str | None] = None,
        recorded: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """Move-outs, latest first, hard or soft; record one from its lease's page."""
        churn_class = churn if churn in {c.value for c in ChurnClass} else None
        page = await service.list_move_outs(
            PAGE_SIZE,
            offset_of(offset),
            churn_class=ChurnClass(churn_class) if churn_class else None,
        )
        context = {
            "page": page,
            "pager": Pager(page.total, page.limit, page.offset, {"churn": churn_class or ""}),
            "churn": churn_class or "",
            "recorded": recorded or "",
        }
        return Template("moveouts/list.html", context=context)
