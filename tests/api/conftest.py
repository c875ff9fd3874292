"""API tests: one migrated database per run, emptied before each test, one app client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from litestar.testing import AsyncTestClient

from tenantcrm.app import create_app
from tenantcrm.buildings.tables import Building, Unit
from tenantcrm.leases.tables import Lease, LeaseUnit, RentStep
from tenantcrm.migrate import migrate
from tenantcrm.settings import Settings
from tenantcrm.tenants.tables import Contact, Tenant

TODAY = date(2026, 3, 15)
"""The business date of every API test, so expiries and current rents are stable."""

# Children first, so deleting never trips a foreign key.
TABLES = (RentStep, LeaseUnit, Lease, Contact, Tenant, Unit, Building)


@pytest.fixture(scope="session")
async def app_client() -> AsyncIterator[AsyncTestClient]:
    await migrate()
    app = create_app(Settings(today=TODAY))
    async with AsyncTestClient(app=app) as client:
        yield client


@pytest.fixture
async def client(app_client: AsyncTestClient) -> AsyncIterator[AsyncTestClient]:
    for table in TABLES:
        await table.delete(force=True)
    yield app_client
