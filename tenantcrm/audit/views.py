"""Web pages of the audit trail: the history of a tenant and of a lease (leasing team only).

The tenant and lease pages load the latest few changes into their History section (htmx);
the full page pages and filters them.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from tenantcrm.audit import diff, service
from tenantcrm.audit.schemas import ChangeFilters
from tenantcrm.core.web import PAGE_SIZE, Pager, offset_of

SECTION_SIZE = 10
"""Changes shown in the History section of a tenant or lease page."""


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


class HistoryViews(Controller):
    path = "/"
    include_in_schema = False

    @get("/tenants/{tenant_id:uuid}/history")
    async def tenant_history(
        self,
        request: Request[Any, Any, Any],
        tenant_id: FromPath[UUID],
        kind: FromQuery[str | None] = None,
        actor: FromQuery[str | None] = None,
        since: FromQuery[str | None] = None,
        until: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
        section: FromQuery[str | None] = None,
    ) -> Template:
        """Every change of a tenant and its records, newest first."""
        tenant = await service.record_of("tenant", tenant_id)
        subject = {"title": tenant["name"], "back": f"/tenants/{tenant_id}", "scope": "tenant"}
        return await _page(request, "tenant", tenant_id, subject, locals())

    @get("/leases/{lease_id:uuid}/history")
    async def lease_history(
        self,
        request: Request[Any, Any, Any],
        lease_id: FromPath[UUID],
        kind: FromQuery[str | None] = None,
        actor: FromQuery[str | None] = None,
        since: FromQuery[str | None] = None,
        until: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
        section: FromQuery[str | None] = None,
    ) -> Template:
        """Every change of a lease and its records, newest first."""
        lease = await service.record_of("lease", lease_id)
        tenant = await service.record_of("tenant", lease["tenant"])
        title = f"Lease of {tenant['name']}, {lease['start_date']} to {lease['end_date']}"
        subject = {"title": title, "back": f"/leases/{lease_id}", "scope": "lease"}
        return await _page(request, "lease", lease_id, subject, locals())


async def _page(
    request: Request[Any, Any, Any],
    scope: service.Scope,
    ident: UUID,
    subject: dict[str, str],
    params: dict[str, Any],
) -> Template:
    query = {
        "kind": params["kind"] if params["kind"] in service.kinds() else "",
        "actor": (params["actor"] or "").strip()[:100].replace("\x00", ""),
        "since": str(_day(params["since"]) or ""),
        "until": str(_day(params["until"]) or ""),
    }
    filters = ChangeFilters(
        kind=query["kind"] or None,
        actor=query["actor"] or None,
        since=_day(query["since"]),
        until=_day(query["until"]),
    )
    in_section = params["section"] == "1"
    limit = SECTION_SIZE if in_section else PAGE_SIZE
    offset = 0 if in_section else offset_of(params["offset"])
    page = await service.changes_of(scope, ident, filters, limit, offset)
    context = {
        "page": page,
        "pager": Pager(page.total, page.limit, page.offset, query),
        "query": query,
        "kinds": service.kinds(),
        "subject": {**subject, "id": str(ident)},
        "url": request.url.path,
        "shown": diff.show_value,
    }
    if in_section:
        return Template("audit/_section.html", context=context)
    partial = request.headers.get("hx-request") == "true"
    return Template("audit/_changes.html" if partial else "audit/history.html", context=context)
