"""JSON API of complaints: the register, stage transitions on SLA clocks, move-out links."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenantcrm.complaints import service
from tenantcrm.complaints.enums import ComplaintState
from tenantcrm.complaints.schemas import (
    ComplaintDetailOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPatch,
    ComplaintTransitionIn,
    MoveOutLinkIn,
)
from tenantcrm.core.http import AppSettings, IfMatch, Limit, Offset, expected_version, query_choice
from tenantcrm.core.schemas import Page


class ComplaintController(Controller):
    path = "/api/complaints"
    tags = ["complaints"]

    @get(operation_id="listComplaints")
    async def list_complaints(
        self,
        settings: AppSettings,
        limit: Limit = 50,
        offset: Offset = 0,
        tenant: FromQuery[UUID | None] = None,
        building: FromQuery[UUID | None] = None,
        in_state: Annotated[
            str | None,
            QueryParameter(
                name="state",
                description="Complaint stage",
                schema_extra={"enum": [s.value for s in ComplaintState]},
            ),
        ] = None,
        overdue: Annotated[
            bool | None,
            QueryParameter(description="true: open complaints past their stage's due day"),
        ] = None,
    ) -> Page[ComplaintOut]:
        """List complaints, latest received first, by tenant, building, stage or overdue."""
        # `state` is a name Litestar keeps for itself: read as text, checked here.
        state = query_choice(in_state, "state", ComplaintState)
        return await service.list_complaints(
            limit, offset, settings.clock_today(), tenant, building, state, overdue
        )

    @post(operation_id="createComplaint")
    async def create_complaint(
        self, settings: AppSettings, data: JSONBody[ComplaintIn]
    ) -> ComplaintDetailOut:
        """Register a tenant's complaint; the SLA clock of its first stage starts."""
        return await service.create_complaint(data, settings.clock_today())

    @get("/{complaint_id:uuid}", operation_id="getComplaint")
    async def get_complaint(
        self, settings: AppSettings, complaint_id: FromPath[UUID]
    ) -> ComplaintDetailOut:
        """One complaint with its SLA status today and its history."""
        return await service.get_complaint(complaint_id, settings.clock_today())

    @patch("/{complaint_id:uuid}", operation_id="updateComplaint")
    async def update_complaint(
        self,
        settings: AppSettings,
        complaint_id: FromPath[UUID],
        data: JSONBody[ComplaintPatch],
        if_match: IfMatch = None,
    ) -> ComplaintDetailOut:
        """Edit an open complaint's category, severity or description; send the version."""
        return await service.update_complaint(
            complaint_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @post(
        "/{complaint_id:uuid}/transitions",
        operation_id="transitionComplaint",
        status_code=HTTP_200_OK,
    )
    async def transition(
        self,
        settings: AppSettings,
        complaint_id: FromPath[UUID],
        data: JSONBody[ComplaintTransitionIn],
    ) -> ComplaintDetailOut:
        """Move a complaint to its next stage (409 listing the allowed moves, 422 naming fields)."""
        return await service.transition(complaint_id, data, settings.clock_today())

    @put("/{complaint_id:uuid}/move-out", operation_id="linkComplaintMoveOut")
    async def link_move_out(
        self,
        settings: AppSettings,
        complaint_id: FromPath[UUID],
        data: JSONBody[MoveOutLinkIn],
        if_match: IfMatch = None,
    ) -> ComplaintDetailOut:
        """Link the complaint to its tenant's later soft-churn move-out (null unlinks)."""
        return await service.link_move_out(
            complaint_id, data, expected_version(if_match, data.version), settings.clock_today()
        )
