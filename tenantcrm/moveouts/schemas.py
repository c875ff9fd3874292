"""API models of move-outs and the churn-reason taxonomy."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from tenantcrm.core.schemas import BusinessDate, DecimalString, Model, OutModel, PatchModel, Version
from tenantcrm.moveouts.churn import ChurnClass, MoveOutReason

_OVERRIDE = (
    "Count this move-out under the other churn class than its reason's; needs a justification"
)
_JUSTIFICATION = "Why the class differs from the reason's (required with an override)"


class MoveOutIn(Model):
    lease: UUID = Field(description="The active lease whose occupancy ends")
    day: BusinessDate = Field(
        description="Last day of occupancy, inside the lease term; the units are vacant after it"
    )
    reason: MoveOutReason = Field(description="Why the tenant leaves (see /api/churn-reasons)")
    class_override: ChurnClass | None = Field(default=None, description=_OVERRIDE)
    justification: str = Field(default="", max_length=5_000, description=_JUSTIFICATION)
    notes: str = Field(default="", max_length=10_000)


class MoveOutPatch(PatchModel):
    """Reclassify or annotate a move-out. ``class_override`` null removes an override."""

    nullable = frozenset({"class_override"})

    reason: MoveOutReason | None = None
    class_override: ChurnClass | None = Field(default=None, description=_OVERRIDE)
    justification: str | None = Field(default=None, max_length=5_000, description=_JUSTIFICATION)
    notes: str | None = Field(default=None, max_length=10_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class MoveOutOut(OutModel):
    id: UUID
    lease: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    building_name: str
    day: date = Field(description="Last day of occupancy")
    reason: MoveOutReason
    reason_label: str
    churn_class: ChurnClass = Field(description="The class the move-out counts under")
    class_overridden: bool = Field(description="Whether the class differs from the reason's")
    justification: str
    area: DecimalString = Field(description="Square metres held on the day")
    annual_rent: DecimalString = Field(description="12 x the monthly face rent on the day")
    currency: str
    notes: str
    version: int
    created_at: datetime


class ChurnReasonOut(OutModel):
    reason: MoveOutReason
    churn_class: ChurnClass
    label: str
