"""Use cases of satisfaction surveys: record, correct, list; trends per tenant or building; and
the latest score of each tenant for tenant health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from piccolo.columns.combination import Combinable

from tenantcrm.buildings import service as buildings
from tenantcrm.core.errors import FieldError, InvalidInputError, NotFoundError
from tenantcrm.core.records import Row, lock_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.satisfaction import trends
from tenantcrm.satisfaction.enums import DIMENSIONS, FutureSpace, Period, RenewalIntent
from tenantcrm.satisfaction.schemas import (
    PeriodScoresOut,
    SurveyIn,
    SurveyOut,
    SurveyPatch,
    TrendOut,
)
from tenantcrm.satisfaction.tables import Survey
from tenantcrm.tenants import service as tenants

RESOURCE = "survey"

COLUMNS = (
    *Survey._meta.columns,
    Survey.tenant.name.as_alias("tenant_name"),
    Survey.building.name.as_alias("building_name"),
)


def _out(row: Row) -> SurveyOut:
    return SurveyOut.model_validate(
        {
            **row,
            "renewal_intent": RenewalIntent(row["renewal_intent"]),
            "future_space": FutureSpace(row["future_space"]),
        }
    )


async def get_survey(survey_id: UUID) -> SurveyOut:
    row = await Survey.select(*COLUMNS).where(Survey.id == survey_id).first()
    if row is None:
        raise NotFoundError(RESOURCE, survey_id)
    return _out(row)


async def list_surveys(
    limit: int, offset: int, tenant: UUID | None = None, building: UUID | None = None
) -> Page[SurveyOut]:
    """Surveys, latest answered first, by tenant or building."""
    where: list[Combinable] = []
    if tenant is not None:
        where.append(Survey.tenant == tenant)
    if building is not None:
        where.append(Survey.building == building)
    query = Survey.select(*COLUMNS).order_by(Survey.answered_on, ascending=False)
    query = query.order_by(Survey.id)
    count = Survey.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[_out(r) for r in rows], total=await count, limit=limit, offset=offset)


def _day_errors(answered_on: date, today: date) -> list[FieldError]:
    if answered_on > today:
        return [FieldError("answered_on", f"cannot be later than today ({today})")]
    return []


async def create_survey(data: SurveyIn, today: date) -> SurveyOut:
    """Record a tenant's answers to a satisfaction survey."""
    answered_on = data.answered_on or today
    async with write_transaction():
        errors = _day_errors(answered_on, today)
        try:
            await tenants.get_tenant(data.tenant)
        except NotFoundError:
            errors.append(FieldError("tenant", f"no such tenant {data.tenant}"))
        try:
            await buildings.get_building(data.building)
        except NotFoundError:
            errors.append(FieldError("building", f"no such building {data.building}"))
        if errors:
            raise InvalidInputError(errors)
        values = data.model_dump(exclude={"answered_on"})
        inserted = await Survey.insert(Survey(**values, answered_on=answered_on)).returning(
            Survey.id
        )
    return await get_survey(inserted[0]["id"])


async def update_survey(survey_id: UUID, data: SurveyPatch, version: int, today: date) -> SurveyOut:
    """Correct a survey's answers; send the version you edited."""
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        await lock_or_404(Survey, survey_id, RESOURCE)
        if "answered_on" in changes and (errors := _day_errors(changes["answered_on"], today)):
            raise InvalidInputError(errors)
        values: dict[Any, Any] = {
            Survey._meta.get_column_by_name(name): value for name, value in changes.items()
        }
        await update_versioned(Survey, survey_id, version, values, RESOURCE)
    return await get_survey(survey_id)


async def trend(tenant: UUID | None, building: UUID | None, period: Period) -> TrendOut:
    """Average scores per period for one tenant or one building, and their direction."""
    if (tenant is None) == (building is None):
        raise InvalidInputError([FieldError("tenant", "give exactly one of tenant and building")])
    where = Survey.tenant == tenant if tenant is not None else Survey.building == building
    rows = await Survey.select(Survey.answered_on, Survey.overall, *_dimension_columns()).where(
        where
    )
    found = trends.trend(
        (
            trends.SurveyPoint(r["answered_on"], r["overall"], {n: r[n] for n in DIMENSIONS})
            for r in rows
        ),
        period,
    )
    return TrendOut(
        tenant=tenant,
        building=building,
        period=period,
        periods=[
            PeriodScoresOut(
                label=p.label,
                start=p.start,
                surveys=p.surveys,
                overall=p.overall,
                **{name: p.dimensions[name] for name in DIMENSIONS},
            )
            for p in found.periods
        ],
        direction=found.direction,
        change=found.change,
    )


def _dimension_columns() -> list[Any]:
    return [Survey._meta.get_column_by_name(name) for name in DIMENSIONS]


@dataclass(frozen=True, slots=True)
class LatestSatisfaction:
    answered_on: date
    overall: int
    previous_overall: int | None
    """The overall score of the survey before the latest, if any."""
    renewal_intent: RenewalIntent


async def latest_satisfaction(tenant_ids: list[UUID]) -> dict[UUID, LatestSatisfaction]:
    """Each tenant's latest survey (overall, intent) and the overall score before it.

    Tenants never surveyed are left out.
    """
    if not tenant_ids:
        return {}
    rows = (
        await Survey.select(
            Survey.tenant, Survey.answered_on, Survey.overall, Survey.renewal_intent
        )
        .where(Survey.tenant.is_in(tenant_ids))
        .order_by(Survey.tenant)
        .order_by(Survey.answered_on, ascending=False)
        .order_by(Survey.created_at, ascending=False)
    )
    latest: dict[UUID, Row] = {}
    previous: dict[UUID, int] = {}
    for r in rows:
        tenant = r["tenant"]
        if tenant not in latest:
            latest[tenant] = r
        elif tenant not in previous:
            previous[tenant] = r["overall"]
    return {
        tenant: LatestSatisfaction(
            answered_on=r["answered_on"],
            overall=r["overall"],
            previous_overall=previous.get(tenant),
            renewal_intent=RenewalIntent(r["renewal_intent"]),
        )
        for tenant, r in latest.items()
    }
