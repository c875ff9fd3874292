"""What a domain hands the reminder engine: a reminder that should exist, not yet stored.

Each domain's service offers ``async def due(today, window) -> list[ReminderDraft]``; the
engine in ``tenantcrm/reminders/`` stores drafts under their unique key
``(kind, subject, due)`` so a sweep run twice creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ReminderDraft:
    kind: str
    """What it is about, namespaced by domain: ``lease.renewal_12m``, ``care.visit_due`` …"""
    subject: UUID
    """The record it is about (a lease, a tenant, a complaint …)."""
    due: date
    """The day it falls due; with ``kind`` and ``subject`` it is the reminder's identity."""
    title: str
    detail: str = ""
    recipient: UUID | None = None
    """The user it is addressed to (usually the tenant's manager); None: the building's team."""
    tenant: UUID | None = None
    building: UUID | None = None
    link: str = ""
    """Where in the app (or API) to act on it, such as ``/api/leases/{id}``."""
