"""The demo's reminders: the sweep of the demo's day, as the scheduler would have run it."""

from __future__ import annotations

from datetime import date

from tenantcrm.reminders.service import sweep
from tenantcrm.settings import get_settings


async def generate_reminders(today: date, seed: int) -> int:
    """Raise the reminders due on ``today`` and within the window; how many were created.

    ``seed`` is unused: reminders follow from the leases (and later care and complaints).
    """
    del seed
    result = await sweep(today, get_settings())
    return result.created
