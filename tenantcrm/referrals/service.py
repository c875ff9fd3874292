"""Use cases of referrals: record prospects referred by tenants, move them through the stages;
signing one creates its tenant and lease (through their services) and credits the referrer,
optionally with a reward granted as a benefit, all in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from piccolo.columns.combination import Combinable

from tenantcrm.audit import service as audit
from tenantcrm.benefits import service as benefits
from tenantcrm.benefits.enums import GrantOrigin
from tenantcrm.benefits.schemas import GrantIn
from tenantcrm.buildings import service as buildings
from tenantcrm.core.errors import (
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import Row, lock_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.schemas import LeaseIn
from tenantcrm.matchmaking import service as matchmaking
from tenantcrm.referrals.enums import ReferralRelation, ReferralStage
from tenantcrm.referrals.funnel import REFERRAL_WORKFLOW, ReferralFact, funnel
from tenantcrm.referrals.schemas import (
    ReferralFiguresOut,
    ReferralIn,
    ReferralOut,
    ReferralPatch,
    ReferralTransitionIn,
    ReferrerFigures,
    RentWon,
    StageCount,
)
from tenantcrm.referrals.tables import Referral
from tenantcrm.tenants import service as tenants
from tenantcrm.tenants.schemas import TenantIn

SUBJECT = "referral"

COLUMNS = (*Referral._meta.columns, Referral.referrer.name.as_alias("referrer_name"))


def _money(minor: int | None) -> Decimal | None:
    return None if minor is None else from_minor(minor)


def _out(row: Row) -> ReferralOut:
    stage = ReferralStage(row["stage"])
    return ReferralOut(
        id=row["id"],
        referrer=row["referrer"],
        referrer_name=row["referrer_name"],
        relation_id=row["relation_id"],
        name=row["name"],
        relation=ReferralRelation(row["relation"]),
        contact=row["contact"],
        space_need=row["space_need"],
        area_wanted=_money(row["area_wanted_centi"]),
        building=row["building"],
        stage=stage,
        allowed=list(REFERRAL_WORKFLOW.allowed(stage)),
        lost_reason=row["lost_reason"],
        signed_on=row["signed_on"],
        new_tenant=row["new_tenant"],
        new_lease=row["new_lease"],
        area_won=_money(row["area_centi"]),
        annual_rent_won=_money(row["annual_rent_minor"]),
        currency=row["currency"],
        reward_grant=row["reward_grant"],
        notes=row["notes"],
        version=row["version"],
        created_at=row["created_at"],
    )


async def get_referral(referral_id: UUID) -> ReferralOut:
    row = await Referral.select(*COLUMNS).where(Referral.id == referral_id).first()
    if row is None:
        raise NotFoundError("referral", referral_id)
    return _out(row)


def _filters(
    referrer: UUID | None, stage: ReferralStage | None, building: UUID | None
) -> list[Combinable]:
    where: list[Combinable] = []
    if referrer is not None:
        where.append(Referral.referrer == referrer)
    if stage is not None:
        where.append(Referral.stage == stage.value)
    if building is not None:
        where.append(Referral.building == building)
    return where


async def list_referrals(
    limit: int,
    offset: int,
    referrer: UUID | None = None,
    stage: ReferralStage | None = None,
    building: UUID | None = None,
) -> Page[ReferralOut]:
    """Referrals, latest first, by referrer, stage or building."""
    where = _filters(referrer, stage, building)
    query = (
        Referral.select(*COLUMNS)
        .order_by(Referral.created_at, ascending=False)
        .order_by(Referral.id)
    )
    count = Referral.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(items=[_out(r) for r in rows], total=await count, limit=limit, offset=offset)


async def _building_errors(building: UUID | None) -> list[FieldError]:
    if building is None:
        return []
    try:
        await buildings.get_building(building)
    except NotFoundError:
        return [FieldError("building", "no such building")]
    return []


async def create_referral(data: ReferralIn) -> ReferralOut:
    """Record a prospect: from one of the referrer's relations, or named outright."""
    errors: list[FieldError] = []
    referrer, name, relation = data.referrer, data.name, data.relation
    if data.relation_id is not None:
        fact = await matchmaking.relation_fact(data.relation_id)
        if fact is None:
            errors.append(FieldError("relation_id", "no such relation"))
        else:
            if referrer is not None and referrer != fact.tenant:
                errors.append(FieldError("relation_id", "is a relation of another tenant"))
            referrer = fact.tenant
            name = name or fact.name
            relation = relation or ReferralRelation(fact.kind)
    if referrer is None:
        errors.append(FieldError("referrer", "is required unless relation_id names it"))
    elif not await tenants.tenant_exists(referrer):
        errors.append(FieldError("referrer", "no such tenant"))
    if name is None:
        errors.append(FieldError("name", "is required unless relation_id names it"))
    errors += await _building_errors(data.building)
    if errors or referrer is None or name is None:
        raise InvalidInputError(errors)
    async with write_transaction():
        inserted = await Referral.insert(
            Referral(
                referrer=referrer,
                relation_id=data.relation_id,
                name=name,
                relation=(relation or ReferralRelation.OTHER).value,
                contact=data.contact,
                space_need=data.space_need,
                area_wanted_centi=None if data.area_wanted is None else to_minor(data.area_wanted),
                building=data.building,
                notes=data.notes,
            )
        ).returning(Referral.id)
        referral_id: UUID = inserted[0]["id"]
        await audit.record(
            SUBJECT,
            referral_id,
            "recorded",
            to_state=ReferralStage.LEAD.value,
            detail={"referrer": str(referrer), "name": name},
        )
    return await get_referral(referral_id)


async def update_referral(referral_id: UUID, data: ReferralPatch, version: int) -> ReferralOut:
    values: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"version"})
    if "area_wanted" in values:
        area = values.pop("area_wanted")
        values["area_wanted_centi"] = None if area is None else to_minor(area)
    if errors := await _building_errors(values.get("building")):
        raise InvalidInputError(errors)
    async with write_transaction():
        await lock_or_404(Referral, referral_id, "referral")
        await update_versioned(Referral, referral_id, version, values, "referral")
    return await get_referral(referral_id)


def _prefixed(prefix: str, error: InvalidInputError) -> list[FieldError]:
    return [FieldError(f"{prefix}.{e.field}", e.message) for e in error.errors]


async def transition(referral_id: UUID, data: ReferralTransitionIn, today: date) -> ReferralOut:
    """Move a referral on. ``signed`` creates the tenant and its lease and credits the referrer
    (with the reward, if any, granted as a benefit): all or nothing."""
    async with write_transaction():
        row = await lock_or_404(Referral, referral_id, "referral")
        current, target = ReferralStage(row["stage"]), data.to
        if (illegal := REFERRAL_WORKFLOW.check(current, target)) is not None:
            raise IllegalTransitionError(
                "referral", referral_id, current.value, target.value, list(illegal.allowed)
            )
        values: dict[str, Any] = {"stage": target.value}
        detail: dict[str, Any] = {}
        if target is ReferralStage.LOST:
            if not (data.reason or "").strip():
                raise InvalidInputError([FieldError("reason", "is required to mark it lost")])
            values["lost_reason"] = data.reason
            detail["reason"] = data.reason
        elif target is ReferralStage.SIGNED:
            values |= await _sign(row, data, today)
            detail |= {k: str(v) for k, v in values.items() if k != "stage"}
        await update_versioned(Referral, referral_id, row["version"], values, "referral")
        await audit.record(
            SUBJECT,
            referral_id,
            "transition",
            from_state=current.value,
            to_state=target.value,
            detail=detail,
        )
        return await get_referral(referral_id)


async def _sign(row: Row, data: ReferralTransitionIn, today: date) -> dict[str, Any]:
    """Create the tenant, its lease and the referrer's reward; the referral's new values."""
    missing = [
        FieldError(name, "is required to sign")
        for name in ("tenant", "lease")
        if getattr(data, name) is None
    ]
    if missing or data.tenant is None or data.lease is None:
        raise InvalidInputError(missing)
    try:
        tenant = await tenants.create_tenant(
            TenantIn(
                name=data.tenant.name or row["name"],
                legal_name=data.tenant.legal_name,
                industry=data.tenant.industry,
                headcount=data.tenant.headcount,
                notes=f"Referred by tenant {row['referrer']} ({row['relation']})",
            )
        )
    except InvalidInputError as error:
        raise InvalidInputError(_prefixed("tenant", error)) from error
    try:
        lease = await leases.create_lease(
            LeaseIn(
                tenant=tenant.id,
                status=LeaseStatus.ACTIVE,
                **data.lease.model_dump(),
            ),
            today,
        )
    except InvalidInputError as error:
        raise InvalidInputError(_prefixed("lease", error)) from error
    reward: UUID | None = None
    if data.reward is not None:
        try:
            reward = await benefits.grant_within(
                GrantIn(
                    tenant=row["referrer"],
                    origin=GrantOrigin.REFERRAL_REWARD,
                    notes=f"Referral of {row['name']}, signed {today.isoformat()}",
                    **data.reward.model_dump(),
                )
            )
        except InvalidInputError as error:
            raise InvalidInputError(_prefixed("reward", error)) from error
    if row["relation_id"] is not None:
        await matchmaking.link_relation(row["relation_id"], tenant.id)
    monthly = lease.current_rent if lease.current_rent is not None else lease.base_rent
    return {
        "signed_on": today,
        "new_tenant": tenant.id,
        "new_lease": lease.id,
        "building": lease.building,
        "area_centi": to_minor(lease.area),
        "annual_rent_minor": to_minor(monthly * 12),
        "currency": lease.currency,
        "reward_grant": reward,
    }


async def figures(
    building: UUID | None = None, first: date | None = None, last: date | None = None
) -> ReferralFiguresOut:
    """The funnel of referrals recorded from ``first`` to ``last`` (of a building or all)."""
    where = _filters(None, None, building)
    rows = (
        await Referral.select(*COLUMNS).where(*where) if where else await Referral.select(*COLUMNS)
    )
    chosen = [
        r
        for r in rows
        if (first is None or r["created_at"].date() >= first)
        and (last is None or r["created_at"].date() <= last)
    ]
    names = {r["referrer"]: r["referrer_name"] for r in chosen}
    result = funnel(
        [
            ReferralFact(
                referrer=r["referrer"],
                stage=ReferralStage(r["stage"]),
                area=from_minor(r["area_centi"] or 0),
                annual_rent=from_minor(r["annual_rent_minor"] or 0),
                currency=r["currency"],
            )
            for r in chosen
        ]
    )
    return ReferralFiguresOut(
        building=building,
        first=first,
        last=last,
        leads=result.leads,
        by_stage=[StageCount(stage=s, count=n) for s, n in result.by_stage.items()],
        signed=result.signed,
        lost=result.lost,
        open=result.open,
        conversion=result.conversion,
        win_rate=result.win_rate,
        area_won=result.area_won,
        rent_won=[RentWon(currency=c, annual_rent=a) for c, a in result.rent_won.items()],
        referrers=[
            ReferrerFigures(referrer=r, referrer_name=names[r], signed=s, leads=n)
            for r, s, n in result.referrers[:20]
            if isinstance(r, UUID)
        ],
    )
