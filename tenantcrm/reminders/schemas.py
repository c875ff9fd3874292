"""API models of reminders and their transitions."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from tenantcrm.core.schemas import BusinessDate, Model, OutModel, Version
from tenantcrm.reminders.enums import ReminderState


class ReminderOut(OutModel):
    id: UUID
    kind: str = Field(description="What it is about: lease.renewal_12m, care.visit_due …")
    subject: UUID = Field(description="The record it is about (a lease, a tenant …)")
    due: date
    title: str
    detail: str
    recipient: UUID | None = Field(description="The manager it is for; null: unassigned")
    tenant: UUID | None
    building: UUID | None
    link: str
    state: ReminderState
    snoozed_until: date | None
    created_at: datetime
    acknowledged_at: datetime | None
    done_at: datetime | None
    version: int


class ReminderTransitionIn(Model):
    to: ReminderState = Field(description="acknowledged, snoozed or done")
    until: BusinessDate | None = Field(
        default=None, description="With to=snoozed: the day it comes back (after today)"
    )
    version: Version | None = Field(
        default=None, description="The version acted on; a stale one is refused (409)"
    )
