"""What a domain hands the reminder engine's calendar feed besides reminders (care visits …).

A domain that keeps dated appointments offers
``async def calendar(user: UUID, first: date, last: date) -> list[CalendarEntry]`` and is named
in ``tenantcrm/reminders/sources.py`` ``CALENDAR_SOURCES``; the feed of a manager then holds its
entries next to the reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    uid: str
    """Stable across feeds (``care-visit-<id>@tenantcrm``), so calendars update, not duplicate."""
    day: date
    title: str
    detail: str = ""
    link: str = ""
