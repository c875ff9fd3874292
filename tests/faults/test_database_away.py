"""What the driver raises while the database is away becomes a 503 problem with Retry-After
(in process, on both engines; ``test_pg_outage.py`` stops a real server)."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from httpx import AsyncClient

from tenantcrm.tenants import service
from tests.api.checks import problem
from tests.web_fixtures import SignIn

AWAY = [
    ConnectionRefusedError(111, "Connect call failed"),
    ConnectionResetError(104, "Connection reset by peer"),
    asyncpg.CannotConnectNowError("the database system is shutting down"),
    asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    asyncpg.InterfaceError(
        "cannot call Transaction.rollback(): the underlying connection is closed"
    ),
    asyncpg.InternalClientError("cannot switch to state 15; another operation is in progress"),
]


@pytest.mark.parametrize("error", AWAY, ids=lambda e: type(e).__name__)
async def test_a_database_away_is_a_503_with_retry_after(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    async def away(*args: Any, **kwargs: Any) -> None:
        raise error

    monkeypatch.setattr(service, "list_tenants", away)
    response = await client.get("/api/tenants")
    body = problem(response, 503)
    assert response.headers["retry-after"] == "5"
    assert "try again" in body["detail"]


async def test_other_driver_errors_stay_500(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def misuse(*args: Any, **kwargs: Any) -> None:
        raise asyncpg.InterfaceError("the server expects 2 arguments, 3 were passed")

    monkeypatch.setattr(service, "list_tenants", misuse)
    response = await client.get("/api/tenants")
    problem(response, 500)
    assert "retry-after" not in response.headers


async def test_a_web_page_says_the_database_is_away(
    sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = await sign_in("manager")

    async def away(*args: Any, **kwargs: Any) -> None:
        raise asyncpg.CannotConnectNowError("the database system is starting up")

    monkeypatch.setattr(service, "list_tenants", away)
    page = await browser.get("/tenants")
    assert page.status_code == 503
    assert page.headers["retry-after"] == "5"
    assert page.headers["content-type"].startswith("text/html")
    assert "The database cannot be reached just now" in page.text
