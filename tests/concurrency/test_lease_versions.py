"""Fifty writers at one lease: one wins per version, the rest 409, and nothing is lost."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient, Response

from tenantcrm.leases.tables import Lease
from tests.api import factories as make
from tests.api.checks import problem
from tests.concurrency.race import back_off, race

WRITERS = 50


async def a_lease(client: AsyncClient) -> dict[str, Any]:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    return await make.lease(client, tenant["id"], [unit["id"]], notes="")


async def stored(lease_id: str) -> dict[str, Any]:
    row = await Lease.select().where(Lease.id == lease_id).first()
    assert row is not None
    return row


async def test_fifty_edits_of_one_version_let_exactly_one_win(client: AsyncClient) -> None:
    lease = await a_lease(client)
    url = f"/api/leases/{lease['id']}"

    def edit(n: int) -> Any:
        body = {"notes": f"writer {n}", "end_date": f"2028-{n % 12 + 1:02d}-28", "version": 1}
        return lambda: client.patch(url, json=body)

    result = await race([edit(n) for n in range(WRITERS)], hold=("lease", lease["id"]))
    assert result.statuses == {200: 1, 409: WRITERS - 1}, result.texts()
    for loser in result.with_status(409):
        body = problem(loser, 409)
        assert body["conflicts"] == [{"field": "version", "sent": 1, "current": 2}]
        assert "version" in body["detail"]
    winner = result.with_status(200)[0].json()
    assert winner["version"] == 2
    row = await stored(lease["id"])
    assert (row["version"], row["notes"], str(row["end_date"])) == (
        2,
        winner["notes"],
        winner["end_date"],
    )
    shown = (await client.get(url)).json()
    assert (shown["notes"], shown["end_date"], shown["version"]) == (
        winner["notes"],
        winner["end_date"],
        2,
    )


async def test_fifty_writers_retrying_on_409_lose_nothing(client: AsyncClient) -> None:
    """Each writer appends its own line to the notes: read, change, write; on 409 read again."""
    lease = await a_lease(client)
    url = f"/api/leases/{lease['id']}"
    attempts: list[int] = []

    async def append(n: int) -> Response:
        tries = 0
        while True:
            tries += 1
            current = (await client.get(url)).json()
            notes = "\n".join(filter(None, [current["notes"], f"writer {n}"]))
            response = await client.patch(
                url, json={"notes": notes}, headers={"If-Match": f'"{current["version"]}"'}
            )
            if response.status_code != 409:
                attempts.append(tries)
                return response
            assert problem(response, 409)["conflicts"][0]["field"] == "version"
            await back_off(tries)

    result = await race([lambda n=n: append(n) for n in range(WRITERS)])
    assert result.statuses == {200: WRITERS}, result.texts()
    row = await stored(lease["id"])
    lines = row["notes"].split("\n")
    assert sorted(lines) == sorted(f"writer {n}" for n in range(WRITERS))
    assert row["version"] == 1 + WRITERS
    # Every version was won exactly once: the versions the writers were answered with.
    assert sorted(r.json()["version"] for r in result.responses) == list(range(2, WRITERS + 2))
    assert sum(attempts) >= WRITERS


async def test_a_patch_without_a_version_is_428_and_changes_nothing(client: AsyncClient) -> None:
    lease = await a_lease(client)
    url = f"/api/leases/{lease['id']}"
    result = await race([lambda: client.patch(url, json={"notes": "sneaky"}) for _ in range(10)])
    assert result.statuses == {428: 10}, result.texts()
    for response in result.responses:
        assert "version" in problem(response, 428)["detail"].lower()
    row = await stored(lease["id"])
    assert (row["version"], row["notes"]) == (1, "")
