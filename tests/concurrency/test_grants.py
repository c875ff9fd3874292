"""Many requests for one thing that only one may hold: a unit over a term, a parking bay."""

from __future__ import annotations

import itertools
from typing import Any

from httpx import AsyncClient

from tenantcrm.audit.tables import AuditEntry
from tenantcrm.benefits.tables import BenefitGrant
from tenantcrm.leases.tables import Lease, LeaseUnit
from tests.api import factories as make
from tests.api.checks import problem
from tests.concurrency.race import race

RACERS = 20


async def test_lets_of_one_unit_let_exactly_one_in(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"], code="09-01")
    tenants = [await make.tenant(client, name=f"Racer {n:02d}") for n in range(RACERS)]

    def let(n: int, tenant: dict[str, Any]) -> Any:
        body = {
            "tenant": tenant["id"],
            "units": [unit["id"]],
            # every term overlaps every other one in 2026-07
            "start_date": f"2026-0{n % 6 + 1}-01",
            "end_date": f"2027-{n % 12 + 1:02d}-28",
            "status": "active",
            "base_rent": "10000.00",
        }
        return lambda: client.post("/api/leases", json=body)

    result = await race(
        [let(n, tenant) for n, tenant in enumerate(tenants)], hold=("unit", unit["id"])
    )
    assert result.statuses == {201: 1, 409: RACERS - 1}, result.texts()
    winner = result.with_status(201)[0].json()
    holder = next(t["name"] for t in tenants if t["id"] == winner["tenant"])
    for loser in result.with_status(409):
        body = problem(loser, 409)
        assert winner["id"] in body["detail"]
        assert holder in body["detail"]
        assert "09-01" in body["detail"]
        assert [c["lease"] for c in body["conflicts"]] == [winner["id"]]
    assert await Lease.count() == 1
    assert await LeaseUnit.count().where(LeaseUnit.unit == unit["id"]) == 1


async def test_lets_of_two_units_named_in_opposite_orders_do_not_deadlock(
    client: AsyncClient,
) -> None:
    building = await make.building(client)
    first = (await make.unit(client, building["id"]))["id"]
    second = (await make.unit(client, building["id"]))["id"]
    tenant = await make.tenant(client)
    orders = list(itertools.islice(itertools.cycle([[first, second], [second, first]]), RACERS))

    def let(units: list[str]) -> Any:
        body = {
            "tenant": tenant["id"],
            "units": units,
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
            "base_rent": "1.00",
        }
        return lambda: client.post("/api/leases", json=body)

    result = await race([let(units) for units in orders], hold=("unit", first))
    assert result.statuses == {201: 1, 409: RACERS - 1}, result.texts()
    assert await Lease.count() == 1
    assert await LeaseUnit.count() == 2


async def test_grants_of_one_parking_bay_give_one_grant(client: AsyncClient) -> None:
    building = await make.building(client)
    bay = await make.created(
        client,
        "/api/resources",
        {"building": building["id"], "kind": "parking_bay", "code": "P2-017", "location": "B2"},
    )
    tenants = [await make.tenant(client, name=f"停车 Racer {n:02d}") for n in range(RACERS)]

    def grant(n: int, tenant: dict[str, Any]) -> Any:
        body = {
            "tenant": tenant["id"],
            "kind": "parking_space",
            "resource": bay["id"],
            "start_date": f"2026-0{n % 3 + 1}-01",
            "end_date": "2026-12-31",
            "annual_cost": "9600.00",
        }
        return lambda: client.post("/api/benefits", json=body)

    result = await race(
        [grant(n, tenant) for n, tenant in enumerate(tenants)], hold=("resource", bay["id"])
    )
    assert result.statuses == {201: 1, 409: RACERS - 1}, result.texts()
    winner = result.with_status(201)[0].json()
    holder = next(t["name"] for t in tenants if t["id"] == winner["tenant"])
    for loser in result.with_status(409):
        body = problem(loser, 409)
        assert holder in body["detail"]
        assert "P2-017" in body["detail"]
        assert body["conflicts"][0]["id"] == winner["id"]
    assert await BenefitGrant.count() == 1
    granted = AuditEntry.action == "granted"
    assert await AuditEntry.count().where(granted) == 1
