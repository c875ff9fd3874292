"""API models of care: contacts as logged, plans, overrides, due contacts and coverage."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from tenantcrm.care.enums import ContactKind, PlanSource, Sentiment
from tenantcrm.core.schemas import BusinessDate, Model, OutModel, PatchModel, Ratio, Version
from tenantcrm.tenants.enums import Tier

MAX_INTERVAL_MONTHS = 120

_PERSON = "The tenant's contact person met or called (one of the tenant's contacts)"
_MANAGER = "The manager who made the contact (default: the tenant's manager)"


class CareContactIn(Model):
    tenant: UUID
    kind: ContactKind
    day: BusinessDate = Field(description="When the contact was made (not after today)")
    person: UUID | None = Field(default=None, description=_PERSON)
    manager: UUID | None = Field(default=None, description=_MANAGER)
    notes: str = Field(default="", max_length=10_000)
    sentiment: Sentiment | None = None
    outcome: str = Field(default="", max_length=5_000)
    follow_up_on: BusinessDate | None = Field(
        default=None, description="When to follow up (on or after the contact's day)"
    )
    follow_up_done: bool = False


class CareContactPatch(PatchModel):
    """Correct a logged contact; null clears the person, manager, sentiment or follow-up day."""

    nullable = frozenset({"person", "manager", "sentiment", "follow_up_on"})

    kind: ContactKind | None = None
    day: BusinessDate | None = None
    person: UUID | None = Field(default=None, description=_PERSON)
    manager: UUID | None = None
    notes: str | None = Field(default=None, max_length=10_000)
    sentiment: Sentiment | None = None
    outcome: str | None = Field(default=None, max_length=5_000)
    follow_up_on: BusinessDate | None = None
    follow_up_done: bool | None = None
    version: Version | None = Field(default=None, description="or send an If-Match header")


class CareContactOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    kind: ContactKind
    day: date
    person: UUID | None
    person_name: str | None
    manager: UUID | None
    manager_name: str | None
    notes: str
    sentiment: Sentiment | None
    outcome: str
    follow_up_on: date | None
    follow_up_done: bool
    version: int
    created_at: datetime


class PlanItemOut(OutModel):
    kind: ContactKind
    interval_months: int
    source: PlanSource = Field(description="tier, anchor, override or step_up (near expiry)")
    last_contact: date | None
    next_due: date
    overdue: bool


class OverrideIn(Model):
    """Set a kind's interval for this tenant, or disable the kind (exactly one of the two)."""

    interval_months: int | None = Field(default=None, ge=1, le=MAX_INTERVAL_MONTHS)
    disabled: bool = False
    version: Version | None = Field(
        default=None, description="Replacing an existing override: the version you edited"
    )


class OverrideOut(OutModel):
    tenant: UUID
    kind: ContactKind
    interval_months: int | None
    disabled: bool
    version: int


class CarePlanOut(OutModel):
    tenant: UUID
    tenant_name: str
    tier: Tier
    care_tier: Tier = Field(description="The tier cared for as: one up for a high annual rent")
    is_anchor: bool
    manager: UUID | None
    owed: bool = Field(description="Whether the tenant holds a lease in force (care is owed)")
    next_expiry: date | None = Field(description="Nearest end of a lease in force, not renewed")
    months_to_expiry: int | None
    items: list[PlanItemOut]
    overrides: list[OverrideOut]


class DueContactOut(OutModel):
    tenant: UUID
    tenant_name: str
    manager: UUID | None
    manager_name: str | None
    buildings: list[UUID]
    kind: ContactKind
    interval_months: int
    source: PlanSource
    last_contact: date | None
    next_due: date
    overdue: bool


class CoverageFigures(OutModel):
    tenants: int = Field(description="Tenants owed care (holding a lease in force)")
    on_schedule: int = Field(description="Of them, with no contact overdue")
    overdue: int
    rate: Ratio = Field(description="on_schedule / tenants, 4 places (0 when no tenant)")


class ManagerCoverage(CoverageFigures):
    manager: UUID | None = Field(description="null: tenants without a manager")
    manager_name: str | None


class BuildingCoverage(CoverageFigures):
    building: UUID
    building_name: str


class CoverageOut(OutModel):
    on: date
    total: CoverageFigures
    by_manager: list[ManagerCoverage]
    by_building: list[BuildingCoverage]
