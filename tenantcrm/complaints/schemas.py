"""API models of complaints: registering, editing, transitions, SLA status and history."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from tenantcrm.audit.schemas import HistoryEntryOut
from tenantcrm.complaints.enums import (
    ApprovalLevel,
    ComplaintCategory,
    ComplaintState,
    Department,
    Severity,
)
from tenantcrm.core.schemas import (
    BusinessDate,
    DecimalString,
    Model,
    Money,
    OutModel,
    PatchModel,
    Version,
)

_TEXT = 5_000


class ComplaintIn(Model):
    tenant: UUID
    building: UUID = Field(description="The building complained about")
    lease: UUID | None = Field(default=None, description="The tenant's lease concerned, if any")
    category: ComplaintCategory
    severity: Severity = Field(description="Sets the SLA allowance of every stage")
    description: str = Field(min_length=1, max_length=_TEXT)
    received_on: BusinessDate | None = Field(
        default=None, description="The day the complaint came in (default: today; not later)"
    )


class ComplaintPatch(PatchModel):
    """Edit the register entry of an open complaint; a new severity re-times the current stage."""

    category: ComplaintCategory | None = None
    severity: Severity | None = None
    description: str | None = Field(default=None, min_length=1, max_length=_TEXT)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class ComplaintTransitionIn(Model):
    """Move a complaint to its next stage, with what that stage needs (422 names what is missing).

    - to=proposing from investigating: ``cause`` and ``responsible_department``
    - to=awaiting_approval: ``proposed_resolution`` and ``compensation`` (0 for none)
    - to=negotiating (approval): ``approver`` and ``approval_level`` with authority for the amount
    - to=proposing from awaiting_approval (rejected) or negotiating (tenant declined): ``note``
    - to=feedback: ``note`` (how the result was checked)
    - to=corrective_action: ``tenant_response`` and ``satisfied``
    - to=closed: ``corrective_action`` and ``preventive_action``
    - to=withdrawn: ``note``
    """

    to: ComplaintState
    cause: str | None = Field(default=None, min_length=1, max_length=_TEXT)
    responsible_department: Department | None = None
    proposed_resolution: str | None = Field(default=None, min_length=1, max_length=_TEXT)
    compensation: Money | None = Field(
        default=None, description="Compensation offered, in the building's currency"
    )
    approver: UUID | None = Field(default=None, description="The user approving (active manager)")
    approval_level: ApprovalLevel | None = Field(
        default=None, description="The approver's authority: its limit must cover the compensation"
    )
    tenant_response: str | None = Field(default=None, min_length=1, max_length=_TEXT)
    satisfied: bool | None = Field(default=None, description="Is the tenant satisfied?")
    corrective_action: str | None = Field(default=None, min_length=1, max_length=_TEXT)
    preventive_action: str | None = Field(default=None, min_length=1, max_length=_TEXT)
    note: str = Field(default="", max_length=2000, description="Kept in the history")


class MoveOutLinkIn(Model):
    move_out: UUID | None = Field(
        description="A soft-churn move-out of the same tenant; null removes the link"
    )
    version: Version | None = Field(default=None, description="or send an If-Match header")


# --- Output -------------------------------------------------------------------------------


class SlaOut(OutModel):
    stage: ComplaintState
    started: date = Field(description="The day the current stage began")
    due: date | None = Field(description="Last day in time (calendar days); null when final")
    days_left: int | None = Field(description="Days to the due day; negative when overdue")
    overdue: bool
    days_overdue: int


class ComplaintOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    building_name: str
    lease: UUID | None
    category: ComplaintCategory
    severity: Severity
    description: str
    received_on: date
    state: ComplaintState
    allowed: list[ComplaintState] = Field(description="States this complaint may move to next")
    sla: SlaOut
    cause: str
    responsible_department: Department | None
    proposed_resolution: str
    compensation: DecimalString
    currency: str
    approver: UUID | None
    approval_level: ApprovalLevel | None
    required_level: ApprovalLevel = Field(
        description="The lowest approval level with authority for the compensation"
    )
    tenant_response: str
    satisfied: bool | None
    corrective_action: str
    preventive_action: str
    move_out: UUID | None = Field(description="The soft-churn move-out it is linked to")
    closed_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class ComplaintDetailOut(ComplaintOut):
    history: list[HistoryEntryOut]
