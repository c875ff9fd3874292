"""Today: the leasing manager's start page. The signed-in user's reminders, what expires,
which notice deadlines come up, care contacts overdue, complaints past their SLA, tenants at
risk, and the headline figures of each building (occupancy, renewal rate, churn).

An owner sees one of its buildings at a time (a selector when it has several), no reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from pydantic import ValidationError

from tenantcrm.analytics import service as analytics
from tenantcrm.buildings import service as buildings
from tenantcrm.care import service as care
from tenantcrm.complaints import service as complaints
from tenantcrm.core.errors import InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, field_errors, form_data, offset_of
from tenantcrm.health import service as health
from tenantcrm.leases import service as leases
from tenantcrm.leases.critical_dates import DateKind
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.reminders import service as reminders
from tenantcrm.reminders.enums import ReminderState
from tenantcrm.reminders.schemas import ReminderOut, ReminderTransitionIn
from tenantcrm.renewals import service as renewals
from tenantcrm.scope import Scope, building_scope

EXPIRY_MONTHS = 12
NOTICE_DAYS = 90
REMINDER_DAYS = 14
SNOOZE_DAYS = 7
SHORT_LIST = 10
REMINDERS_SHOWN = 12


async def _building_figures(today: date, scope: Scope) -> list[dict[str, Any]]:
    """Occupancy today and churn since 1 January, building by building (one currency each)."""
    page = await buildings.list_buildings(limit=200, offset=0)
    year_start = date(today.year, 1, 1)
    shown = [
        b
        for b in page.items
        if (scope.building is None or b.id == scope.building)
        and (scope.user is None or scope.user.sees_building(b.id))
    ]
    return [
        {
            "building": b,
            "occupancy": await leases.building_occupancy(b.id, today),
            "churn": await analytics.churn(year_start, today, building=b.id),
        }
        for b in shown
    ]


async def my_reminders(user: UUID, today: date) -> list[ReminderOut]:
    """The user's own reminders not yet done nor snoozed, due within two weeks (or overdue)."""
    before = today + timedelta(days=REMINDER_DAYS + 1)
    found: list[ReminderOut] = []
    for state in (ReminderState.OPEN, ReminderState.ACKNOWLEDGED):
        page = await reminders.list_reminders(50, 0, user, False, state, before, None)
        found += page.items
    found.sort(key=lambda r: (r.due, r.kind, str(r.id)))
    return found


@get("/", include_in_schema=False)
async def home(
    request: Request[Any, Any, Any],
    settings: AppSettings,
    offset: FromQuery[str | None] = None,
    building: FromQuery[str | None] = None,
) -> Template:
    """Today: reminders, expiries, notice deadlines, care and complaints overdue, at risk, KPIs."""
    today = settings.clock_today()
    scope = await building_scope(request, building)
    horizon = today + relativedelta(months=EXPIRY_MONTHS)
    expiring = await leases.list_leases(
        PAGE_SIZE,
        offset_of(offset),
        today,
        building=scope.building,
        status=LeaseStatus.ACTIVE,
        ending_by=horizon,
    )
    in_talks = await renewals.list_renewals(
        limit=1000, offset=0, building=scope.building, expiring_before=horizon
    )
    notices = await leases.portfolio_critical_dates(
        today, NOTICE_DAYS, scope.building, DateKind.NOTICE_DEADLINE, 100, 0
    )
    figures = await _building_figures(today, scope)
    care_due = await care.due_contacts(
        today, 0, SHORT_LIST, 0, building=scope.building, manager=scope.manager
    )
    late = await complaints.list_complaints(
        SHORT_LIST, 0, today, building=scope.building, overdue=True
    )
    risky = await health.at_risk(today, scope.building, scope.manager, SHORT_LIST, 0)
    user = scope.user
    mine = await my_reminders(user.id, today) if scope.can_edit and user else None
    context = {
        "today": today,
        "scope": scope,
        "reminders": mine[:REMINDERS_SHOWN] if mine is not None else None,
        "reminders_total": len(mine or []),
        "expiring": expiring,
        "pager": Pager(
            expiring.total,
            expiring.limit,
            expiring.offset,
            {"building": str(scope.building)} if building else {},
        ),
        "renewal_of": {r.lease: r for r in in_talks.items},
        "notices": notices,
        "figures": figures,
        "care_due": care_due,
        "late": late,
        "risky": risky,
        "moved_hard": sum(f["churn"].hard.count for f in figures),
        "moved_soft": sum(f["churn"].soft.count for f in figures),
        "expiry_months": EXPIRY_MONTHS,
        "notice_days": NOTICE_DAYS,
        "reminder_days": REMINDER_DAYS,
    }
    return Template(template_name="home.html", context=context)


@post("/reminders/{reminder_id:uuid}/transition", include_in_schema=False, status_code=200)
async def move_reminder(
    request: Request[Any, Any, Any], settings: AppSettings, reminder_id: FromPath[UUID]
) -> Template:
    """Acknowledge, snooze for a week or close one of my reminders; answers its updated row."""
    today = settings.clock_today()
    values = await form_data(request)
    body: dict[str, Any] = {"to": values.get("to", "")}
    if body["to"] == ReminderState.SNOOZED.value:
        body["until"] = (today + timedelta(days=SNOOZE_DAYS)).isoformat()
    errors: dict[str, str] = {}
    try:
        reminder = await reminders.transition(
            reminder_id, ReminderTransitionIn.model_validate(body), today
        )
    except (ValidationError, InvalidInputError) as error:
        errors = field_errors(error)
        reminder = await reminders.get_reminder(reminder_id)
    context = {"r": reminder, "today": today, "errors": errors}
    return Template("home/_reminder.html", context=context, status_code=422 if errors else 200)
