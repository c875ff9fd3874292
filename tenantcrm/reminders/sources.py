"""Where reminders come from: every domain that raises reminders, one line each.

A source is ``async def due(today, window) -> list[ReminderDraft]`` (see
``tenantcrm/core/reminder_drafts.py``): every reminder due from ``today`` to
``today + window`` days. To add a domain, import its service and add a ``Source`` line.

``CALENDAR_SOURCES`` are the dated entries (care visits …) a manager's iCalendar feed shows
next to its reminders: ``async def calendar(user, first, last) -> list[CalendarEntry]``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from tenantcrm.benefits import service as benefits
from tenantcrm.care import service as care
from tenantcrm.complaints import service as complaints
from tenantcrm.core.calendar_entries import CalendarEntry
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.leases import reminders as leases

DueFunction = Callable[[date, int], Awaitable[list[ReminderDraft]]]
CalendarFunction = Callable[[UUID, date, date], Awaitable[list[CalendarEntry]]]


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    due: DueFunction


@dataclass(frozen=True, slots=True)
class CalendarSource:
    name: str
    entries: CalendarFunction


SOURCES: tuple[Source, ...] = (
    Source("leases", leases.due),
    Source("care", care.due),
    Source("complaints", complaints.due),
    Source("benefits", benefits.due),
)

CALENDAR_SOURCES: tuple[CalendarSource, ...] = (CalendarSource("care", care.calendar),)
