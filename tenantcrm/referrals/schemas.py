"""API models of referrals: prospects, their transitions (signing one makes a tenant and a
lease, and may reward the referrer), and the funnel figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from tenantcrm.benefits.enums import BenefitKind
from tenantcrm.core.schemas import (
    Area,
    BusinessDate,
    DecimalString,
    FourPlaces,
    Model,
    Money,
    OutModel,
    PatchModel,
    Version,
)
from tenantcrm.leases.schemas import RentStepIn
from tenantcrm.referrals.enums import ReferralRelation, ReferralStage
from tenantcrm.tenants.enums import Industry


class ReferralIn(Model):
    """A prospect referred by a tenant. Name it, or point at one of the tenant's relations."""

    referrer: UUID | None = Field(default=None, description="The referring tenant")
    relation_id: UUID | None = Field(
        default=None, description="The referrer's business relation (gives referrer and name)"
    )
    name: str | None = Field(default=None, min_length=1, max_length=300)
    relation: ReferralRelation | None = Field(
        default=None, description="How it is related to the referrer (from the relation)"
    )
    contact: str = Field(default="", max_length=300, description="Who to talk to, how")
    space_need: str = Field(default="", max_length=5_000, description="What space it may need")
    area_wanted: Area | None = Field(default=None, description="Square metres, if known")
    building: UUID | None = Field(default=None, description="The building it may move into")
    notes: str = Field(default="", max_length=10_000)


class ReferralPatch(PatchModel):
    nullable = frozenset({"area_wanted", "building"})

    name: str | None = Field(default=None, min_length=1, max_length=300)
    contact: str | None = Field(default=None, max_length=300)
    space_need: str | None = Field(default=None, max_length=5_000)
    area_wanted: Area | None = None
    building: UUID | None = None
    notes: str | None = Field(default=None, max_length=10_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class NewTenantIn(Model):
    """The tenant the prospect becomes; its name defaults to the prospect's."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    legal_name: str = Field(default="", max_length=300)
    industry: Industry
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)


class NewLeaseIn(Model):
    """The lease it signs (active from signing, units of one building)."""

    units: list[UUID] = Field(min_length=1, max_length=200)
    start_date: BusinessDate
    end_date: BusinessDate
    base_rent: Money
    deposit: Money = Field(default=Decimal("0.00"))
    incentive: Money = Field(default=Decimal("0.00"))
    notice_months: int = Field(default=6, ge=0, le=60)
    rent_steps: list[RentStepIn] = Field(default_factory=list, max_length=240)


class RewardIn(Model):
    """A reward for the referrer, recorded as a benefit granted to it (origin referral)."""

    kind: BenefitKind = BenefitKind.RENT_CONCESSION
    title: str = Field(default="Referral reward", max_length=200)
    lease: UUID | None = Field(default=None, description="The referrer's lease, for a rent credit")
    building: UUID | None = None
    resource: UUID | None = None
    start_date: BusinessDate
    end_date: BusinessDate
    quantity: int = Field(default=1, ge=1, le=10_000)
    monthly_amount: Money | None = None
    annual_cost: Money | None = None


class ReferralTransitionIn(Model):
    to: ReferralStage
    reason: str | None = Field(default=None, max_length=2_000, description="Required with lost")
    tenant: NewTenantIn | None = Field(default=None, description="Required with signed")
    lease: NewLeaseIn | None = Field(default=None, description="Required with signed")
    reward: RewardIn | None = Field(default=None, description="With signed: optional reward")


class ReferralOut(OutModel):
    id: UUID
    referrer: UUID
    referrer_name: str
    relation_id: UUID | None
    name: str
    relation: ReferralRelation
    contact: str
    space_need: str
    area_wanted: DecimalString | None
    building: UUID | None
    stage: ReferralStage
    allowed: list[ReferralStage]
    lost_reason: str
    signed_on: date | None
    new_tenant: UUID | None
    new_lease: UUID | None
    area_won: DecimalString | None
    annual_rent_won: DecimalString | None
    currency: str | None
    reward_grant: UUID | None = Field(description="The benefit granted to the referrer")
    notes: str
    version: int
    created_at: datetime


class StageCount(OutModel):
    stage: ReferralStage
    count: int


class RentWon(OutModel):
    currency: str
    annual_rent: DecimalString


class ReferrerFigures(OutModel):
    referrer: UUID
    referrer_name: str
    signed: int
    leads: int


class ReferralFiguresOut(OutModel):
    building: UUID | None
    first: date | None
    last: date | None
    leads: int
    by_stage: list[StageCount]
    signed: int
    lost: int
    open: int
    conversion: FourPlaces | None = Field(description="signed / leads")
    win_rate: FourPlaces | None = Field(description="signed / (signed + lost)")
    area_won: DecimalString = Field(description="m² let by the signed leases")
    rent_won: list[RentWon] = Field(description="Annual rent of the signed leases at signing")
    referrers: list[ReferrerFigures] = Field(description="Best referrers first (at most 20)")
