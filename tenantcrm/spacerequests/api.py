"""JSON API of space requests: expansions and contractions, their suggestions and transitions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import AppSettings, IfMatch, Limit, Offset, expected_version
from tenantcrm.core.schemas import Page
from tenantcrm.spacerequests import service
from tenantcrm.spacerequests.enums import RequestKind, RequestState
from tenantcrm.spacerequests.schemas import (
    SpaceRequestDetailOut,
    SpaceRequestIn,
    SpaceRequestOut,
    SpaceRequestPatch,
    SpaceRequestTransitionIn,
    SuggestionsOut,
)

SuggestionLimit = Annotated[int, QueryParameter(ge=1, le=50, description="Suggestions wanted")]


class SpaceRequestController(Controller):
    path = "/api/space-requests"
    tags = ["space requests"]

    @get(operation_id="listSpaceRequests")
    async def list_requests(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        in_state: Annotated[
            str | None,
            QueryParameter(
                name="state",
                description="Request state",
                schema_extra={"enum": [s.value for s in RequestState]},
            ),
        ] = None,
        kind: FromQuery[RequestKind | None] = None,
        building: FromQuery[UUID | None] = None,
        tenant: FromQuery[UUID | None] = None,
        lease: FromQuery[UUID | None] = None,
    ) -> Page[SpaceRequestOut]:
        """List space requests by desired date, filtered by state, kind, building or tenant."""
        # `state` is a name Litestar keeps for itself: read as text, checked here.
        try:
            state = None if in_state is None else RequestState(in_state)
        except ValueError as error:
            allowed = ", ".join(RequestState)
            raise InvalidInputError([FieldError("state", f"must be one of {allowed}")]) from error
        return await service.list_requests(limit, offset, state, kind, building, tenant, lease)

    @post(operation_id="createSpaceRequest")
    async def create_request(
        self, settings: AppSettings, data: JSONBody[SpaceRequestIn]
    ) -> SpaceRequestDetailOut:
        """Record a tenant's request to expand or contract an active lease."""
        return await service.create_request(data, settings.clock_today())

    @get("/{request_id:uuid}", operation_id="getSpaceRequest")
    async def get_request(
        self, settings: AppSettings, request_id: FromPath[UUID]
    ) -> SpaceRequestDetailOut:
        """One space request with the offer, the lease amendment made and its history."""
        return await service.get_request(request_id, settings.clock_today())

    @patch("/{request_id:uuid}", operation_id="updateSpaceRequest")
    async def update_request(
        self,
        settings: AppSettings,
        request_id: FromPath[UUID],
        data: JSONBody[SpaceRequestPatch],
        if_match: IfMatch = None,
    ) -> SpaceRequestDetailOut:
        """Change the area, date or reason asked, before an offer; send the version you edited."""
        return await service.update_request(
            request_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @get("/{request_id:uuid}/suggestions", operation_id="suggestSpaceRequestUnits")
    async def suggestions(
        self, request_id: FromPath[UUID], limit: SuggestionLimit = 10
    ) -> SuggestionsOut:
        """Units that fit the request, best first, each with its reasons in words."""
        return await service.suggestions(request_id, limit)

    @post(
        "/{request_id:uuid}/transitions",
        operation_id="transitionSpaceRequest",
        status_code=HTTP_200_OK,
    )
    async def transition(
        self,
        settings: AppSettings,
        request_id: FromPath[UUID],
        data: JSONBody[SpaceRequestTransitionIn],
    ) -> SpaceRequestDetailOut:
        """Move a request on (409 listing the allowed moves); executing it amends the lease."""
        return await service.transition(request_id, data, settings.clock_today())
