"""Fixtures of the fuzz run: a small demo portfolio and its ids, a sender on the app's loop,
and a summary of how each operation answered."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tenantcrm.audit.tracking import unaudited
from tenantcrm.auth.tables import User
from tenantcrm.demo import generate_portfolio
from tests.app_fixtures import ADMIN, TABLES, TODAY
from tests.fuzz.harness import LISTS, POOLS, SMALL, STATUSES, Fuzz


@pytest.fixture(scope="session")
async def app_loop(app_client: httpx.AsyncClient) -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


@pytest.fixture(scope="module")
async def portfolio(app_client: httpx.AsyncClient) -> dict[str, list[str]]:
    """A small demo portfolio, and the ids of every kind of record in it."""
    with unaudited():
        for table in TABLES:
            await table.delete(force=True)
        await User.delete().where(User.username != ADMIN)
    await generate_portfolio(SMALL, today=TODAY, seed=8)
    await _options_and_concessions(app_client)
    ids: dict[str, list[str]] = {}
    for kind, path in LISTS.items():
        response = await app_client.get(path, params={"limit": 500})
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        # Never edit the run's own admin: the rest of the run signs in as it.
        ids[kind] = [item["id"] for item in items if item.get("username") != ADMIN]
    for lease in ids["lease"][:40]:
        for kind, path in (("step", "rent-steps"), ("option", "options")):
            response = await app_client.get(f"/api/leases/{lease}/{path}")
            assert response.status_code == 200, response.text
            ids.setdefault(kind, []).extend(item["id"] for item in response.json())
    POOLS.update({kind: len(found) for kind, found in ids.items()})
    return ids


async def _options_and_concessions(client: httpx.AsyncClient) -> None:
    """The demo makes neither lease options nor rent concessions: a few of each."""
    response = await client.get("/api/leases", params={"status": "active", "limit": 4})
    assert response.status_code == 200, response.text
    for lease in response.json()["items"]:
        option = {"kind": "renew", "opens": TODAY.isoformat(), "closes": lease["end_date"]}
        made = await client.post(f"/api/leases/{lease['id']}/options", json=option)
        assert made.status_code == 201, made.text
        concession = {
            "tenant": lease["tenant"],
            "kind": "rent_concession",
            "lease": lease["id"],
            "start_date": TODAY.isoformat(),
            "end_date": lease["end_date"],
            "monthly_amount": "100.00",
        }
        made = await client.post("/api/benefits", json=concession)
        assert made.status_code == 201, made.text


@pytest.fixture(scope="module", autouse=True)
def quiet_httpx() -> Iterator[None]:
    """Thousands of requests: a failure's report shows the case, not a log line per request."""
    logger = logging.getLogger("httpx")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture
def fuzz(
    app_loop: asyncio.AbstractEventLoop,
    app_client: httpx.AsyncClient,
    portfolio: dict[str, list[str]],
) -> Fuzz:
    return Fuzz(app_loop, app_client, portfolio)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How each fuzzed operation answered: the share of cases that went past 404 and 422."""
    if not STATUSES:
        return
    by_operation: dict[str, dict[int, int]] = {}
    for (operation, status), count in STATUSES.items():
        by_operation.setdefault(operation, {})[status] = count
    write = terminalreporter.write_line
    terminalreporter.section("fuzzed operations: responses by status")
    total = sum(STATUSES.values())
    for operation, statuses in sorted(by_operation.items()):
        spread = " ".join(f"{status}:{count}" for status, count in sorted(statuses.items()))
        write(f"{operation:<62} {spread}")
    reached = sum(1 for statuses in by_operation.values() if any(s < 300 for s in statuses))
    write(f"{len(by_operation)} operations, {total} cases, {reached} operations answered 2xx")
    write("real records offered: " + ", ".join(f"{k} {n}" for k, n in sorted(POOLS.items())))
