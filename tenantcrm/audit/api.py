"""JSON API of the audit trail: the history of a tenant and of a lease (managers and admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter

from tenantcrm.audit import service
from tenantcrm.audit.schemas import ChangeFilters, ChangeOut
from tenantcrm.core.http import Limit, Offset
from tenantcrm.core.schemas import Page

Kind = Annotated[
    str | None,
    QueryParameter(max_length=40, description="Only changes of this kind of record: rent_step"),
]
ActorText = Annotated[
    str | None,
    QueryParameter(max_length=100, pattern=r"^[^\x00]*$", description="Part of the actor's name"),
]
Since = Annotated[date | None, QueryParameter(description="Changes on or after this day (UTC)")]
Until = Annotated[date | None, QueryParameter(description="Changes on or before this day (UTC)")]


class HistoryController(Controller):
    path = "/api"
    tags = ["audit"]

    @get("/tenants/{tenant_id:uuid}/history", operation_id="tenantHistory")
    async def tenant_history(
        self,
        tenant_id: FromPath[UUID],
        limit: Limit = 50,
        offset: Offset = 0,
        kind: Kind = None,
        actor: ActorText = None,
        since: Since = None,
        until: Until = None,
    ) -> Page[ChangeOut]:
        """Every change of the tenant and its records (contacts, leases and their rent steps,
        care, complaints...): who, when, the fields before and after; newest first."""
        filters = ChangeFilters(kind=kind, actor=actor, since=since, until=until)
        return await service.changes_of("tenant", tenant_id, filters, limit, offset)

    @get("/leases/{lease_id:uuid}/history", operation_id="leaseHistory")
    async def lease_history(
        self,
        lease_id: FromPath[UUID],
        limit: Limit = 50,
        offset: Offset = 0,
        kind: Kind = None,
        actor: ActorText = None,
        since: Since = None,
        until: Until = None,
    ) -> Page[ChangeOut]:
        """Every change of the lease and its records (units, rent steps, options, concessions,
        renewal, move-out...): who, when, the fields before and after; newest first."""
        filters = ChangeFilters(kind=kind, actor=actor, since=since, until=until)
        return await service.changes_of("lease", lease_id, filters, limit, offset)
