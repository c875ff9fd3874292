"""Web pages of leases: a lease with its terms, critical dates and rent schedule, recording a
move-out and opening a renewal from it; and the buildings as their leases fill them (the list
with occupancy, the stacking plan), which live here because occupancy is the leases' to say."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from pydantic import ValidationError

from tenantcrm.auth.identity import Identity
from tenantcrm.buildings import service as buildings
from tenantcrm.buildings.enums import Occupancy
from tenantcrm.buildings.schemas import UnitOccupancy
from tenantcrm.core.errors import InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import field_errors, form_data, nested
from tenantcrm.leases import service
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.schemas import ScheduleOut
from tenantcrm.moveouts import service as moveouts
from tenantcrm.moveouts.churn import ChurnClass
from tenantcrm.moveouts.schemas import MoveOutIn
from tenantcrm.renewals import service as renewals
from tenantcrm.renewals.schemas import RenewalIn
from tenantcrm.scope import forbid_unless_sees, identity


def rent_levels(schedule: ScheduleOut) -> list[dict[str, Any]]:
    """The schedule's months run together while the monthly rent stays the same."""
    levels: list[dict[str, Any]] = []
    for line in schedule.lines:
        if levels and levels[-1]["monthly_rent"] == line.monthly_rent:
            levels[-1].update(end=line.end, months=levels[-1]["months"] + 1)
            levels[-1]["due"] += line.due
        else:
            levels.append(
                {
                    "start": line.start,
                    "end": line.end,
                    "monthly_rent": line.monthly_rent,
                    "months": 1,
                    "due": line.due,
                }
            )
    return levels


def reason_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The churn reasons for a select, grouped hard then soft."""
    reasons = moveouts.churn_reasons()
    return [
        (
            f"{churn_class.value.capitalize()} churn",
            [(r.reason.value, r.label) for r in reasons if r.churn_class is churn_class],
        )
        for churn_class in ChurnClass
    ]


async def lease_page(
    request: Request[Any, Any, Any],
    lease_id: UUID,
    settings: AppSettings,
    *,
    move_out: dict[str, str] | None = None,
    move_out_errors: dict[str, str] | None = None,
    renewal_form: dict[str, str] | None = None,
    renewal_errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    today = settings.clock_today()
    lease = await service.get_lease(lease_id, today)
    forbid_unless_sees(request, lease.building)
    schedule = await service.lease_schedule(lease_id, today)
    dates = await service.lease_critical_dates(lease_id, today, None)
    tenant_renewals = await renewals.list_renewals(limit=200, offset=0, tenant=lease.tenant)
    renewal = next((r for r in tenant_renewals.items if r.lease == lease_id), None)
    moved = await moveouts.list_move_outs(limit=200, offset=0, tenant=lease.tenant)
    move_out_done = next((m for m in moved.items if m.lease == lease_id), None)
    user = request.user
    context = {
        "lease": lease,
        "schedule": schedule,
        "levels": rent_levels(schedule),
        "dates": dates,
        "renewal": renewal,
        "move_out_done": move_out_done,
        "can_edit": isinstance(user, Identity) and user.can_edit,
        "active": lease.status is LeaseStatus.ACTIVE,
        "reason_groups": reason_groups(),
        "classes": [(c.value, c.value.capitalize()) for c in ChurnClass],
        "move_out": move_out or {"day": today.isoformat()},
        "move_out_errors": move_out_errors or {},
        "renewal_form": renewal_form or {},
        "renewal_errors": renewal_errors or {},
        "today": today,
    }
    return Template("leases/detail.html", context=context, status_code=status_code)


class LeaseViews(Controller):
    path = "/leases"
    include_in_schema = False

    @get("/{lease_id:uuid}")
    async def lease_detail(
        self, request: Request[Any, Any, Any], settings: AppSettings, lease_id: FromPath[UUID]
    ) -> Template:
        """A lease: terms, critical dates, rent schedule, and what can be done with it."""
        return await lease_page(request, lease_id, settings)

    @post("/{lease_id:uuid}/move-out", status_code=303)
    async def record_move_out(
        self, request: Request[Any, Any, Any], settings: AppSettings, lease_id: FromPath[UUID]
    ) -> Redirect | Template:
        """Record the tenant's move-out; a bad form comes back filled in, with messages."""
        values = await form_data(request)
        try:
            data = MoveOutIn.model_validate({**nested(values), "lease": lease_id})
            done = await moveouts.record_move_out(data)
        except (ValidationError, InvalidInputError) as error:
            return await lease_page(
                request,
                lease_id,
                settings,
                move_out=values,
                move_out_errors=field_errors(error),
                status_code=422,
            )
        return Redirect(f"/move-outs?recorded={done.id}", status_code=303)

    @post("/{lease_id:uuid}/renewal", status_code=303)
    async def open_renewal(
        self, request: Request[Any, Any, Any], settings: AppSettings, lease_id: FromPath[UUID]
    ) -> Redirect | Template:
        """Open the lease's renewal, with the market rent if known."""
        values = await form_data(request)
        try:
            data = RenewalIn.model_validate({**nested(values), "lease": lease_id})
            renewal = await renewals.open_renewal(data, settings.clock_today())
        except (ValidationError, InvalidInputError) as error:
            return await lease_page(
                request,
                lease_id,
                settings,
                renewal_form=values,
                renewal_errors=field_errors(error),
                status_code=422,
            )
        return Redirect(f"/renewals/{renewal.id}", status_code=303)


# --- buildings: occupancy and the stacking plan ------------------------------------------

EXPIRY_BANDS = 6
"""Colours for expiry years: this year, the next four, and later (the last band)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A unit on the stacking plan: its share of the floor and its colour class."""

    unit: UnitOccupancy
    grow: float
    css: str


def expiry_band(lease_end: date, today: date) -> int:
    return min(max(lease_end.year - today.year, 0), EXPIRY_BANDS - 1)


def _block(unit: UnitOccupancy, today: date) -> Block:
    if unit.occupancy is Occupancy.OCCUPIED and unit.lease_end is not None:
        css = f"y{expiry_band(unit.lease_end, today)}"
    else:
        css = unit.occupancy.value
    return Block(unit, float(unit.area), css)


class BuildingViews(Controller):
    path = "/buildings"
    include_in_schema = False

    @get("/")
    async def building_list(
        self, request: Request[Any, Any, Any], settings: AppSettings
    ) -> Template:
        """Every building with its occupancy today (an owner: its own)."""
        today = settings.clock_today()
        page = await buildings.list_buildings(limit=200, offset=0)
        user = identity(request)
        shown = [b for b in page.items if user is None or user.sees_building(b.id)]
        rows = [(b, await service.building_occupancy(b.id, today)) for b in shown]
        return Template("buildings/list.html", context={"rows": rows, "today": today})

    @get("/{building_id:uuid}")
    async def stacking_plan(
        self, request: Request[Any, Any, Any], settings: AppSettings, building_id: FromPath[UUID]
    ) -> Template:
        """The stacking plan: floors top first, units sized by area, coloured by expiry."""
        forbid_unless_sees(request, building_id)
        today = settings.clock_today()
        building = await buildings.get_building(building_id)
        occupancy = await service.building_occupancy(building_id, today)
        floors = [
            (floor, [_block(unit, today) for unit in floor.units])
            for floor in sorted(occupancy.floors, key=lambda f: f.floor, reverse=True)
        ]
        legend = [(f"y{i}", str(today.year + i)) for i in range(EXPIRY_BANDS - 1)]
        legend.append((f"y{EXPIRY_BANDS - 1}", f"{today.year + EXPIRY_BANDS - 1} or later"))
        context = {
            "building": building,
            "occupancy": occupancy,
            "floors": floors,
            "legend": legend,
            "today": today,
        }
        return Template("buildings/stacking.html", context=context)
