"""The iCalendar document of a feed: one all-day VEVENT per entry, with a stable UID.

No database and no clock: the entries and the stamp are parameters. Calendar clients match
events by UID, so a reminder that moves or is renamed updates in place, never duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

PRODUCT_ID = "-//TenantCRM//Reminders//EN"


@dataclass(frozen=True, slots=True)
class FeedItem:
    uid: str
    day: date
    title: str
    detail: str = ""
    link: str = ""
    category: str = ""


def calendar(name: str, items: Iterable[FeedItem], stamp: datetime) -> bytes:
    """The feed as ``text/calendar`` bytes (RFC 5545)."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.title)
        description = "\n".join(part for part in (item.detail, item.link) if part)
        if description:
            event.add("description", description)
        if item.category:
            event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
