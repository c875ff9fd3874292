"""JSON API of renewals, their proposals and transitions, and the stateless proposal builder."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import AppSettings, IfMatch, Limit, Offset, expected_version
from tenantcrm.core.schemas import Page
from tenantcrm.renewals import service
from tenantcrm.renewals.enums import RenewalState
from tenantcrm.renewals.schemas import (
    ProposalRequestIn,
    ProposalsOut,
    RenewalDetailOut,
    RenewalIn,
    RenewalOut,
    RenewalPatch,
    RenewalProposalIn,
    RenewalTransitionIn,
)


class RenewalController(Controller):
    path = "/api/renewals"
    tags = ["renewals"]

    @get(operation_id="listRenewals")
    async def list_renewals(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        in_state: Annotated[
            str | None,
            QueryParameter(
                name="state",
                description="Renewal state",
                schema_extra={"enum": [s.value for s in RenewalState]},
            ),
        ] = None,
        building: FromQuery[UUID | None] = None,
        tenant: FromQuery[UUID | None] = None,
        expiring_before: FromQuery[date | None] = None,
    ) -> Page[RenewalOut]:
        """List renewals by lease expiry, filtered by state, building, tenant or expiry."""
        # `state` is a name Litestar keeps for itself: read as text, checked here.
        try:
            state = None if in_state is None else RenewalState(in_state)
        except ValueError as error:
            allowed = ", ".join(RenewalState)
            raise InvalidInputError([FieldError("state", f"must be one of {allowed}")]) from error
        return await service.list_renewals(limit, offset, state, building, tenant, expiring_before)

    @post(operation_id="createRenewal")
    async def open_renewal(
        self, settings: AppSettings, data: JSONBody[RenewalIn]
    ) -> RenewalDetailOut:
        """Open the renewal of an active lease (409 naming it if the lease has one already)."""
        return await service.open_renewal(data, settings.clock_today())

    @get("/{renewal_id:uuid}", operation_id="getRenewal")
    async def get_renewal(
        self, settings: AppSettings, renewal_id: FromPath[UUID]
    ) -> RenewalDetailOut:
        """One renewal with its lease's rent, expiry, notice deadline and history."""
        return await service.get_renewal(renewal_id, settings.clock_today())

    @patch("/{renewal_id:uuid}", operation_id="updateRenewal")
    async def update_renewal(
        self,
        settings: AppSettings,
        renewal_id: FromPath[UUID],
        data: JSONBody[RenewalPatch],
        if_match: IfMatch = None,
    ) -> RenewalDetailOut:
        """Change a renewal's market rent or notes; send the version you edited."""
        return await service.update_renewal(
            renewal_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @post("/{renewal_id:uuid}/proposals", operation_id="proposeRenewal", status_code=HTTP_200_OK)
    async def propose(
        self, settings: AppSettings, renewal_id: FromPath[UUID], data: JSONBody[RenewalProposalIn]
    ) -> ProposalsOut:
        """Stepped renewal options side by side from the rent at expiry; the request is kept."""
        return await service.propose_for_renewal(renewal_id, data, settings.clock_today())

    @post(
        "/{renewal_id:uuid}/transitions", operation_id="transitionRenewal", status_code=HTTP_200_OK
    )
    async def transition(
        self,
        settings: AppSettings,
        renewal_id: FromPath[UUID],
        data: JSONBody[RenewalTransitionIn],
    ) -> RenewalDetailOut:
        """Move a renewal to another state (409 listing the allowed ones); signed makes a lease."""
        return await service.transition(renewal_id, data, settings.clock_today())


class RenewalProposalController(Controller):
    path = "/api/renewal-proposals"
    tags = ["renewals"]

    @post(operation_id="buildRenewalProposals", status_code=HTTP_200_OK)
    async def build(self, data: JSONBody[ProposalRequestIn]) -> ProposalsOut:
        """Stepped renewal options side by side for any rents and policy (nothing is stored)."""
        return service.build_proposals(data)
