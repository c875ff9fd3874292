"""Use cases of matchmaking: business profiles and relations, suggested ties (scored by
``scoring``), introductions and their outcomes.

The scoring index of the whole portfolio is built once and kept in memory until a tenant, a
profile or a lease changes (a cheap stamp of counts and latest updates is checked on each
request) or the day changes; the index is built off the event loop. Introductions are read on
every request: they are few, and their outcomes feed the ranking at once.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg
import numpy as np
from piccolo.columns.combination import Combinable
from piccolo.query.functions.aggregate import Count, Max

from tenantcrm.audit import service as audit
from tenantcrm.buildings import service as buildings
from tenantcrm.core.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
    PreconditionRequiredError,
)
from tenantcrm.core.records import Row, delete_versioned, lock_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.core.workflow import Workflow
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.matchmaking import scoring
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
from tenantcrm.matchmaking.tables import BusinessProfile, BusinessRelation, Introduction
from tenantcrm.tenants import service as tenants
from tenantcrm.tenants.enums import AnchorCategory

SUBJECT = "introduction"

TIE_WORKFLOW: Workflow[TieState] = Workflow(
    {
        TieState.SUGGESTED: frozenset({TieState.INTRODUCED, TieState.NO_FIT, TieState.DISMISSED}),
        TieState.INTRODUCED: frozenset({TieState.MET, TieState.NO_FIT}),
        TieState.MET: frozenset({TieState.DOING_BUSINESS, TieState.NO_FIT}),
    }
)
"""suggested -> introduced -> met -> doing business; no fit from any open state; a suggestion
may be dismissed. Doing business, no fit and dismissed are final."""

_FIRST_STATES = (TieState.SUGGESTED, TieState.INTRODUCED, TieState.DISMISSED)


def _score(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _json_list(value: object) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [str(v) for v in value] if isinstance(value, list) else []


# --- business profiles --------------------------------------------------------------------


async def _brief(tenant_id: UUID) -> tenants.TenantBrief:
    found = await tenants.tenant_briefs([tenant_id])
    if not found:
        raise NotFoundError("tenant", tenant_id)
    return found[0]


def _profile_out(brief: tenants.TenantBrief, row: Row | None) -> ProfileOut:
    return ProfileOut(
        tenant=brief.id,
        tenant_name=brief.name,
        industry=brief.industry,
        tags=list(brief.tags),
        is_anchor=brief.is_anchor,
        offers=_json_list(row["offers"]) if row else [],
        needs=_json_list(row["needs"]) if row else [],
        markets=_json_list(row["markets"]) if row else [],
        version=row["version"] if row else 0,
    )


async def get_profile(tenant_id: UUID) -> ProfileOut:
    brief = await _brief(tenant_id)
    row = await BusinessProfile.select().where(BusinessProfile.tenant == tenant_id).first()
    return _profile_out(brief, row)


async def put_profile(tenant_id: UUID, data: ProfileIn, version: int | None) -> ProfileOut:
    """Create a tenant's profile, or replace it (then the version edited is required)."""
    await _brief(tenant_id)
    values = {"offers": data.offers, "needs": data.needs, "markets": data.markets}
    try:
        async with write_transaction():
            row = await BusinessProfile.select().where(BusinessProfile.tenant == tenant_id).first()
            if row is None:
                await BusinessProfile.insert(
                    BusinessProfile(
                        tenant=tenant_id,
                        offers=data.offers,
                        needs=data.needs,
                        markets=data.markets,
                    )
                )
            else:
                if version is None:
                    raise PreconditionRequiredError()
                await update_versioned(BusinessProfile, row["id"], version, values, "profile")
    except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
        raise ConflictError(f"tenant {tenant_id}'s profile was just created") from error
    return await get_profile(tenant_id)


# --- relations (partners, affiliates, clients, suppliers) ---------------------------------

RELATION_COLUMNS = (
    *BusinessRelation._meta.columns,
    BusinessRelation.tenant.name.as_alias("tenant_name"),
)


async def get_relation(relation_id: UUID) -> RelationOut:
    row = (
        await BusinessRelation.select(*RELATION_COLUMNS)
        .where(BusinessRelation.id == relation_id)
        .first()
    )
    if row is None:
        raise NotFoundError("relation", relation_id)
    return RelationOut.model_validate(row)


async def list_relations(tenant: UUID | None, limit: int, offset: int) -> Page[RelationOut]:
    query = (
        BusinessRelation.select(*RELATION_COLUMNS)
        .order_by(BusinessRelation.name)
        .order_by(BusinessRelation.id)
    )
    count = BusinessRelation.count()
    if tenant is not None:
        query = query.where(BusinessRelation.tenant == tenant)
        count = count.where(BusinessRelation.tenant == tenant)
    rows = await query.limit(limit).offset(offset)
    return Page(
        items=[RelationOut.model_validate(r) for r in rows],
        total=await count,
        limit=limit,
        offset=offset,
    )


async def _relation_errors(tenant: UUID | None, related: UUID | None) -> list[FieldError]:
    errors = []
    if tenant is not None and not await tenants.tenant_exists(tenant):
        errors.append(FieldError("tenant", "no such tenant"))
    if related is not None and not await tenants.tenant_exists(related):
        errors.append(FieldError("related_tenant", "no such tenant"))
    if tenant is not None and related == tenant:
        errors.append(FieldError("related_tenant", "must be another tenant"))
    return errors


async def create_relation(data: RelationIn) -> RelationOut:
    if errors := await _relation_errors(data.tenant, data.related_tenant):
        raise InvalidInputError(errors)
    async with write_transaction():
        inserted = await BusinessRelation.insert(
            BusinessRelation(**data.model_dump(mode="json"))
        ).returning(BusinessRelation.id)
    return await get_relation(inserted[0]["id"])


async def update_relation(relation_id: UUID, data: RelationPatch, version: int) -> RelationOut:
    values = data.model_dump(mode="json", exclude_unset=True, exclude={"version"})
    async with write_transaction():
        row = await lock_or_404(BusinessRelation, relation_id, "relation")
        if "related_tenant" in values and (
            errors := await _relation_errors(row["tenant"], data.related_tenant)
        ):
            raise InvalidInputError(errors)
        await update_versioned(BusinessRelation, relation_id, version, values, "relation")
    return await get_relation(relation_id)


async def delete_relation(relation_id: UUID, version: int) -> None:
    async with write_transaction():
        await delete_versioned(BusinessRelation, relation_id, version, "relation")


@dataclass(frozen=True, slots=True)
class RelationFact:
    id: UUID
    tenant: UUID
    name: str
    kind: str


async def relation_fact(relation_id: UUID) -> RelationFact | None:
    """A relation's tenant, name and kind (for referrals), or None."""
    row = await BusinessRelation.select().where(BusinessRelation.id == relation_id).first()
    if row is None:
        return None
    return RelationFact(row["id"], row["tenant"], row["name"], row["kind"])


# --- the scoring index --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Portfolio:
    stamp: tuple[Any, ...]
    index: scoring.MatchIndex
    briefs: list[tenants.TenantBrief]  # aligned with the index positions
    places: dict[UUID, leases.TenantPlace]


_cached: _Portfolio | None = None
_building = asyncio.Lock()


async def _profiles_stamp() -> tuple[int, str]:
    row = await BusinessProfile.select(
        Count(BusinessProfile.id).as_alias("n"), Max(BusinessProfile.updated_at).as_alias("m")
    ).first()
    return (0, "") if row is None else (int(row["n"]), str(row["m"]))


async def _stamp(today: date) -> tuple[Any, ...]:
    return (
        today,
        await tenants.tenants_stamp(),
        await _profiles_stamp(),
        await leases.leases_stamp(),
    )


def _facts(
    briefs: list[tenants.TenantBrief],
    profiles: dict[UUID, Row],
    places: dict[UUID, leases.TenantPlace],
) -> list[scoring.TenantFacts]:
    facts = []
    for brief in briefs:
        profile = profiles.get(brief.id)
        place = places.get(brief.id)
        markets = _json_list(profile["markets"]) if profile else []
        facts.append(
            scoring.TenantFacts(
                key=brief.id,
                industry=brief.industry,
                offers=tuple(_json_list(profile["offers"])) if profile else (),
                needs=tuple(_json_list(profile["needs"])) if profile else (),
                markets=tuple(markets) + brief.tags,
                building=None if place is None else place.building,
                floor=None if place is None else place.floor,
                is_anchor=brief.is_anchor,
            )
        )
    return facts


async def portfolio_index(today: date) -> _Portfolio:
    """The scoring index of every tenant, rebuilt only when the data or the day changed."""
    global _cached
    stamp = await _stamp(today)
    if _cached is not None and _cached.stamp == stamp:
        return _cached
    async with _building:
        if _cached is not None and _cached.stamp == stamp:
            return _cached
        briefs = await tenants.tenant_briefs()
        rows = await BusinessProfile.select(
            BusinessProfile.tenant,
            BusinessProfile.offers,
            BusinessProfile.needs,
            BusinessProfile.markets,
        )
        profiles = {r["tenant"]: r for r in rows}
        places = await leases.tenant_places(today)
        facts = _facts(briefs, profiles, places)
        index = await asyncio.to_thread(scoring.MatchIndex, facts)
        _cached = _Portfolio(stamp, index, briefs, places)
        return _cached


async def _outcomes() -> list[scoring.Outcome]:
    rows = await Introduction.select(
        Introduction.tenant.industry.as_alias("a"),
        Introduction.other.industry.as_alias("b"),
        Introduction.state,
    ).where(
        Introduction.state.is_in(
            [TieState.MET, TieState.DOING_BUSINESS, TieState.NO_FIT, TieState.DISMISSED]
        )
    )
    return [scoring.Outcome(r["a"], r["b"], r["state"]) for r in rows]


async def _introduced_pairs(tenant_ids: Iterable[UUID] | None = None) -> list[tuple[UUID, UUID]]:
    query = Introduction.select(Introduction.tenant, Introduction.other)
    if tenant_ids is not None:
        ids = list(tenant_ids)
        if not ids:
            return []  # no one to have introduced (and SQL has no empty IN list)
        query = query.where(Introduction.tenant.is_in(ids) | Introduction.other.is_in(ids))
    return [(r["tenant"], r["other"]) for r in await query]


def _suggestion_out(
    portfolio: _Portfolio, suggestion: scoring.Suggestion, feedback: scoring.Feedback
) -> SuggestionOut:
    index = portfolio.index
    mine, theirs = portfolio.briefs[suggestion.tenant], portfolio.briefs[suggestion.other]
    category = theirs.anchor_category
    return SuggestionOut(
        tenant=mine.id,
        tenant_name=mine.name,
        other=theirs.id,
        other_name=theirs.name,
        other_industry=theirs.industry,
        other_is_anchor=theirs.is_anchor,
        other_anchor_category=AnchorCategory(category) if category else None,
        score=_score(suggestion.score),
        reasons=scoring.reasons(
            index.facts[suggestion.tenant], index.facts[suggestion.other], suggestion, feedback
        ),
    )


async def suggestions(tenant_id: UUID, today: date, limit: int) -> SuggestionsOut:
    """The tenants ``tenant_id`` could best do business with, scored and explained."""
    portfolio = await portfolio_index(today)
    position = portfolio.index.position.get(tenant_id)
    if position is None:
        raise NotFoundError("tenant", tenant_id)
    feedback = scoring.Feedback(portfolio.index.industries, await _outcomes())
    excluded = {
        portfolio.index.position[other]
        for pair in await _introduced_pairs([tenant_id])
        for other in pair
        if other != tenant_id and other in portfolio.index.position
    }
    top = portfolio.index.top(position, limit, excluded, feedback)
    return SuggestionsOut(
        tenant=tenant_id,
        tenant_name=portfolio.briefs[position].name,
        candidates=len(portfolio.index) - 1,
        items=[_suggestion_out(portfolio, s, feedback) for s in top],
    )


async def suggestions_for_building(
    building_id: UUID, today: date, limit: int
) -> list[SuggestionsOut]:
    """Suggestions for every tenant sitting in a building (scored in batches)."""
    portfolio = await portfolio_index(today)
    index = portfolio.index
    members = [
        index.position[tenant]
        for tenant, place in portfolio.places.items()
        if place.building == building_id and tenant in index.position
    ]
    members.sort()
    member_ids = [portfolio.briefs[m].id for m in members]
    feedback = scoring.Feedback(index.industries, await _outcomes())
    excluded: dict[int, set[int]] = {m: set() for m in members}
    for a, b in await _introduced_pairs(member_ids):
        pa, pb = index.position.get(a), index.position.get(b)
        if pa is not None and pb is not None:
            excluded.setdefault(pa, set()).add(pb)
            excluded.setdefault(pb, set()).add(pa)
    found = index.top_many(np.array(members, dtype=np.int64), limit, excluded, feedback)
    return [
        SuggestionsOut(
            tenant=portfolio.briefs[m].id,
            tenant_name=portfolio.briefs[m].name,
            candidates=len(index) - 1,
            items=[_suggestion_out(portfolio, s, feedback) for s in top],
        )
        for m, top in zip(members, found, strict=True)
    ]


async def building_ties(building_id: UUID, today: date, limit: int) -> list[SuggestionOut]:
    """The best new ties between tenants sitting in the same building, best first."""
    await buildings.get_building(building_id)  # 404 for a building that does not exist
    portfolio = await portfolio_index(today)
    index = portfolio.index
    members = sorted(
        index.position[tenant]
        for tenant, place in portfolio.places.items()
        if place.building == building_id and tenant in index.position
    )
    excluded: set[tuple[int, int]] = set()
    for a, b in await _introduced_pairs([portfolio.briefs[m].id for m in members]):
        pa, pb = index.position.get(a), index.position.get(b)
        if pa is not None and pb is not None:
            excluded |= {(pa, pb), (pb, pa)}
    feedback = scoring.Feedback(index.industries, await _outcomes())
    ties = index.building_ties(np.array(members, dtype=np.int64), limit, excluded, feedback)
    return [_suggestion_out(portfolio, t, feedback) for t in ties]


# --- introductions ------------------------------------------------------------------------

INTRO_COLUMNS = (
    *Introduction._meta.columns,
    Introduction.tenant.name.as_alias("tenant_name"),
    Introduction.other.name.as_alias("other_name"),
)


def _pair_key(a: UUID, b: UUID) -> str:
    return "/".join(sorted((str(a), str(b))))


def _intro_out(row: Row) -> IntroductionOut:
    state = TieState(row["state"])
    return IntroductionOut(
        id=row["id"],
        tenant=row["tenant"],
        tenant_name=row["tenant_name"],
        other=row["other"],
        other_name=row["other_name"],
        state=state,
        score=None if row["score"] is None else _score(row["score"]),
        reasons=_json_list(row["reasons"]),
        allowed=list(TIE_WORKFLOW.allowed(state)),
        notes=row["notes"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def get_introduction(introduction_id: UUID) -> IntroductionOut:
    row = (
        await Introduction.select(*INTRO_COLUMNS).where(Introduction.id == introduction_id).first()
    )
    if row is None:
        raise NotFoundError("introduction", introduction_id)
    return _intro_out(row)


async def list_introductions(
    limit: int, offset: int, tenant: UUID | None = None, state: TieState | None = None
) -> Page[IntroductionOut]:
    """Introductions, latest change first, of a tenant (either side) or in a state."""
    where: list[Combinable] = []
    if tenant is not None:
        where.append((Introduction.tenant == tenant) | (Introduction.other == tenant))
    if state is not None:
        where.append(Introduction.state == state.value)
    query = (
        Introduction.select(*INTRO_COLUMNS)
        .order_by(Introduction.updated_at, ascending=False)
        .order_by(Introduction.id)
    )
    count = Introduction.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[_intro_out(r) for r in rows], total=await count, limit=limit, offset=offset)


async def _pair_score(tenant: UUID, other: UUID, today: date) -> tuple[float | None, list[str]]:
    """The pair's score and reasons now, as a suggestion would show them."""
    portfolio = await portfolio_index(today)
    index = portfolio.index
    a, b = index.position.get(tenant), index.position.get(other)
    if a is None or b is None:
        return None, []
    feedback = scoring.Feedback(index.industries, await _outcomes())
    score, parts, multiplier = index.scores(
        np.array([a]), feedback, cols=np.array([b], dtype=np.int64)
    )
    suggestion = scoring.Suggestion(
        a,
        b,
        round(float(score[0, 0]), 2),
        {name: float(value[0, 0]) for name, value in parts.items()},
        float(multiplier[0, 0]),
    )
    return suggestion.score, scoring.reasons(index.facts[a], index.facts[b], suggestion, feedback)


async def record_introduction(data: IntroductionIn, today: date) -> IntroductionOut:
    """Record an introduction (or a dismissal) between two tenants; a pair has one (409)."""
    errors = []
    if data.state not in _FIRST_STATES:
        errors.append(FieldError("state", "must be suggested, introduced or dismissed"))
    if data.tenant == data.other:
        errors.append(FieldError("other", "must be another tenant"))
    for name, ident in (("tenant", data.tenant), ("other", data.other)):
        if not await tenants.tenant_exists(ident):
            errors.append(FieldError(name, "no such tenant"))
    if errors:
        raise InvalidInputError(errors)
    score, why = await _pair_score(data.tenant, data.other, today)
    key = _pair_key(data.tenant, data.other)
    try:
        async with write_transaction():
            earlier = await Introduction.select(Introduction.id, Introduction.state).where(
                Introduction.pair_key == key
            )
            if earlier:
                raise _duplicate(earlier[0])
            inserted = await Introduction.insert(
                Introduction(
                    tenant=data.tenant,
                    other=data.other,
                    pair_key=key,
                    state=data.state.value,
                    score=score,
                    reasons=why,
                    notes=data.notes,
                )
            ).returning(Introduction.id)
            introduction_id: UUID = inserted[0]["id"]
            await audit.record(
                SUBJECT,
                introduction_id,
                "recorded",
                to_state=data.state.value,
                detail={"tenant": str(data.tenant), "other": str(data.other), "score": score},
            )
    except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
        raise ConflictError("these two tenants already have an introduction") from error
    return await get_introduction(introduction_id)


def _duplicate(row: Row) -> ConflictError:
    return ConflictError(
        f"these two tenants already have an introduction ({row['state']})",
        [{"resource": "introduction", "id": str(row["id"]), "state": row["state"]}],
    )


async def transition_introduction(
    introduction_id: UUID, data: IntroductionTransitionIn
) -> IntroductionOut:
    """Move an introduction on: introduced, met, doing business, or no fit / dismissed."""
    async with write_transaction():
        row = await lock_or_404(Introduction, introduction_id, "introduction")
        current, target = TieState(row["state"]), data.to
        if (illegal := TIE_WORKFLOW.check(current, target)) is not None:
            raise IllegalTransitionError(
                "introduction", introduction_id, current.value, target.value, list(illegal.allowed)
            )
        notes = row["notes"] if not data.notes else f"{row['notes']}\n{data.notes}".strip()
        await update_versioned(
            Introduction,
            introduction_id,
            row["version"],
            {"state": target.value, "notes": notes},
            "introduction",
        )
        await audit.record(
            SUBJECT,
            introduction_id,
            "transition",
            from_state=current.value,
            to_state=target.value,
            detail={"notes": data.notes} if data.notes else {},
        )
        return await get_introduction(introduction_id)


async def link_relation(relation_id: UUID, tenant_id: UUID) -> None:
    """Record that a relation's firm is now a tenant (a referral signed); joins the caller's
    write transaction."""
    async with write_transaction():
        await BusinessRelation.update({BusinessRelation.related_tenant: tenant_id}).where(
            BusinessRelation.id == relation_id
        )
