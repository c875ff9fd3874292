"""JSON API of satisfaction surveys and their trends per tenant or building."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from tenantcrm.core.http import AppSettings, IfMatch, Limit, Offset, expected_version
from tenantcrm.core.schemas import Page
from tenantcrm.satisfaction import service
from tenantcrm.satisfaction.enums import Period
from tenantcrm.satisfaction.schemas import SurveyIn, SurveyOut, SurveyPatch, TrendOut


class SurveyController(Controller):
    path = "/api/satisfaction/surveys"
    tags = ["satisfaction"]

    @get(operation_id="listSurveys")
    async def list_surveys(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        tenant: FromQuery[UUID | None] = None,
        building: FromQuery[UUID | None] = None,
    ) -> Page[SurveyOut]:
        """List surveys, latest answered first, by tenant or building."""
        return await service.list_surveys(limit, offset, tenant, building)

    @post(operation_id="createSurvey")
    async def create_survey(self, settings: AppSettings, data: JSONBody[SurveyIn]) -> SurveyOut:
        """Record a tenant's answers to a satisfaction survey."""
        return await service.create_survey(data, settings.clock_today())

    @get("/{survey_id:uuid}", operation_id="getSurvey")
    async def get_survey(self, survey_id: FromPath[UUID]) -> SurveyOut:
        """One survey."""
        return await service.get_survey(survey_id)

    @patch("/{survey_id:uuid}", operation_id="updateSurvey")
    async def update_survey(
        self,
        settings: AppSettings,
        survey_id: FromPath[UUID],
        data: JSONBody[SurveyPatch],
        if_match: IfMatch = None,
    ) -> SurveyOut:
        """Correct a survey's answers; send the version you edited."""
        return await service.update_survey(
            survey_id, data, expected_version(if_match, data.version), settings.clock_today()
        )


class SatisfactionController(Controller):
    path = "/api/satisfaction"
    tags = ["satisfaction"]

    @get("/trends", operation_id="satisfactionTrends")
    async def trends(
        self,
        tenant: FromQuery[UUID | None] = None,
        building: FromQuery[UUID | None] = None,
        period: FromQuery[Period] = Period.QUARTER,
    ) -> TrendOut:
        """Average scores per quarter or year of one tenant or building, and their direction."""
        return await service.trend(tenant, building, period)
