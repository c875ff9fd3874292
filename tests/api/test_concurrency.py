"""Optimistic concurrency (versions, If-Match) and writers racing for the same records."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import problem

Maker = Callable[[AsyncClient], Awaitable[tuple[str, dict[str, Any]]]]
"""Creates one record; returns its URL and a harmless change to PATCH."""


async def a_building(client: AsyncClient) -> tuple[str, dict[str, Any]]:
    building = await make.building(client)
    return f"/api/buildings/{building['id']}", {"city": "Beijing"}


async def a_unit(client: AsyncClient) -> tuple[str, dict[str, Any]]:
    unit = await make.unit(client, (await make.building(client))["id"])
    return f"/api/units/{unit['id']}", {"floor": 7}


async def a_tenant(client: AsyncClient) -> tuple[str, dict[str, Any]]:
    tenant = await make.tenant(client)
    return f"/api/tenants/{tenant['id']}", {"notes": "called on Monday"}


async def a_contact(client: AsyncClient) -> tuple[str, dict[str, Any]]:
    contact = await make.contact(client, (await make.tenant(client))["id"])
    return f"/api/contacts/{contact['id']}", {"role": "CFO"}


async def a_lease(client: AsyncClient) -> tuple[str, dict[str, Any]]:
    unit = await make.unit(client, (await make.building(client))["id"])
    lease = await make.lease(
        client, (await make.tenant(client))["id"], [unit["id"]], status="draft"
    )
    return f"/api/leases/{lease['id']}", {"notes": "signed copy pending"}


async def a_rent_step(client: AsyncClient) -> tuple[str, dict[str, Any]]:
    unit = await make.unit(client, (await make.building(client))["id"])
    lease = await make.lease(
        client,
        (await make.tenant(client))["id"],
        [unit["id"]],
        rent_steps=[{"kind": "fixed", "effective": "2026-01-01", "amount": "11000.00"}],
    )
    return f"/api/rent-steps/{lease['rent_steps'][0]['id']}", {"note": "agreed in January"}


RECORDS = [a_building, a_unit, a_tenant, a_contact, a_lease, a_rent_step]


async def read(client: AsyncClient, url: str) -> dict[str, Any]:
    """The record as the API shows it (a rent step is read through its lease)."""
    if url.startswith("/api/rent-steps/"):
        step_id = url.rsplit("/", 1)[1]
        leases = (await client.get("/api/leases")).json()["items"]
        return next(s for lease in leases for s in lease["rent_steps"] if s["id"] == step_id)
    response = await client.get(url)
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


@pytest.mark.parametrize("maker", RECORDS, ids=lambda m: m.__name__.removeprefix("a_"))
async def test_versions_guard_every_record(client: AsyncClient, maker: Maker) -> None:
    url, change = await maker(client)
    original = await read(client, url)
    assert original["version"] == 1

    problem(await client.patch(url, json=change), 428)
    problem(await client.delete(url), 428)

    response = await client.patch(url, json=change, headers={"If-Match": "1"})
    assert response.status_code == 200, response.text
    won = response.json()
    assert won["version"] == 2
    assert all(won[name] == value for name, value in change.items())

    # a stale version, by header or by field, is refused and changes nothing
    stale_header = await client.patch(url, json={**change}, headers={"If-Match": '"1"'})
    body = problem(stale_header, 409)
    assert body["conflicts"] == [{"field": "version", "sent": 1, "current": 2}]
    problem(await client.patch(url, json={**change, "version": 1}), 409)
    assert await read(client, url) == won

    problem(await client.delete(url, params={"version": 1}), 409)
    problem(await client.delete(url, headers={"If-Match": 'W/"1"'}), 409)
    assert await read(client, url) == won

    response = await client.delete(url, headers={"If-Match": 'W/"2"'})
    assert response.status_code == 204, response.text


async def test_header_and_field_must_agree(client: AsyncClient) -> None:
    url, change = await a_tenant(client)
    response = await client.patch(url, json={**change, "version": 1}, headers={"If-Match": "2"})
    problem(response, 422, "version")
    response = await client.patch(url, json=change, headers={"If-Match": "*"})
    problem(response, 422, "If-Match")
    assert (await read(client, url))["version"] == 1


async def test_versions_count_up(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    url = f"/api/tenants/{tenant['id']}"
    for version in range(1, 5):
        response = await client.patch(url, json={"headcount": version * 10, "version": version})
        assert response.status_code == 200, response.text
        assert response.json()["version"] == version + 1
    assert (await read(client, url))["headcount"] == 40


async def test_concurrent_edits_of_one_version_let_exactly_one_win(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    url = f"/api/tenants/{tenant['id']}"
    responses = await asyncio.gather(
        *[client.patch(url, json={"notes": f"edit {n}", "version": 1}) for n in range(10)]
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 409: 9}, [r.text for r in responses]
    winner = next(r.json() for r in responses if r.status_code == 200)
    current = await read(client, url)
    assert current["version"] == 2
    assert current["notes"] == winner["notes"]


async def test_concurrent_edits_of_a_lease_let_exactly_one_win(client: AsyncClient) -> None:
    url, _ = await a_lease(client)
    responses = await asyncio.gather(
        *[client.patch(url, json={"end_date": f"2028-0{n}-28", "version": 1}) for n in range(1, 7)]
    )
    assert Counter(r.status_code for r in responses) == {200: 1, 409: 5}
    winner = next(r.json() for r in responses if r.status_code == 200)
    assert (await read(client, url))["end_date"] == winner["end_date"]


@pytest.mark.parametrize("racers", [2, 5])
async def test_concurrent_lets_of_one_unit_let_exactly_one_in(
    client: AsyncClient, racers: int
) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenants = [await make.tenant(client) for _ in range(racers)]
    responses = await asyncio.gather(
        *[
            client.post(
                "/api/leases",
                json={
                    "tenant": tenant["id"],
                    "units": [unit["id"]],
                    "start_date": f"2026-0{n + 1}-01",
                    "end_date": "2028-12-31",
                    "status": "active",
                    "base_rent": "10000.00",
                },
            )
            for n, tenant in enumerate(tenants)
        ]
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: racers - 1}, [r.text for r in responses]
    assert await make.total(client, "/api/leases") == 1
    winner = next(r.json() for r in responses if r.status_code == 201)
    for loser in (r for r in responses if r.status_code == 409):
        assert winner["id"] in loser.json()["detail"]


async def test_concurrent_lets_of_units_in_opposite_order(client: AsyncClient) -> None:
    """Two leases naming the same two units in opposite order: one wins, no deadlock."""
    building = await make.building(client)
    first = (await make.unit(client, building["id"]))["id"]
    second = (await make.unit(client, building["id"]))["id"]
    tenant = await make.tenant(client)
    orders = [[first, second], [second, first]] * 2
    responses = await asyncio.gather(
        *[
            client.post(
                "/api/leases",
                json={
                    "tenant": tenant["id"],
                    "units": units,
                    "start_date": "2026-01-01",
                    "end_date": "2027-12-31",
                    "base_rent": "1.00",
                },
            )
            for units in orders
        ]
    )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 3}, [
        r.text for r in responses
    ]


async def test_concurrent_units_with_one_code(client: AsyncClient) -> None:
    building = await make.building(client)
    responses = await asyncio.gather(
        *[
            client.post(
                "/api/units",
                json={"building": building["id"], "floor": 5, "code": "05-01", "area": "10.00"},
            )
            for _ in range(5)
        ]
    )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 4}, [
        r.text for r in responses
    ]
    for loser in (r for r in responses if r.status_code == 409):
        problem(loser, 409)
