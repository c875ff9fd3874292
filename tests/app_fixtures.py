"""The app fixtures of the API and report tests: one migrated database per run, emptied
before each test, one app client (a pytest plugin, loaded by tests/conftest.py once the
database is chosen).

The client signs its requests with the bearer token of an admin made once per run, so tests
reach every route; tests of roles make their own users and tokens.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from tenantcrm.app import create_app
from tenantcrm.audit.tracking import unaudited
from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.auth.schemas import UserIn
from tenantcrm.auth.tables import ApiToken, User
from tenantcrm.db import close_pool, open_pool
from tenantcrm.migrate import migrate
from tenantcrm.settings import Settings

TODAY = date(2026, 3, 15)
"""The business date of every API test, so expiries and current rents are stable."""

# Every domain's tables, children first, so emptying them never trips a foreign key.
ALL_TABLES = tuple(reversed(sort_table_classes(Finder().get_table_classes())))
# Emptied apart: the run's admin and its token stay, and sign every request.
TABLES = tuple(table for table in ALL_TABLES if table not in (ApiToken, User))
ADMIN = "test-admin"


@pytest.fixture(scope="session")
async def transport() -> AsyncIterator[httpx.ASGITransport]:
    """The app over ASGI in the tests' own event loop (the pool is opened here, not per test)."""
    settings = Settings(today=TODAY)
    await migrate()
    await open_pool(settings)
    try:
        yield httpx.ASGITransport(app=create_app(settings))
    finally:
        await close_pool()


@pytest.fixture(scope="session")
async def app_client(transport: httpx.ASGITransport) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as the run's admin."""
    with unaudited():
        for table in ALL_TABLES:
            await table.delete(force=True)
    await users.create_user(UserIn(username=ADMIN, password="test-admin", role=Role.ADMIN))
    token = await users.create_token(ADMIN, "tests")
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers
    ) as client:
        yield client


@pytest.fixture
async def client(app_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The app client, over an empty database (but for the run's admin and its token)."""
    with unaudited():
        for table in TABLES:
            await table.delete(force=True)
        await User.delete().where(User.username != ADMIN)
    return app_client
