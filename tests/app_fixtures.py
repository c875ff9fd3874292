"""The app fixtures of the API and report tests: one migrated database per run, emptied
before each test, one app client (a pytest plugin, loaded by tests/conftest.py once the
database is chosen).

The client signs its requests with the bearer token of an admin made once per run, so tests
reach every route; tests of roles make their own users and tokens.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from tenantcrm.app import create_app
from tenantcrm.archive.export import export_archive
from tenantcrm.archive.restore import restore_archive
from tenantcrm.audit.tracking import unaudited
from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.auth.schemas import UserIn
from tenantcrm.auth.tables import ApiToken, User
from tenantcrm.db import close_pool, open_pool
from tenantcrm.demo import PortfolioCounts, PortfolioSize, generate_portfolio
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


_PORTFOLIOS: dict[tuple[PortfolioSize, int], tuple[Path, PortfolioCounts]] = {}
"""Demo portfolios generated in this run, by size and seed: their archive and counts."""


async def demo_portfolio(size: PortfolioSize, seed: int) -> PortfolioCounts:
    """A demo portfolio in the emptied database: generated the first time a run asks for it
    (through the generator, which its own tests check), then restored from an export of that
    first one, which is the same rows in a fraction of the time."""
    if (size, seed) in _PORTFOLIOS:
        archive, counts = _PORTFOLIOS[size, seed]
        await restore_archive(archive, replace=True)
        return counts
    counts = await generate_portfolio(size, today=TODAY, seed=seed)
    archive = Path(tempfile.mkdtemp(prefix="tenantcrm-tests-")) / f"demo-{seed}.zip"
    await export_archive(archive)
    _PORTFOLIOS[size, seed] = (archive, counts)
    return counts
