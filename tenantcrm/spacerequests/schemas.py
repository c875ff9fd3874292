"""API models of space requests, their unit suggestions and transitions."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from tenantcrm.audit.schemas import HistoryEntryOut
from tenantcrm.core.schemas import (
    Area,
    BusinessDate,
    DecimalString,
    Model,
    OutModel,
    PatchModel,
    Version,
)
from tenantcrm.leases.schemas import AreaChangeOut
from tenantcrm.spacerequests.enums import RequestKind, RequestState

_DESIRED_AREA = "Expansion: the area to add; contraction: the area to give back (m²)"


class SpaceRequestIn(Model):
    tenant: UUID
    lease: UUID = Field(description="The tenant's active lease to amend")
    kind: RequestKind
    desired_area: Area = Field(description=_DESIRED_AREA)
    desired_date: BusinessDate = Field(description="When the tenant wants the change, in term")
    reason: str = Field(default="", max_length=2000)


class SpaceRequestPatch(PatchModel):
    """Only while submitted or evaluating: an offer is made on what was asked."""

    desired_area: Area | None = Field(default=None, description=_DESIRED_AREA)
    desired_date: BusinessDate | None = None
    reason: str | None = Field(default=None, max_length=2000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class SpaceRequestTransitionIn(Model):
    to: RequestState
    units: list[UUID] | None = Field(
        default=None,
        min_length=1,
        max_length=50,
        description=(
            "Required with to=offered: expansion, vacant units of the lease's building to add; "
            "contraction, units of the lease to give back"
        ),
    )
    effective_date: BusinessDate | None = Field(
        default=None, description="Required with to=executed: the day the lease changes"
    )
    note: str = Field(default="", max_length=300, description="Kept in the history")


# --- Output -------------------------------------------------------------------------------


class RequestUnitOut(OutModel):
    id: UUID
    code: str
    floor: int
    area: DecimalString


class SpaceRequestOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    lease: UUID
    building: UUID
    building_name: str
    kind: RequestKind
    state: RequestState
    allowed: list[RequestState] = Field(description="States this request may move to next")
    desired_area: DecimalString = Field(description=_DESIRED_AREA)
    desired_date: date
    reason: str
    units: list[RequestUnitOut] = Field(description="The units offered (empty before an offer)")
    offered_area: DecimalString = Field(description="Summed area of the units offered")
    effective_date: date | None = Field(description="The day the lease changed, once executed")
    outcome_note: str
    version: int
    created_at: datetime
    updated_at: datetime


class SpaceRequestDetailOut(SpaceRequestOut):
    amendment: AreaChangeOut | None = Field(description="The lease amendment, once executed")
    history: list[HistoryEntryOut]


class SuggestionOut(OutModel):
    units: list[RequestUnitOut]
    area: DecimalString
    difference: DecimalString = Field(
        description="area - desired_area: positive is more than asked, negative short of it"
    )
    floor_distance: int = Field(
        description="Expansion: floors from the farthest unit to the tenant's nearest floor"
    )
    reasons: list[str]


class SuggestionsOut(OutModel):
    request: UUID
    kind: RequestKind
    desired_area: DecimalString
    on: date = Field(description="The desired date the units were checked for")
    until: date = Field(description="The lease end: expansion units are free to this day")
    tenant_floors: list[int] = Field(description="Floors the tenant occupies in the building then")
    suggestions: list[SuggestionOut]
