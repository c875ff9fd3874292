"""The races again, against a real server: uvicorn with two worker processes on 127.0.0.1,
many HTTP connections at once, so writers overlap across processes and database connections.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx import AsyncClient, Response

from tenantcrm.devtools.ports import free_port
from tenantcrm.leases.tables import Lease
from tests.api import factories as make
from tests.api.checks import problem
from tests.app_fixtures import TODAY
from tests.concurrency.race import back_off, race

WRITERS = 50
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``tenantcrm.app`` under uvicorn (two workers) on the tests' database."""
    port = free_port()
    env = {
        **os.environ,
        "TENANTCRM_TODAY": TODAY.isoformat(),
        "TENANTCRM_SCHEDULER": "false",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "tenantcrm.app:create_app", "--factory"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", "2"),
            *("--log-level", "warning"),
        ],
        env=env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, "the server exited on start"
            try:
                if httpx.get(f"{url}/login", timeout=1).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
async def remote(server: str, client: AsyncClient) -> AsyncIterator[AsyncClient]:
    """A client of the real server, signed in as the in-process client is, with many
    connections (one per request in flight)."""
    limits = httpx.Limits(max_connections=WRITERS, max_keepalive_connections=WRITERS)
    async with httpx.AsyncClient(
        base_url=server,
        headers={"Authorization": client.headers["Authorization"]},
        limits=limits,
        timeout=60,
    ) as remote:
        yield remote


async def a_lease(client: AsyncClient) -> dict[str, Any]:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    return await make.lease(client, (await make.tenant(client))["id"], [unit["id"]], notes="")


async def test_fifty_edits_of_one_version_over_http(
    client: AsyncClient, remote: AsyncClient
) -> None:
    lease = await a_lease(client)
    url = f"/api/leases/{lease['id']}"
    result = await race(
        [
            lambda n=n: remote.patch(url, json={"notes": f"writer {n}", "version": 1})
            for n in range(WRITERS)
        ],
        hold=("lease", lease["id"]),
    )
    assert result.statuses == {200: 1, 409: WRITERS - 1}, result.texts()
    for loser in result.with_status(409):
        assert problem(loser, 409)["conflicts"] == [{"field": "version", "sent": 1, "current": 2}]
    winner = result.with_status(200)[0].json()
    row = await Lease.select(Lease.notes, Lease.version).where(Lease.id == lease["id"]).first()
    assert row == {"notes": winner["notes"], "version": 2}


async def test_fifty_retrying_writers_over_http_lose_nothing(
    client: AsyncClient, remote: AsyncClient
) -> None:
    lease = await a_lease(client)
    url = f"/api/leases/{lease['id']}"

    async def append(n: int) -> Response:
        tries = 0
        while True:
            tries += 1
            current = (await remote.get(url)).json()
            notes = "\n".join(filter(None, [current["notes"], f"writer {n}"]))
            response = await remote.patch(url, json={"notes": notes, "version": current["version"]})
            if response.status_code != 409:
                return response
            await back_off(tries)

    result = await race([lambda n=n: append(n) for n in range(WRITERS)])
    assert result.statuses == {200: WRITERS}, result.texts()
    row = await Lease.select(Lease.notes, Lease.version).where(Lease.id == lease["id"]).first()
    assert row is not None
    assert sorted(row["notes"].split("\n")) == sorted(f"writer {n}" for n in range(WRITERS))
    assert row["version"] == 1 + WRITERS
    # Each writer was answered with the version its own edit made.
    assert sorted(r.json()["version"] for r in result.responses) == list(range(2, WRITERS + 2))


async def test_lets_of_one_unit_over_http(client: AsyncClient, remote: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenants = [await make.tenant(client) for _ in range(20)]
    body = {
        "units": [unit["id"]],
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "status": "active",
        "base_rent": "10000.00",
    }
    result = await race(
        [lambda t=t: remote.post("/api/leases", json={**body, "tenant": t["id"]}) for t in tenants],
        hold=("unit", unit["id"]),
    )
    assert result.statuses == {201: 1, 409: 19}, result.texts()
    winner = result.with_status(201)[0].json()
    for loser in result.with_status(409):
        assert winner["id"] in problem(loser, 409)["detail"]
    assert await Lease.count() == 1
