"""JSON API of matchmaking: business profiles, relations, suggested ties and introductions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from tenantcrm.core.http import (
    AppSettings,
    IfMatch,
    Limit,
    Offset,
    VersionQuery,
    expected_version,
)
from tenantcrm.core.schemas import Page
from tenantcrm.matchmaking import service
from tenantcrm.matchmaking.enums import TieState
from tenantcrm.matchmaking.schemas import (
    IntroductionIn,
    IntroductionOut,
    IntroductionTransitionIn,
    ProfileIn,
    ProfileOut,
    RelationIn,
    RelationOut,
    RelationPatch,
    SuggestionOut,
    SuggestionsOut,
)

Top = Annotated[int, QueryParameter(ge=1, le=100, description="How many to return")]


class MatchmakingController(Controller):
    path = "/api/matchmaking"
    tags = ["matchmaking"]

    @get("/profiles/{tenant_id:uuid}", operation_id="getBusinessProfile")
    async def get_profile(self, tenant_id: FromPath[UUID]) -> ProfileOut:
        """A tenant's business profile: what it offers and needs, its markets and tags."""
        return await service.get_profile(tenant_id)

    @put("/profiles/{tenant_id:uuid}", operation_id="putBusinessProfile", status_code=HTTP_200_OK)
    async def put_profile(
        self, tenant_id: FromPath[UUID], data: JSONBody[ProfileIn], if_match: IfMatch = None
    ) -> ProfileOut:
        """Set a tenant's business profile (changing one needs the version you edited)."""
        version = (
            None
            if if_match is None and data.version is None
            else expected_version(if_match, data.version)
        )
        return await service.put_profile(tenant_id, data, version)

    @get("/tenants/{tenant_id:uuid}/suggestions", operation_id="listTieSuggestions")
    async def suggestions(
        self, settings: AppSettings, tenant_id: FromPath[UUID], limit: Top = 10
    ) -> SuggestionsOut:
        """The tenants it could best do business with, each with a score and reasons."""
        return await service.suggestions(tenant_id, settings.clock_today(), limit)

    @get("/buildings/{building_id:uuid}/ties", operation_id="listBuildingTies")
    async def building_ties(
        self, settings: AppSettings, building_id: FromPath[UUID], limit: Top = 20
    ) -> list[SuggestionOut]:
        """The best new ties between tenants of a building, best first."""
        return await service.building_ties(building_id, settings.clock_today(), limit)

    @get("/introductions", operation_id="listIntroductions")
    async def list_introductions(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        tenant: FromQuery[UUID | None] = None,
        in_state: Annotated[
            TieState | None, QueryParameter(name="tie_state", description="Its state")
        ] = None,
    ) -> Page[IntroductionOut]:
        """Introductions, latest change first, of a tenant or in a state."""
        return await service.list_introductions(limit, offset, tenant, in_state)

    @post("/introductions", operation_id="createIntroduction")
    async def record_introduction(
        self, settings: AppSettings, data: JSONBody[IntroductionIn]
    ) -> IntroductionOut:
        """Record an introduction, a suggestion kept, or a dismissed pair (409 if recorded)."""
        return await service.record_introduction(data, settings.clock_today())

    @get("/introductions/{introduction_id:uuid}", operation_id="getIntroduction")
    async def get_introduction(self, introduction_id: FromPath[UUID]) -> IntroductionOut:
        """One introduction and the states it may move to."""
        return await service.get_introduction(introduction_id)

    @post(
        "/introductions/{introduction_id:uuid}/transitions",
        operation_id="transitionIntroduction",
        status_code=HTTP_200_OK,
    )
    async def transition(
        self, introduction_id: FromPath[UUID], data: JSONBody[IntroductionTransitionIn]
    ) -> IntroductionOut:
        """Record how an introduction went (409 with the allowed states when not possible)."""
        return await service.transition_introduction(introduction_id, data)

    @get("/relations", operation_id="listBusinessRelations")
    async def list_relations(
        self, limit: Limit = 50, offset: Offset = 0, tenant: FromQuery[UUID | None] = None
    ) -> Page[RelationOut]:
        """Tenants' partners, affiliates, clients and suppliers."""
        return await service.list_relations(tenant, limit, offset)

    @post("/relations", operation_id="createBusinessRelation")
    async def create_relation(self, data: JSONBody[RelationIn]) -> RelationOut:
        """Add a partner, affiliate, client or supplier of a tenant."""
        return await service.create_relation(data)

    @get("/relations/{relation_id:uuid}", operation_id="getBusinessRelation")
    async def get_relation(self, relation_id: FromPath[UUID]) -> RelationOut:
        """One business relation."""
        return await service.get_relation(relation_id)

    @patch("/relations/{relation_id:uuid}", operation_id="updateBusinessRelation")
    async def update_relation(
        self, relation_id: FromPath[UUID], data: JSONBody[RelationPatch], if_match: IfMatch = None
    ) -> RelationOut:
        """Change a business relation; send the version you edited."""
        return await service.update_relation(
            relation_id, data, expected_version(if_match, data.version)
        )

    @delete("/relations/{relation_id:uuid}", operation_id="deleteBusinessRelation")
    async def delete_relation(
        self, relation_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a business relation."""
        await service.delete_relation(relation_id, expected_version(if_match, version))
