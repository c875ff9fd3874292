"""Demo care history: up to a year of logged contacts, most tenants on schedule, some overdue.

Reads the portfolio as written (tenants owed care and their plans, through the care service)
and inserts contacts in batches, so it is fast on the 50,000-tenant bench portfolio too.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta

from tenantcrm.care import service as care
from tenantcrm.care.enums import ContactKind, Sentiment
from tenantcrm.care.greetings import greetings_between
from tenantcrm.care.tables import CareContact
from tenantcrm.db import write_transaction
from tenantcrm.tenants.tables import Contact

BATCH_ROWS = 1_000
HISTORY_MONTHS = 12
MAX_PER_KIND = 3
"""The latest few contacts of each kind within the history: enough for plans and trends, and
few enough rows (about five a tenant) for the bench portfolio."""
OVERDUE_SHARE = 0.15
"""About this share of tenants have let one kind of contact lapse."""

NOTES: dict[ContactKind, tuple[str, ...]] = {
    ContactKind.VISIT: (
        "Visited the office; met the general manager",
        "Walked the floor with the admin head; checked the air-conditioning fix",
        "Coffee with the executive team",
    ),
    ContactKind.CALL: (
        "Check-in call",
        "Called about the lift refurbishment schedule",
        "Call with the office manager about parking",
    ),
    ContactKind.MESSAGE: ("Sent the building newsletter", "Message about the fire drill"),
    ContactKind.GIFT: ("Holiday gift box delivered", "Mooncakes for the team"),
    ContactKind.EVENT: ("Invited to the tenants' networking evening",),
    ContactKind.FEEDBACK_REQUEST: ("Annual satisfaction survey sent",),
    ContactKind.BUSINESS_REVIEW: (
        "Quarterly review: headcount plans and space needs",
        "Business review with the regional director",
    ),
}
OUTCOMES = ("", "", "All well", "Asked about extra storage", "Interested in expanding")


def _uuid(rng: random.Random) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


def _sentiment(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return Sentiment.POSITIVE.value
    return Sentiment.NEUTRAL.value if roll < 0.92 else Sentiment.NEGATIVE.value


async def generate_care(today: date, seed: int) -> int:
    """Insert a care history for every tenant owed care on ``today``; the number of contacts."""
    rng = random.Random(f"care-{seed}")
    cares = await care.portfolio_care(today)
    people: dict[UUID, list[UUID]] = defaultdict(list)
    for row in await Contact.select(Contact.id, Contact.tenant).order_by(Contact.id):
        people[row["tenant"]].append(row["id"])
    horizon = today - relativedelta(months=HISTORY_MONTHS)
    rows: list[dict[str, Any]] = []
    festivals = [
        g
        for g in greetings_between("CN", horizon, today)
        if g.key in {"lunar_new_year", "mid_autumn"}
    ]

    def add(tenant: UUID, manager: UUID | None, kind: ContactKind, day: date) -> None:
        persons = people.get(tenant)
        rows.append(
            {
                "id": _uuid(rng),
                "tenant": tenant,
                "kind": kind.value,
                "day": day,
                "person": rng.choice(persons) if persons and kind != ContactKind.GIFT else None,
                "manager": manager,
                "notes": rng.choice(NOTES[kind]),
                "sentiment": _sentiment(rng),
                "outcome": rng.choice(OUTCOMES),
            }
        )

    for tenant_care in cares:
        tenant, since = tenant_care.tenant, tenant_care.holding.since
        start = max(since, horizon)
        lapsed = rng.choice(tenant_care.items).kind if rng.random() < OVERDUE_SHARE else None
        for item in tenant_care.items:
            span = 30 * item.interval_months
            if item.kind == lapsed:  # its last contact is a little over one interval ago
                last = today - relativedelta(months=item.interval_months)
                last -= timedelta(days=rng.randint(3, 45))
            else:
                last = today - timedelta(days=rng.randint(0, span * 4 // 5))
            day = last
            for _ in range(MAX_PER_KIND):
                if day < start:
                    break
                add(tenant.id, tenant.manager, item.kind, day)
                day -= relativedelta(months=item.interval_months)
                day += timedelta(days=rng.randint(-6, 6))
        # gifts a few days before Lunar New Year and Mid-Autumn (the same days in CN, HK, TW)
        for greeting in festivals:
            if greeting.day >= start and rng.random() < 0.6:
                gift_day = greeting.day - timedelta(days=rng.randint(1, 5))
                add(tenant.id, tenant.manager, ContactKind.GIFT, gift_day)
    rows.sort(key=lambda r: (r["day"], str(r["id"])))
    async with write_transaction():
        for first in range(0, len(rows), BATCH_ROWS):
            batch = rows[first : first + BATCH_ROWS]
            await CareContact.insert(*(CareContact(**row) for row in batch))
    await CareContact.raw(f"ANALYZE {CareContact._meta.tablename}")
    return len(rows)
