"""Write a planned demo portfolio into an empty, migrated database with bulk inserts."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from piccolo.table import Table

from tenantcrm.audit.actor import Actor, acting_as
from tenantcrm.buildings.tables import Building, Unit
from tenantcrm.db import write_transaction
from tenantcrm.demo.anchors import AnchorCounts, generate_anchors
from tenantcrm.demo.care import generate_care
from tenantcrm.demo.complaints import generate_complaints
from tenantcrm.demo.lifecycle import LifecycleCounts, generate_lifecycle
from tenantcrm.demo.people import generate_people
from tenantcrm.demo.plan import Plan, PortfolioSize, Row, plan_portfolio
from tenantcrm.demo.reminders import generate_reminders
from tenantcrm.leases.tables import Lease, LeaseUnit, RentStep
from tenantcrm.tenants.tables import Contact, Tenant

DEMO_ACTOR = Actor("demo generator")
"""Who the demo portfolio's records were written by, in the audit trail."""

BATCH_ROWS = 1_000
"""Rows per INSERT: well under the bound-parameter limits of SQLite and PostgreSQL."""


class PortfolioNotEmptyError(RuntimeError):
    """The database already holds buildings or tenants; the demo only fills an empty one."""


@dataclass(frozen=True)
class PortfolioCounts:
    """How many rows of each kind the generator wrote."""

    buildings: int
    units: int
    tenants: int
    contacts: int
    leases: int
    rent_steps: int
    users: int = 0
    lifecycle: LifecycleCounts | None = None
    anchors: AnchorCounts | None = None


def _batches(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def _insert(table: type[Table], rows: Sequence[Row]) -> None:
    for batch in _batches(rows, BATCH_ROWS):
        await table.insert(*(table(**row) for row in batch))


async def write_plan(plan: Plan) -> None:
    """Insert every planned row in one transaction: all of the portfolio or none of it."""
    async with write_transaction():
        if await Building.exists() or await Tenant.exists():
            raise PortfolioNotEmptyError(
                "the database already has buildings or tenants; generate into an empty one"
            )
        await _insert(Building, plan.buildings)
        await _insert(Unit, plan.units)
        await _insert(Tenant, plan.tenants)
        await _insert(Contact, plan.contacts)
        await _insert(Lease, plan.leases)
        await _insert(LeaseUnit, plan.lease_units)
        await _insert(RentStep, plan.rent_steps)
    # Fresh planner statistics: without them PostgreSQL plans a bulk-loaded database as if it
    # were nearly empty (seq scans and hash joins where an index lookup is 30x faster), until
    # autovacuum happens to catch up. SQLite's planner uses them to choose between indexes.
    for table in (Building, Unit, Tenant, Contact, Lease, LeaseUnit, RentStep):
        await table.raw(f"ANALYZE {table._meta.tablename}")


async def generate_portfolio(size: PortfolioSize, today: date, seed: int = 7) -> PortfolioCounts:
    """Fill an empty, migrated database with a portfolio of ``size`` as it stands on ``today``.

    The same size, day and seed always give the same portfolio, ids included.
    Raises ``PortfolioNotEmptyError`` (and writes nothing) if buildings or tenants exist.
    """
    # Planning is pure CPU work; keep the event loop free while it runs.
    plan = await asyncio.to_thread(plan_portfolio, size, today, seed)
    with acting_as(DEMO_ACTOR):
        await write_plan(plan)
        people = await generate_people()
        lifecycle = await generate_lifecycle(today, seed)
        # After the lifecycle: complaints may be linked to its soft-churn move-outs.
        await generate_complaints(today, seed)
        await generate_care(today, seed)
        await generate_reminders(today, seed)
        anchors = await generate_anchors(today, seed)
    return dataclasses.replace(counts_of(plan), users=people, lifecycle=lifecycle, anchors=anchors)


def counts_of(plan: Plan) -> PortfolioCounts:
    return PortfolioCounts(
        buildings=len(plan.buildings),
        units=len(plan.units),
        tenants=len(plan.tenants),
        contacts=len(plan.contacts),
        leases=len(plan.leases),
        rent_steps=len(plan.rent_steps),
    )
