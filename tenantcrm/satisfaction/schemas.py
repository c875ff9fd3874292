"""API models of satisfaction surveys and their trends."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from tenantcrm.core.schemas import BusinessDate, DecimalString, Model, OutModel, PatchModel, Version
from tenantcrm.satisfaction.enums import Direction, FutureSpace, Period, RenewalIntent

Overall = Annotated[int, Field(ge=0, le=10, description="Overall satisfaction, 0 to 10")]
Score = Annotated[int, Field(ge=1, le=5, description="1 (poor) to 5 (excellent)")]


class SurveyIn(Model):
    tenant: UUID
    building: UUID
    answered_on: BusinessDate | None = Field(default=None, description="Default: today")
    overall: Overall
    management: Score | None = None
    cleaning: Score | None = None
    security: Score | None = None
    maintenance: Score | None = None
    amenities: Score | None = None
    renewal_intent: RenewalIntent
    future_space: FutureSpace = FutureSpace.UNKNOWN
    comment: str = Field(default="", max_length=5_000)


class SurveyPatch(PatchModel):
    """Correct a survey; a dimension set to null becomes unanswered."""

    nullable = frozenset({"management", "cleaning", "security", "maintenance", "amenities"})

    answered_on: BusinessDate | None = None
    overall: Overall | None = None
    management: Score | None = None
    cleaning: Score | None = None
    security: Score | None = None
    maintenance: Score | None = None
    amenities: Score | None = None
    renewal_intent: RenewalIntent | None = None
    future_space: FutureSpace | None = None
    comment: str | None = Field(default=None, max_length=5_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class SurveyOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    building_name: str
    answered_on: date
    overall: int
    management: int | None
    cleaning: int | None
    security: int | None
    maintenance: int | None
    amenities: int | None
    renewal_intent: RenewalIntent
    future_space: FutureSpace
    comment: str
    version: int
    created_at: datetime
    updated_at: datetime


class PeriodScoresOut(OutModel):
    label: str = Field(description="2026-Q1 or 2026")
    start: date
    surveys: int
    overall: DecimalString = Field(description="Average overall score (0-10), 2 places")
    management: DecimalString | None
    cleaning: DecimalString | None
    security: DecimalString | None
    maintenance: DecimalString | None
    amenities: DecimalString | None


class TrendOut(OutModel):
    tenant: UUID | None
    building: UUID | None
    period: Period
    periods: list[PeriodScoresOut] = Field(description="Periods with surveys, oldest first")
    direction: Direction = Field(
        description="Latest period vs the one before: >= +0.5 rising, <= -0.5 falling, else flat"
    )
    change: DecimalString | None = Field(description="Latest overall average minus the previous")
