"""API tests: one migrated database per run, emptied before each test, one app client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from tenantcrm.app import create_app
from tenantcrm.db import close_pool, open_pool
from tenantcrm.migrate import migrate
from tenantcrm.settings import Settings

TODAY = date(2026, 3, 15)
"""The business date of every API test, so expiries and current rents are stable."""

# Every domain's tables, children first, so emptying them never trips a foreign key.
TABLES = tuple(reversed(sort_table_classes(Finder().get_table_classes())))


@pytest.fixture(scope="session")
async def app_client() -> AsyncIterator[httpx.AsyncClient]:
    """The app over ASGI in the tests' own event loop (the pool is opened here, not per test)."""
    settings = Settings(today=TODAY)
    await migrate()
    await open_pool(settings)
    transport = httpx.ASGITransport(app=create_app(settings))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
    finally:
        await close_pool()


@pytest.fixture
async def client(app_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The app client, over an empty database."""
    for table in TABLES:
        await table.delete(force=True)
    return app_client
