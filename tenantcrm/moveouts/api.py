"""JSON API of move-outs and the churn-reason taxonomy."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import (
    IfMatch,
    Limit,
    Offset,
    expected_version,
    query_choice,
    query_day,
)
from tenantcrm.core.schemas import Page
from tenantcrm.moveouts import service
from tenantcrm.moveouts.churn import ChurnClass
from tenantcrm.moveouts.schemas import ChurnReasonOut, MoveOutIn, MoveOutOut, MoveOutPatch


class MoveOutController(Controller):
    path = "/api/move-outs"
    tags = ["move-outs"]

    @get(operation_id="listMoveOuts")
    async def list_move_outs(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        building: FromQuery[UUID | None] = None,
        tenant: FromQuery[UUID | None] = None,
        churn_class: Annotated[
            str | None,
            QueryParameter(
                name="class",
                description="Churn class",
                schema_extra={"enum": [c.value for c in ChurnClass]},
            ),
        ] = None,
        first: Annotated[
            str | None,
            QueryParameter(
                name="from",
                description="Move-outs on or after this day",
                schema_extra={"format": "date"},
            ),
        ] = None,
        last: Annotated[
            str | None,
            QueryParameter(
                name="to",
                description="Move-outs on or before this day",
                schema_extra={"format": "date"},
            ),
        ] = None,
    ) -> Page[MoveOutOut]:
        """List move-outs, latest first, filtered by building, tenant, churn class or days."""
        # `class`, `from` and `to` are Python keywords: read as text, checked here.
        chosen = query_choice(churn_class, "class", ChurnClass)
        since, until = query_day(first, "from"), query_day(last, "to")
        if since is not None and until is not None and until < since:
            raise InvalidInputError([FieldError("to", "must not be before from")])
        return await service.list_move_outs(limit, offset, building, tenant, chosen, since, until)

    @post(operation_id="createMoveOut")
    async def record_move_out(self, data: JSONBody[MoveOutIn]) -> MoveOutOut:
        """Record a move-out: the lease ends, its units are vacant after the day (409 if done)."""
        return await service.record_move_out(data)

    @get("/{move_out_id:uuid}", operation_id="getMoveOut")
    async def get_move_out(self, move_out_id: FromPath[UUID]) -> MoveOutOut:
        """One move-out with its reason, churn class and what the tenant held."""
        return await service.get_move_out(move_out_id)

    @patch("/{move_out_id:uuid}", operation_id="updateMoveOut")
    async def update_move_out(
        self, move_out_id: FromPath[UUID], data: JSONBody[MoveOutPatch], if_match: IfMatch = None
    ) -> MoveOutOut:
        """Change a move-out's reason, class override or notes; send the version you edited."""
        return await service.update_move_out(
            move_out_id, data, expected_version(if_match, data.version)
        )


class ChurnReasonController(Controller):
    path = "/api/churn-reasons"
    tags = ["move-outs"]

    @get(operation_id="listChurnReasons")
    async def list_reasons(self) -> list[ChurnReasonOut]:
        """Every move-out reason with its churn class (hard or soft) and label."""
        return service.churn_reasons()
