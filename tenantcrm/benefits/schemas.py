"""API models of benefits: the catalogue, the resource inventory, grants and their figures."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from tenantcrm.benefits.enums import BenefitKind, GrantOrigin, ResourceKind
from tenantcrm.core.schemas import (
    BusinessDate,
    DecimalString,
    Model,
    Money,
    OutModel,
    PatchModel,
    Version,
)
from tenantcrm.tenants.enums import AnchorCategory

_CODE = "The resource's code in the building, such as P2-017 or B1-04"
_COST = "Cost to the owner per year; a rent concession defaults to 12 x its monthly amount"


class BenefitKindOut(OutModel):
    kind: BenefitKind
    label: str
    resource_kind: ResourceKind | None = Field(
        description="The kind of limited resource a grant of this kind may name"
    )


class ResourceIn(Model):
    building: UUID
    kind: ResourceKind
    code: str = Field(min_length=1, max_length=40, description=_CODE)
    location: str = Field(default="", max_length=200, description="Where it is: level, zone")
    notes: str = Field(default="", max_length=5_000)


class ResourcePatch(PatchModel):
    code: str | None = Field(default=None, min_length=1, max_length=40, description=_CODE)
    location: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=5_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class HolderOut(OutModel):
    grant: UUID
    tenant: UUID
    tenant_name: str
    start_date: date
    end_date: date


class ResourceOut(OutModel):
    id: UUID
    building: UUID
    building_name: str
    kind: ResourceKind
    code: str
    location: str
    notes: str
    holder: HolderOut | None = Field(description="The grant holding it on the day asked, if any")
    version: int
    created_at: datetime


class GrantIn(Model):
    tenant: UUID
    kind: BenefitKind
    building: UUID | None = Field(
        default=None, description="Required unless the lease or the resource names it"
    )
    title: str = Field(default="", max_length=200, description="Required for a custom benefit")
    lease: UUID | None = Field(default=None, description="The lease a rent concession reduces")
    resource: UUID | None = Field(default=None, description="The concrete bay, room or slot")
    start_date: BusinessDate
    end_date: BusinessDate = Field(description="Last day of the grant (inclusive)")
    quantity: int = Field(default=1, ge=1, le=10_000, description="Spaces, rooms, hours …")
    monthly_amount: Money | None = Field(
        default=None, description="A rent concession's amount off the monthly rent"
    )
    annual_cost: Money | None = Field(default=None, description=_COST)
    origin: GrantOrigin = GrantOrigin.ANCHOR_POLICY
    notes: str = Field(default="", max_length=5_000)


class GrantPatch(PatchModel):
    """Change a grant's end, quantity, amounts or notes (a withdrawn grant is deleted)."""

    title: str | None = Field(default=None, max_length=200)
    end_date: BusinessDate | None = None
    quantity: int | None = Field(default=None, ge=1, le=10_000)
    monthly_amount: Money | None = None
    annual_cost: Money | None = None
    notes: str | None = Field(default=None, max_length=5_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class GrantOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    tenant_is_anchor: bool
    anchor_category: AnchorCategory | None
    building: UUID
    building_name: str
    kind: BenefitKind
    kind_label: str
    title: str
    lease: UUID | None
    resource: UUID | None
    resource_code: str | None
    start_date: date
    end_date: date
    quantity: int
    monthly_amount: DecimalString | None
    annual_cost: DecimalString
    currency: str
    origin: GrantOrigin
    in_force: bool = Field(description="Whether it is in force on the day asked")
    notes: str
    version: int
    created_at: datetime


class CurrencyFigures(OutModel):
    currency: str
    benefits_in_force: int
    annual_cost: DecimalString = Field(description="Cost per year of the benefits in force")
    anchor_annual_rent: DecimalString = Field(
        description="12 x the face rent of the anchors' leases in force on the day"
    )
    cost_share: DecimalString | None = Field(
        description="Annual cost as % of the anchors' annual rent (null without anchor rent)"
    )


class KindFigures(OutModel):
    kind: BenefitKind
    benefits_in_force: int
    quantity: int


class BenefitSummaryOut(OutModel):
    on: date
    building: UUID | None = Field(description="Null for the whole portfolio")
    window_days: int
    by_currency: list[CurrencyFigures]
    by_kind: list[KindFigures]
    expiring: list[GrantOut] = Field(description="Grants in force ending within the window")
