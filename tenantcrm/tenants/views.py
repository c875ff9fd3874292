"""Web pages of tenants: the searchable list and the tenant 360."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError

from tenantcrm.care import service as care
from tenantcrm.care.enums import ContactKind, Sentiment
from tenantcrm.care.schemas import CareContactIn
from tenantcrm.complaints import service as complaints
from tenantcrm.core.charts import step_chart
from tenantcrm.core.errors import InvalidInputError, NotFoundError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, field_errors, form_data, nested, offset_of
from tenantcrm.health import service as health
from tenantcrm.health.schemas import TenantHealthOut
from tenantcrm.leases import service as leases
from tenantcrm.satisfaction import service as satisfaction
from tenantcrm.satisfaction.enums import Period
from tenantcrm.scope import building_scope, identity
from tenantcrm.tenants import service
from tenantcrm.tenants.enums import Industry, Tier
from tenantcrm.tenants.schemas import TenantSort, TenantView

EXPIRY_CHOICES = (3, 6, 12, 24)


E = TypeVar("E", Industry, Tier)


def _choice(kind: type[E], value: str | None) -> E | None:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _months(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 0 < int(value) <= 240 else None


HISTORY = 10
"""Care contacts shown on the tenant page, latest first."""


def _check_owner(request: Request[Any, Any, Any], view: TenantView) -> None:
    """An owner reads only tenants with a lease (now or before) in one of its buildings."""
    user = identity(request)
    held = {lease.building for lease in view.current_leases + view.past_leases}
    if user is not None and not any(user.sees_building(b) for b in held):
        raise PermissionDeniedException("an owner reads the tenants of its own buildings")


async def care_context(
    tenant_id: UUID,
    today: Any,
    view: TenantView,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the care section of the tenant page shows: plan, history and the form."""
    plan = await care.tenant_plan(tenant_id, today)
    history = await care.list_contacts(HISTORY, 0, tenant=tenant_id)
    return {
        "tenant_id": tenant_id,
        "plan": plan,
        "history": history,
        "care_form": form if form is not None else {"day": today.isoformat(), "kind": "call"},
        "care_errors": errors or {},
        "kinds": [(k.value, k.value.replace("_", " ").capitalize()) for k in ContactKind],
        "sentiments": [(v.value, v.value.capitalize()) for v in Sentiment],
        "people": [(str(c.id), c.name) for c in view.contacts],
    }


class TenantViews(Controller):
    path = "/tenants"
    include_in_schema = False

    @get("/")
    async def tenant_list(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        q: FromQuery[str | None] = None,
        industry: FromQuery[str | None] = None,
        tier: FromQuery[str | None] = None,
        anchor: FromQuery[str | None] = None,
        expiring: FromQuery[str | None] = None,
        building: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """The tenant list: search by any part of the name, filter, page (owners: their own)."""
        scope = await building_scope(request, building)
        query = {
            "q": (q or "").strip()[:200],
            "industry": industry or "",
            "tier": tier or "",
            "anchor": anchor or "",
            "expiring": expiring or "",
            "building": str(scope.building) if scope.building else "",
        }
        filters = service.TenantFilters(
            q=query["q"] or None,
            building=scope.building,
            industry=_choice(Industry, industry),
            tier=_choice(Tier, tier),
            is_anchor={"yes": True, "no": False}.get(anchor or ""),
            expiring_within_months=_months(expiring),
        )
        today = settings.clock_today()
        page = await service.list_tenants(
            filters, TenantSort.NAME, PAGE_SIZE, offset_of(offset), today
        )
        context = {
            "page": page,
            "pager": Pager(page.total, page.limit, page.offset, query),
            "query": query,
            "industries": list(Industry),
            "tiers": list(Tier),
            "expiry_choices": EXPIRY_CHOICES,
            "scope": scope,
            "today": today,
        }
        partial = request.headers.get("hx-request") == "true"
        name = "tenants/_results.html" if partial else "tenants/list.html"
        return Template(name, context=context)

    @get("/{tenant_id:uuid}")
    async def tenant_page(
        self, request: Request[Any, Any, Any], settings: AppSettings, tenant_id: FromPath[UUID]
    ) -> Template:
        """The tenant 360: profile, contacts, leases and rent, health, care, complaints, surveys."""
        today = settings.clock_today()
        view = await service.tenant_view(tenant_id, today)
        _check_owner(request, view)
        charts = {}
        for lease in view.current_leases:
            schedule = await leases.lease_schedule(lease.id, today)
            levels: list[tuple[Any, Decimal]] = []
            for line in schedule.lines:
                if not levels or levels[-1][1] != line.monthly_rent:
                    levels.append((line.start, line.monthly_rent))
            charts[lease.id] = step_chart(levels, lease.end_date)
        scored: TenantHealthOut | None
        try:
            scored = await health.tenant_health(tenant_id, today)
        except NotFoundError:
            scored = None  # no lease in force: no care owed, no score
        user = identity(request)
        context = {
            "view": view,
            "charts": charts,
            "today": today,
            "health": scored,
            "complaints": await complaints.list_complaints(50, 0, today, tenant=tenant_id),
            "surveys": await satisfaction.list_surveys(5, 0, tenant=tenant_id),
            "trend": await satisfaction.trend(tenant_id, None, Period.QUARTER),
            "can_edit": user is not None and user.can_edit,
            **await care_context(tenant_id, today, view),
        }
        return Template("tenants/detail.html", context=context)

    @post("/{tenant_id:uuid}/care-contacts", status_code=200)
    async def log_care_contact(
        self, request: Request[Any, Any, Any], settings: AppSettings, tenant_id: FromPath[UUID]
    ) -> Template | Redirect:
        """Log a care contact in place: answers the care section, refreshed or with messages."""
        today = settings.clock_today()
        values = await form_data(request)
        view = await service.tenant_view(tenant_id, today)
        try:
            data = CareContactIn.model_validate({**nested(values), "tenant": tenant_id})
            await care.create_contact(data, today)
        except (ValidationError, InvalidInputError) as error:
            context = await care_context(tenant_id, today, view, values, field_errors(error))
            return Template(
                "tenants/_care.html", context={**context, "can_edit": True}, status_code=422
            )
        if request.headers.get("hx-request") != "true":
            return Redirect(f"/tenants/{tenant_id}#care-h", status_code=303)
        context = await care_context(tenant_id, today, view)
        return Template("tenants/_care.html", context={**context, "can_edit": True, "logged": True})
