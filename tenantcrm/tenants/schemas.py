"""API models of tenants and contacts."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import EmailStr, Field, StringConstraints, field_validator

from tenantcrm.core.schemas import DecimalString, Model, OutModel, PatchModel, Version
from tenantcrm.leases.schemas import LeaseOut
from tenantcrm.tenants.enums import AnchorCategory, Industry, Tier

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Website = Annotated[str, StringConstraints(max_length=300, pattern=r"^(https?://\S+)?$")]
_EVIDENCE = "What shows an anchor's category: the ranking and year, the listing, the accreditation"


class TenantIn(Model):
    name: str = Field(min_length=1, max_length=300, description="Trading name, in any script")
    legal_name: str = Field(default="", max_length=300)
    industry: Industry
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)
    website: Website = ""
    tier: Tier = Tier.STANDARD
    is_anchor: bool = False
    anchor_category: AnchorCategory | None = Field(
        default=None, description="Required when is_anchor, refused otherwise"
    )
    anchor_evidence: str = Field(default="", max_length=5_000, description=_EVIDENCE)
    tags: list[Tag] = Field(default_factory=list, max_length=30)
    notes: str = Field(default="", max_length=10_000)
    manager: UUID | None = Field(default=None, description="The user who looks after the tenant")


class TenantPatch(PatchModel):
    nullable = frozenset({"headcount", "anchor_category", "manager"})

    name: str | None = Field(default=None, min_length=1, max_length=300)
    legal_name: str | None = Field(default=None, max_length=300)
    industry: Industry | None = None
    headcount: int | None = Field(default=None, ge=0, le=1_000_000)
    website: Website | None = None
    tier: Tier | None = None
    is_anchor: bool | None = None
    anchor_category: AnchorCategory | None = None
    anchor_evidence: str | None = Field(default=None, max_length=5_000, description=_EVIDENCE)
    tags: list[Tag] | None = Field(default=None, max_length=30)
    notes: str | None = Field(default=None, max_length=10_000)
    manager: UUID | None = None
    version: Version | None = Field(default=None, description="or send an If-Match header")


class TenantOut(OutModel):
    id: UUID
    name: str
    legal_name: str
    industry: Industry
    headcount: int | None
    website: str
    tier: Tier
    is_anchor: bool
    anchor_category: AnchorCategory | None
    anchor_evidence: str
    tags: list[str]
    notes: str
    manager: UUID | None
    version: int
    created_at: datetime

    @field_validator("tags", mode="before")
    @classmethod
    def _decode_tags(cls, value: object) -> object:
        """Rows returned by an INSERT/UPDATE hold the JSON column as text."""
        return json.loads(value) if isinstance(value, str) else value


class TenantListItem(TenantOut):
    active_leases: int = Field(description="Leases in force (status active)")
    next_expiry: date | None = Field(description="Earliest end date of its active leases")


class TenantSort(StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    CREATED = "created_at"
    CREATED_DESC = "-created_at"
    HEADCOUNT = "headcount"
    HEADCOUNT_DESC = "-headcount"
    TIER = "tier"
    INDUSTRY = "industry"


class ContactIn(Model):
    tenant: UUID
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=200)
    email: EmailStr | None = None
    phone: str = Field(default="", max_length=50, pattern=r"^[0-9+()\-. ]*$")
    is_executive: bool = False
    is_admin_head: bool = False


class ContactPatch(PatchModel):
    nullable = frozenset({"email"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=50, pattern=r"^[0-9+()\-. ]*$")
    is_executive: bool | None = None
    is_admin_head: bool | None = None
    version: Version | None = Field(default=None, description="or send an If-Match header")


class ContactOut(OutModel):
    id: UUID
    tenant: UUID
    name: str
    role: str
    email: str
    phone: str
    is_executive: bool
    is_admin_head: bool
    version: int


class MonthlyRent(OutModel):
    currency: str
    monthly_rent: DecimalString


class TenantView(OutModel):
    """The tenant 360: who it is, who to call, what it rents and pays."""

    tenant: TenantOut
    contacts: list[ContactOut]
    current_leases: list[LeaseOut] = Field(description="Active and draft leases")
    past_leases: list[LeaseOut] = Field(description="Ended and renewed cycles, newest first")
    current_rent: list[MonthlyRent] = Field(
        description="Face rent in force on the day, per currency (leases may be in several)"
    )
    leased_area: DecimalString
    on: date
