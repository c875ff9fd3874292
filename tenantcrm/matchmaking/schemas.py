"""API models of matchmaking: business profiles, relations, suggestions and introductions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from tenantcrm.core.schemas import DecimalString, Model, OutModel, PatchModel, Version
from tenantcrm.matchmaking.enums import RelationKind, TieState
from tenantcrm.tenants.enums import AnchorCategory

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ProfileIn(Model):
    offers: list[Phrase] = Field(
        default_factory=list, max_length=50, description="Products and services it offers"
    )
    needs: list[Phrase] = Field(
        default_factory=list, max_length=50, description="What it buys or looks for"
    )
    markets: list[Phrase] = Field(
        default_factory=list, max_length=30, description="Markets and customer groups it serves"
    )
    version: Version | None = Field(
        default=None, description="Required to change an existing profile (or If-Match)"
    )


class ProfileOut(OutModel):
    tenant: UUID
    tenant_name: str
    industry: str
    tags: list[str]
    is_anchor: bool
    offers: list[str]
    needs: list[str]
    markets: list[str]
    version: int = Field(description="0 when the tenant has no profile yet")


class RelationIn(Model):
    tenant: UUID
    name: str = Field(min_length=1, max_length=300, description="The related firm")
    kind: RelationKind
    related_tenant: UUID | None = Field(default=None, description="If the firm is a tenant too")
    notes: str = Field(default="", max_length=5_000)


class RelationPatch(PatchModel):
    nullable = frozenset({"related_tenant"})

    name: str | None = Field(default=None, min_length=1, max_length=300)
    kind: RelationKind | None = None
    related_tenant: UUID | None = None
    notes: str | None = Field(default=None, max_length=5_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class RelationOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    name: str
    kind: RelationKind
    related_tenant: UUID | None
    notes: str
    version: int
    created_at: datetime


class SuggestionOut(OutModel):
    tenant: UUID
    tenant_name: str
    other: UUID
    other_name: str
    other_industry: str
    other_is_anchor: bool
    other_anchor_category: AnchorCategory | None
    score: DecimalString = Field(description="0 to 100, after the feedback of past introductions")
    reasons: list[str] = Field(description="Why, strongest first")


class SuggestionsOut(OutModel):
    tenant: UUID
    tenant_name: str
    candidates: int = Field(description="Tenants scored")
    items: list[SuggestionOut]


class IntroductionIn(Model):
    tenant: UUID = Field(description="The tenant the suggestion was for")
    other: UUID = Field(description="The tenant suggested to it")
    state: TieState = Field(
        default=TieState.INTRODUCED,
        description="suggested, introduced (made now) or dismissed (never suggest the pair)",
    )
    notes: str = Field(default="", max_length=5_000)


class IntroductionTransitionIn(Model):
    to: TieState
    notes: str = Field(default="", max_length=5_000, description="Kept in the history")


class IntroductionOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    other: UUID
    other_name: str
    state: TieState
    score: DecimalString | None = Field(description="The score when it was recorded")
    reasons: list[str]
    allowed: list[TieState] = Field(description="States it may move to")
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
