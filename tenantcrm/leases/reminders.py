"""Reminders the leases domain raises: renewal lead times, notice deadlines and rent steps.

``due(today, window)`` returns a draft for every such day from ``today`` to
``today + window`` (both inclusive), for active leases. The queries are set-based, a few
whatever the size of the portfolio, and each one selects by the date columns, so the work
grows with what falls due rather than with every lease stored:

- ``lease.renewal_<n>m``: the lease expires in ``n`` months (``TENANTCRM_RENEWAL_LEAD_MONTHS``,
  12, 9, 6 and 3 by default); due ``end - n months``.
- ``lease.notice_deadline``: the last day to give notice (``critical_dates.notice_deadline``).
- ``lease.rent_step``: the face rent changes that day (recurring steps expanded by the rent
  rules), so the manager can tell the tenant ahead.

Each is addressed to the tenant's manager (None when the tenant has none).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from piccolo.columns.combination import Combinable, WhereRaw
from piccolo.engine.sqlite import SQLiteEngine

from tenantcrm.core.records import Row
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.db import current_engine
from tenantcrm.leases import critical_dates
from tenantcrm.leases.enums import DateKind, LeaseStatus
from tenantcrm.leases.service import lease_terms
from tenantcrm.leases.tables import AreaChange, Lease, RentStep
from tenantcrm.settings import get_settings

RENEWAL = "lease.renewal_{months}m"
NOTICE_DEADLINE = "lease.notice_deadline"
RENT_STEP = "lease.rent_step"

_SLACK = timedelta(days=4)
"""A recurring step falls on a day of the month clamped in shorter months: ``_may_step`` looks
a few days either side, and the rent rules decide exactly."""

_COLUMNS = (
    Lease.id,
    Lease.tenant,
    Lease.building,
    Lease.start_date,
    Lease.end_date,
    Lease.notice_months,
    Lease.base_rent_minor,
    Lease.incentive_minor,
    Lease.tenant.name.as_alias("tenant_name"),
    Lease.tenant.manager.as_alias("manager"),
    Lease.building.name.as_alias("building_name"),
)


async def due(
    today: date, window: int, lead_months: Sequence[int] | None = None
) -> list[ReminderDraft]:
    """Every lease reminder due from ``today`` to ``today + window`` days."""
    if window < 0:
        raise ValueError("window must not be negative")
    last = today + timedelta(days=window)
    leads = get_settings().renewal_leads if lead_months is None else tuple(lead_months)
    drafts = await _renewals(today, last, leads)
    drafts += await _notice_deadlines(today, last)
    drafts += await _rent_steps(today, last)
    return drafts


def _active() -> Combinable:
    return Lease.status == LeaseStatus.ACTIVE.value


def _ending_between(months: int, first: date, last: date) -> Combinable:
    """Leases whose expiry less ``months`` months falls from ``first`` to ``last``.

    ``end - n months`` grows with ``end``, so those expiries are one range: from
    ``first + n months`` to ``last + n months``, or to the end of that month when ``last`` ends
    its month (31 May less 3 months is 28 February: month ends clamp). The rule decides exactly.
    """
    upper = last + relativedelta(months=months)
    if (last + timedelta(days=1)).day == 1:
        upper += relativedelta(day=31)
    return (Lease.end_date >= first + relativedelta(months=months)) & (Lease.end_date <= upper)


async def _renewals(first: date, last: date, leads: Sequence[int]) -> list[ReminderDraft]:
    if not leads:
        return []
    ranges = _any(_ending_between(months, first, last) for months in leads)
    leases = await Lease.select(*_COLUMNS).where(_active(), ranges)
    drafts: list[ReminderDraft] = []
    for lease in leases:
        end = lease["end_date"]
        for months in leads:
            day = end - relativedelta(months=months)
            if first <= day <= last:
                drafts.append(
                    _draft(
                        lease,
                        RENEWAL.format(months=months),
                        day,
                        f"Renewal: {lease['tenant_name']} — lease expires in {months} months",
                        f"{lease['building_name']}: the lease ends on {end.isoformat()}. "
                        "Time to talk about the renewal.",
                    )
                )
    return drafts


async def _notice_deadlines(first: date, last: date) -> list[ReminderDraft]:
    periods = await Lease.select(Lease.notice_months).where(_active()).distinct()
    months_used = sorted({row["notice_months"] for row in periods})
    if not months_used:
        return []
    ranges = _any((Lease.notice_months == m) & _ending_between(m, first, last) for m in months_used)
    leases = await Lease.select(*_COLUMNS).where(_active(), ranges)
    drafts: list[ReminderDraft] = []
    for lease in leases:
        end = lease["end_date"]
        day = critical_dates.notice_deadline(end, lease["notice_months"])
        if first <= day <= last:
            drafts.append(
                _draft(
                    lease,
                    NOTICE_DEADLINE,
                    day,
                    f"Notice deadline: {lease['tenant_name']}",
                    f"{lease['building_name']}: last day to give notice on the lease ending "
                    f"{end.isoformat()} ({lease['notice_months']} months' notice).",
                )
            )
    return drafts


async def _rent_steps(first: date, last: date) -> list[ReminderDraft]:
    columns = (RentStep.lease, RentStep.effective, RentStep.every_months)
    # Indexed reads of rent steps alone (the leases in force are picked afterwards, by id):
    # one-off steps taking effect in the span; yearly steps whose anniversary falls in it;
    # steps recurring on other periods (rare). The rent rules then decide exactly.
    candidates = await RentStep.select(*columns).where(
        RentStep.every_months.is_null(), RentStep.effective >= first, RentStep.effective <= last
    )
    if (last - first).days < 300:
        candidates += [
            row
            for row in await RentStep.select(*columns).where(_anniversary_in(first, last))
            if row["every_months"] == 12
        ]
        others: Combinable = (RentStep.every_months < 12) | (RentStep.every_months > 12)
    else:
        others = RentStep.every_months.is_not_null()
    candidates += await RentStep.select(*columns).where(others, RentStep.effective <= last)
    lease_ids = {row["lease"] for row in candidates if _may_step(row, first, last)}
    changed = await AreaChange.select(AreaChange.lease).where(
        AreaChange.effective >= first, AreaChange.effective <= last
    )
    lease_ids |= {row["lease"] for row in changed}
    if not lease_ids:
        return []
    leases: list[Row] = []
    steps: list[Row] = []
    changes: list[Row] = []
    # In chunks: a statement binds at most 32,767 values on PostgreSQL (a long catch-up).
    for chunk in _chunks(list(lease_ids)):
        in_force = await Lease.select(*_COLUMNS).where(
            Lease.id.is_in(chunk), _active(), Lease.end_date >= first, Lease.start_date <= last
        )
        ids = [lease["id"] for lease in in_force]
        if ids:
            leases += in_force
            steps += await RentStep.select().where(RentStep.lease.is_in(ids))
            changes += await AreaChange.select().where(AreaChange.lease.is_in(ids))
    steps_of, changes_of = _grouped(steps), _grouped(changes)
    drafts: list[ReminderDraft] = []
    for lease in leases:
        terms = lease_terms(lease, steps_of.get(lease["id"], []), changes_of.get(lease["id"], []))
        found = critical_dates.critical_dates(
            terms, lease["notice_months"], (), first, (last - first).days
        )
        for item in found:
            if item.kind is DateKind.RENT_STEP:
                drafts.append(
                    _draft(
                        lease,
                        RENT_STEP,
                        item.day,
                        f"Rent step: {lease['tenant_name']}",
                        f"{lease['building_name']}: {item.label} from {item.day.isoformat()}.",
                    )
                )
    return drafts


def anniversary_sql() -> str:
    """A rent step's anniversary as month * 100 + day (25 March: 325), in the engine's SQL;
    the same expression as the index made by the leases migration of 23 Nov 2026."""
    if isinstance(current_engine(), SQLiteEngine):
        return "CAST(strftime('%m%d', effective) AS INTEGER)"
    return "(EXTRACT(MONTH FROM effective) * 100 + EXTRACT(DAY FROM effective))"


def _anniversary_in(first: date, last: date) -> WhereRaw:
    """A step whose month and day fall from ``first`` to ``last``; one from 29 February also
    when 28 February does (it falls on the 28th in other years)."""
    days = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    keys = {day.month * 100 + day.day for day in days}
    if 228 in keys:
        keys.add(229)
    placeholders = ", ".join("{}" for _ in keys)
    return WhereRaw(f"{anniversary_sql()} IN ({placeholders})", *sorted(keys))


def _may_step(step: Row, first: date, last: date) -> bool:
    """Whether a step (recurring every ``every_months`` months) may take effect in the span.

    Cheap and generous (a few days' slack for month ends): the rent rules decide exactly.
    """
    effective, every = step["effective"], step["every_months"]
    if every is None:
        return bool(first <= effective <= last)
    months = (first.year - effective.year) * 12 + first.month - effective.month
    k = max(0, months // every - 1)
    while (day := effective + relativedelta(months=k * every)) <= last + _SLACK:
        if day >= first - _SLACK:
            return True
        k += 1
    return False


def _chunks(ids: list[UUID], size: int = 5000) -> list[list[UUID]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _grouped(rows: list[Row]) -> dict[UUID, list[Row]]:
    grouped: dict[UUID, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row["lease"], []).append(row)
    return grouped


def _any(conditions: Any) -> Combinable:
    combined: Combinable | None = None
    for condition in conditions:
        combined = condition if combined is None else combined | condition
    if combined is None:  # pragma: no cover - callers pass at least one
        raise ValueError("no condition")
    return combined


def _draft(lease: Row, kind: str, day: date, title: str, detail: str) -> ReminderDraft:
    return ReminderDraft(
        kind=kind,
        subject=lease["id"],
        due=day,
        title=title[:300],
        detail=detail,
        recipient=lease["manager"],
        tenant=lease["tenant"],
        building=lease["building"],
        link=f"/api/leases/{lease['id']}",
    )
