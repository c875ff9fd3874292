"""API models of the audit trail: a record's workflow history, a tenant's or lease's changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from tenantcrm.core.schemas import OutModel


class HistoryEntryOut(OutModel):
    at: datetime
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]
    actor: str


class FieldChange(BaseModel):
    """One field of a change: ``before`` is absent for an insert, ``after`` for a delete.

    Money is an exact decimal string ("12500.00"), dates ISO 8601; secrets show as "[secret]".
    """

    before: Any = None
    after: Any = None


class ChangeOut(OutModel):
    """One change of one record, as the tenant's or lease's history shows it."""

    id: UUID
    at: datetime
    actor: str = Field(description="Who made the change: a user's name, or 'system: daily run'")
    actor_id: UUID | None = Field(description="The acting user; null for the system")
    kind: str = Field(description="The table of the record changed: tenant, lease, rent_step...")
    record: UUID
    action: str = Field(description="insert, update or delete")
    label: str = Field(description="The record, readable: 'Rent step 2027-01-01'")
    changes: dict[str, FieldChange] = Field(
        description="Fields set (insert), changed (update: only those) or removed (delete)"
    )
    summary: str = Field(description="The whole change in one line")
    tenant_id: UUID | None
    lease_id: UUID | None


class ChangeFilters(BaseModel):
    kind: str | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None
