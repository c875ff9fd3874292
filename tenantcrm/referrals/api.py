"""JSON API of referrals: prospects referred by tenants, their transitions and figures."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import AppSettings, IfMatch, Limit, Offset, expected_version, query_day
from tenantcrm.core.schemas import Page
from tenantcrm.referrals import service
from tenantcrm.referrals.enums import ReferralStage
from tenantcrm.referrals.schemas import (
    ReferralFiguresOut,
    ReferralIn,
    ReferralOut,
    ReferralPatch,
    ReferralTransitionIn,
)


class ReferralController(Controller):
    path = "/api/referrals"
    tags = ["referrals"]

    @get(operation_id="listReferrals")
    async def list_referrals(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        referrer: FromQuery[UUID | None] = None,
        stage: FromQuery[ReferralStage | None] = None,
        building: FromQuery[UUID | None] = None,
    ) -> Page[ReferralOut]:
        """Referred prospects, latest first, by referrer, stage or building."""
        return await service.list_referrals(limit, offset, referrer, stage, building)

    @post(operation_id="createReferral")
    async def create_referral(self, data: JSONBody[ReferralIn]) -> ReferralOut:
        """Record a prospect referred by a tenant (from one of its relations, or named)."""
        return await service.create_referral(data)

    @get("/figures", operation_id="getReferralFigures")
    async def referral_figures(
        self,
        building: FromQuery[UUID | None] = None,
        first: Annotated[
            str | None,
            QueryParameter(
                name="from", description="Recorded on or after", schema_extra={"format": "date"}
            ),
        ] = None,
        last: Annotated[
            str | None,
            QueryParameter(
                name="to", description="Recorded on or before", schema_extra={"format": "date"}
            ),
        ] = None,
    ) -> ReferralFiguresOut:
        """Leads, conversion, and the area and rent won through referrals."""
        since, until = query_day(first, "from"), query_day(last, "to")
        if since is not None and until is not None and until < since:
            raise InvalidInputError([FieldError("to", "must not be before from")])
        return await service.figures(building, since, until)

    @get("/{referral_id:uuid}", operation_id="getReferral")
    async def get_referral(self, referral_id: FromPath[UUID]) -> ReferralOut:
        """One referral, with the stages it may move to."""
        return await service.get_referral(referral_id)

    @patch("/{referral_id:uuid}", operation_id="updateReferral")
    async def update_referral(
        self, referral_id: FromPath[UUID], data: JSONBody[ReferralPatch], if_match: IfMatch = None
    ) -> ReferralOut:
        """Change a referral's details; send the version you edited."""
        return await service.update_referral(
            referral_id, data, expected_version(if_match, data.version)
        )

    @post(
        "/{referral_id:uuid}/transitions",
        operation_id="transitionReferral",
        status_code=HTTP_200_OK,
    )
    async def transition(
        self,
        settings: AppSettings,
        referral_id: FromPath[UUID],
        data: JSONBody[ReferralTransitionIn],
    ) -> ReferralOut:
        """Move a referral on; signed creates the tenant and lease and credits the referrer."""
        return await service.transition(referral_id, data, settings.clock_today())
