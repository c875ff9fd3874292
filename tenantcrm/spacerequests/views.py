"""Web page of space requests: a board with one column per state, and moves between them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from pydantic import ValidationError

from tenantcrm.auth.identity import Identity
from tenantcrm.core.errors import ConflictError, InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import field_errors, form_data, nested
from tenantcrm.scope import building_scope
from tenantcrm.spacerequests import service
from tenantcrm.spacerequests.enums import RequestState
from tenantcrm.spacerequests.schemas import SpaceRequestTransitionIn

CARDS_PER_COLUMN = 30
SIMPLE_MOVES = {
    RequestState.EVALUATING: "Evaluate",
    RequestState.ACCEPTED: "Accept",
    RequestState.DECLINED: "Decline",
    RequestState.WITHDRAWN: "Withdraw",
}
"""Moves that need nothing more than a click, by their button's verb (an offer names units:
it is made through the API)."""


async def board_page(
    request: Request[Any, Any, Any],
    settings: AppSettings,
    *,
    failed: UUID | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    scope = await building_scope(request, request.query_params.get("building"))
    columns = [
        (
            state,
            await service.list_requests(CARDS_PER_COLUMN, 0, state=state, building=scope.building),
        )
        for state in RequestState
    ]
    user = request.user
    context = {
        "columns": columns,
        "scope": scope,
        "simple_moves": SIMPLE_MOVES,
        "can_edit": isinstance(user, Identity) and user.can_edit,
        "failed": failed,
        "errors": errors or {},
        "today": settings.clock_today(),
    }
    return Template("spacerequests/board.html", context=context, status_code=status_code)


class SpaceRequestViews(Controller):
    path = "/space-requests"
    include_in_schema = False

    @get("/")
    async def board(self, request: Request[Any, Any, Any], settings: AppSettings) -> Template:
        """Expansion and contraction requests, a column per state, most pressing first."""
        return await board_page(request, settings)

    @post("/{request_id:uuid}/transitions", status_code=303)
    async def move(
        self, request: Request[Any, Any, Any], settings: AppSettings, request_id: FromPath[UUID]
    ) -> Redirect | Template:
        """Move a request to another state (executing it amends the lease)."""
        values = await form_data(request)
        try:
            data = SpaceRequestTransitionIn.model_validate(nested(values))
            await service.transition(request_id, data, settings.clock_today())
        except (ValidationError, InvalidInputError) as error:
            errors = field_errors(error)
        except ConflictError as error:
            errors = {"form": error.detail}
        else:
            return Redirect("/space-requests", status_code=303)
        return await board_page(
            request, settings, failed=request_id, errors=errors, status_code=422
        )
