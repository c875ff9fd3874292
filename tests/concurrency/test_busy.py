"""A transaction the database rolls back because of a clash with others is a 503, not a 500.

PostgreSQL aborts one of two deadlocked transactions (and, at stricter isolation levels, one of
two that cannot be serialised); SQLite gives up on a writer that waited out its busy timeout.
The whole transaction is rolled back, so the answer says the same request may be sent again.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import asyncpg
import pytest
from httpx import AsyncClient

from tenantcrm.tenants import service as tenants
from tests.api import factories as make
from tests.api.checks import problem

CLASHES = [
    asyncpg.DeadlockDetectedError("deadlock detected"),
    asyncpg.SerializationError("could not serialize access due to concurrent update"),
    sqlite3.OperationalError("database is locked"),
]


@pytest.mark.parametrize("clash", CLASHES, ids=lambda e: type(e).__name__)
async def test_a_clash_is_503_with_retry_after(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch, clash: Exception
) -> None:
    tenant = await make.tenant(client, notes="before")

    async def refused(*_: Any, **__: Any) -> Any:
        raise clash

    monkeypatch.setattr(tenants, "update_tenant", refused)
    url = f"/api/tenants/{tenant['id']}"
    response = await client.patch(url, json={"notes": "after", "version": 1})
    body = problem(response, 503)
    assert response.headers["Retry-After"] == "1"
    assert "again" in body["detail"]
    monkeypatch.undo()
    assert (await client.get(url)).json()["notes"] == "before"


async def test_other_database_errors_stay_500(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = await make.tenant(client)

    async def broken(*_: Any, **__: Any) -> Any:
        raise sqlite3.OperationalError("no such column: nonsense")

    monkeypatch.setattr(tenants, "update_tenant", broken)
    response = await client.patch(f"/api/tenants/{tenant['id']}", json={"notes": "x", "version": 1})
    problem(response, 500)
    assert "Retry-After" not in response.headers


KEY_CLASHES = [
    asyncpg.ForeignKeyViolationError("violates foreign key constraint"),
    asyncpg.UniqueViolationError("duplicate key value violates unique constraint"),
    sqlite3.IntegrityError("FOREIGN KEY constraint failed"),
    sqlite3.IntegrityError("UNIQUE constraint failed: business_profile.tenant"),
]


@pytest.mark.parametrize("clash", KEY_CLASHES, ids=lambda e: f"{type(e).__name__}:{e}"[:40])
async def test_a_key_broken_by_a_concurrent_change_is_409(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch, clash: Exception
) -> None:
    tenant = await make.tenant(client)

    async def refused(*_: Any, **__: Any) -> Any:
        raise clash

    monkeypatch.setattr(tenants, "update_tenant", refused)
    response = await client.patch(f"/api/tenants/{tenant['id']}", json={"notes": "x", "version": 1})
    assert "same moment" in problem(response, 409)["detail"]


async def test_other_integrity_errors_stay_500(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = await make.tenant(client)

    async def broken(*_: Any, **__: Any) -> Any:
        raise sqlite3.IntegrityError("NOT NULL constraint failed: tenant.name")

    monkeypatch.setattr(tenants, "update_tenant", broken)
    response = await client.patch(f"/api/tenants/{tenant['id']}", json={"notes": "x", "version": 1})
    problem(response, 500)
