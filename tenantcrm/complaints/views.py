"""Web pages of complaints: the list (by stage, past SLA, building) and one complaint with its
stages, SLA clock and history, and the next moves as forms asking what each stage needs."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError

from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.complaints import service
from tenantcrm.complaints.enums import ApprovalLevel, ComplaintState, Department
from tenantcrm.complaints.schemas import ComplaintDetailOut, ComplaintTransitionIn
from tenantcrm.complaints.stages import required_fields
from tenantcrm.core.errors import InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, field_errors, form_data, nested, offset_of
from tenantcrm.scope import building_scope, identity

STAGES = list(ComplaintState)
MOVES = {
    ComplaintState.INVESTIGATING: "Start investigating",
    ComplaintState.PROPOSING: "Propose a resolution",
    ComplaintState.AWAITING_APPROVAL: "Ask for approval",
    ComplaintState.NEGOTIATING: "Approved: to the tenant",
    ComplaintState.CARRYING_OUT: "Agreed: carry it out",
    ComplaintState.FEEDBACK: "Done: ask for feedback",
    ComplaintState.CORRECTIVE_ACTION: "Record the feedback",
    ComplaintState.CLOSED: "Close",
    ComplaintState.WITHDRAWN: "Withdraw",
}
AGAIN = {
    ComplaintState.AWAITING_APPROVAL: "Rejected: propose again",
    ComplaintState.NEGOTIATING: "Declined by the tenant: propose again",
}
"""The move back to proposing, named after the stage it leaves."""
TEXT_FIELDS = {
    "cause": "Cause",
    "proposed_resolution": "Proposed resolution",
    "tenant_response": "Tenant's response",
    "corrective_action": "Corrective action",
    "preventive_action": "Preventive action",
    "note": "Note",
}


def _state(value: str | None) -> ComplaintState | None:
    try:
        return ComplaintState(value) if value else None
    except ValueError:
        return None


def _check_owner(request: Request[Any, Any, Any], complaint: ComplaintDetailOut) -> None:
    user = identity(request)
    if user is not None and not user.sees_building(complaint.building):
        raise PermissionDeniedException("an owner reads the complaints of its own buildings")


async def complaint_page(
    request: Request[Any, Any, Any],
    complaint_id: UUID,
    today: date,
    move_to: ComplaintState | None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    complaint = await service.get_complaint(complaint_id, today)
    _check_owner(request, complaint)
    user = identity(request)
    can_edit = user is not None and user.can_edit
    if move_to is not None and move_to not in complaint.allowed:
        move_to = None
    needs = required_fields(complaint.state, move_to) if move_to is not None else ()
    managers = await users.list_users(200, 0, Role.MANAGER) if "approver" in needs else None
    moves = [
        (
            target,
            AGAIN.get(complaint.state, MOVES[target])
            if target is ComplaintState.PROPOSING
            else MOVES.get(target, target.value),
            bool(required_fields(complaint.state, target)),
        )
        for target in complaint.allowed
    ]
    context = {
        "c": complaint,
        "today": today,
        "stages": [s for s in STAGES if s is not ComplaintState.WITHDRAWN],
        "moves": moves,
        "move_to": move_to,
        "needs": needs,
        "form": form or {},
        "errors": errors or {},
        "text_fields": TEXT_FIELDS,
        "departments": [(d.value, d.value.replace("_", " ").capitalize()) for d in Department],
        "levels": [(a.value, a.value.replace("_", " ").capitalize()) for a in ApprovalLevel],
        "approvers": [(str(u.id), u.display_name or u.username) for u in managers.items]
        if managers
        else [],
        "can_edit": can_edit,
    }
    return Template("complaints/detail.html", context=context, status_code=422 if errors else 200)


class ComplaintViews(Controller):
    path = "/complaints"
    include_in_schema = False

    @get("/")
    async def complaint_list(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        stage: FromQuery[str | None] = None,
        overdue: FromQuery[str | None] = None,
        building: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """Complaints, latest first: by stage, past their SLA, by building; paged."""
        today = settings.clock_today()
        scope = await building_scope(request, building)
        query = {
            "stage": stage or "" if _state(stage) else "",
            "overdue": overdue or "" if overdue in ("yes", "no") else "",
            "building": str(scope.building) if scope.building else "",
        }
        page = await service.list_complaints(
            PAGE_SIZE,
            offset_of(offset),
            today,
            building=scope.building,
            state=_state(stage),
            overdue={"yes": True, "no": False}.get(query["overdue"]),
        )
        context = {
            "page": page,
            "pager": Pager(page.total, page.limit, page.offset, query),
            "query": query,
            "stages": STAGES,
            "scope": scope,
            "today": today,
        }
        return Template("complaints/list.html", context=context)

    @get("/{complaint_id:uuid}")
    async def complaint_detail(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        complaint_id: FromPath[UUID],
        to: FromQuery[str | None] = None,
    ) -> Template:
        """A complaint: its stages, SLA and history; the form of the move asked for (``to``)."""
        return await complaint_page(request, complaint_id, settings.clock_today(), _state(to))

    @post("/{complaint_id:uuid}/transitions", status_code=303)
    async def move_complaint(
        self, request: Request[Any, Any, Any], settings: AppSettings, complaint_id: FromPath[UUID]
    ) -> Redirect | Template:
        """Move the complaint on; a form with a mistake comes back with the messages."""
        today = settings.clock_today()
        values = await form_data(request)
        target = _state(values.get("to"))
        try:
            data = ComplaintTransitionIn.model_validate(nested(values))
            await service.transition(complaint_id, data, today)
        except (ValidationError, InvalidInputError) as error:
            return await complaint_page(
                request, complaint_id, today, target, values, field_errors(error)
            )
        return Redirect(f"/complaints/{complaint_id}", status_code=303)
