"""Building occupancy on a day: counts, areas, rate and floors, worked out by hand."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.api import factories as make


async def test_occupancy_of_a_small_building(client: AsyncClient) -> None:
    """Two floors, six units; "today" is 2026-03-15.

    Floor 10: A 100.00 let (active to 2027-12-31), B 50.50 vacant, C 30.00 off the market.
    Floor 11: D 200.00 let until 2025-12-31 (ended), E 80.25 under a draft lease only,
              F 120.00 off the market but let from 2026-01-01 (a lease wins over the flag).
    """
    building = await make.building(client)
    other_building = await make.building(client)
    bid = building["id"]

    async def unit(floor: int, code: str, area: str, status: str = "available") -> str:
        made = await make.unit(client, bid, floor=floor, code=code, area=area, status=status)
        unit_id: str = made["id"]
        return unit_id

    a = await unit(10, "A", "100.00")
    await unit(10, "B", "50.50")
    await unit(10, "C", "30.00", "off_market")
    d = await unit(11, "D", "200.00")
    e = await unit(11, "E", "80.25")
    f = await unit(11, "F", "120.00", "off_market")
    await make.unit(client, other_building["id"], area="999.00")  # not counted
    alpha = await make.tenant(client, name="Alpha")
    beta = await make.tenant(client, name="Beta")
    lease_a = await make.lease(
        client, alpha["id"], [a], start_date="2025-01-01", end_date="2027-12-31"
    )
    await make.lease(
        client, beta["id"], [d], start_date="2023-01-01", end_date="2025-12-31", status="ended"
    )
    await make.lease(
        client, beta["id"], [e], start_date="2026-03-01", end_date="2027-02-28", status="draft"
    )
    lease_f = await make.lease(
        client, beta["id"], [f], start_date="2026-01-01", end_date="2028-12-31"
    )

    response = await client.get(f"/api/buildings/{bid}/occupancy")
    assert response.status_code == 200, response.text
    today = response.json()
    assert (today["building"], today["on"]) == (bid, "2026-03-15")
    # occupied A + F; vacant B, D, E; off the market C
    assert (
        today["unit_count"],
        today["occupied_units"],
        today["vacant_units"],
        today["off_market_units"],
    ) == (
        6,
        2,
        3,
        1,
    )
    # lettable 100 + 50.50 + 200 + 80.25 + 120 = 550.75; occupied 220.00; vacant 330.75
    assert (today["lettable_area"], today["occupied_area"], today["vacant_area"]) == (
        "550.75",
        "220.00",
        "330.75",
    )
    # 220 / 550.75 = 0.39945...
    assert today["occupancy_rate"] == "0.3995"
    floors = {floor["floor"]: floor for floor in today["floors"]}
    assert [floor["floor"] for floor in today["floors"]] == [11, 10], "top floor first"
    assert (floors[10]["lettable_area"], floors[10]["occupied_area"]) == ("150.50", "100.00")
    assert (floors[11]["lettable_area"], floors[11]["occupied_area"]) == ("400.25", "120.00")
    units: dict[str, dict[str, Any]] = {
        u["code"]: u for floor in today["floors"] for u in floor["units"]
    }
    assert {code: u["occupancy"] for code, u in units.items()} == {
        "A": "occupied",
        "B": "vacant",
        "C": "off_market",
        "D": "vacant",
        "E": "vacant",
        "F": "occupied",
    }
    assert (units["A"]["tenant_name"], units["A"]["lease_id"], units["A"]["lease_end"]) == (
        "Alpha",
        lease_a["id"],
        "2027-12-31",
    )
    assert units["A"]["tenant_id"] == alpha["id"]
    assert units["F"]["lease_id"] == lease_f["id"]
    assert (units["B"]["tenant_name"], units["B"]["lease_id"]) == (None, None)
    assert units["B"]["area"] == "50.50"

    # 1 June 2025: A and D let; F not yet let and off the market again; E's draft never counts
    past = (await client.get(f"/api/buildings/{bid}/occupancy", params={"on": "2025-06-01"})).json()
    assert (past["occupied_units"], past["vacant_units"], past["off_market_units"]) == (2, 2, 2)
    # lettable 100 + 50.50 + 200 + 80.25 = 430.75; occupied 300.00; 300 / 430.75 = 0.69646...
    assert (past["lettable_area"], past["occupied_area"], past["vacant_area"]) == (
        "430.75",
        "300.00",
        "130.75",
    )
    assert past["occupancy_rate"] == "0.6965"


async def test_occupancy_of_an_empty_building(client: AsyncClient) -> None:
    building = await make.building(client)
    empty = (await client.get(f"/api/buildings/{building['id']}/occupancy")).json()
    assert (empty["unit_count"], empty["lettable_area"], empty["occupancy_rate"]) == (
        0,
        "0.00",
        "0.0000",
    )
    assert empty["floors"] == []


async def test_full_building(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"], area="333.33")
    tenant = await make.tenant(client)
    await make.lease(client, tenant["id"], [unit["id"]])
    full = (await client.get(f"/api/buildings/{building['id']}/occupancy")).json()
    assert (full["occupancy_rate"], full["vacant_area"], full["occupied_area"]) == (
        "1.0000",
        "0.00",
        "333.33",
    )
