"""Buildings and units: create, read, list, update, delete, and what deleting must refuse."""

from __future__ import annotations

from uuid import uuid4

from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import ids, problem

MISSING = str(uuid4())


async def test_building_crud(client: AsyncClient) -> None:
    response = await client.post(
        "/api/buildings",
        json={
            "name": "环球金融中心",
            "address": "世纪大道100号",
            "city": "Shanghai",
            "time_zone": "Asia/Shanghai",
            "currency": "CNY",
            "owner_name": "Mori Building",
        },
    )
    assert response.status_code == 201, response.text
    building = response.json()
    assert building["name"] == "环球金融中心"
    assert building["address"] == "世纪大道100号"
    assert building["owner_name"] == "Mori Building"
    assert building["version"] == 1

    response = await client.get(f"/api/buildings/{building['id']}")
    assert response.status_code == 200
    assert response.json() == building

    response = await client.patch(
        f"/api/buildings/{building['id']}",
        json={"name": "SWFC", "currency": "USD", "version": 1},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["name"], changed["currency"], changed["version"]) == ("SWFC", "USD", 2)
    assert changed["address"] == "世纪大道100号", "fields left out of a PATCH keep their value"
    assert (await client.get(f"/api/buildings/{building['id']}")).json() == changed

    response = await client.delete(f"/api/buildings/{building['id']}", headers={"If-Match": "2"})
    assert response.status_code == 204, response.text
    problem(await client.get(f"/api/buildings/{building['id']}"), 404)


async def test_building_defaults_and_validation(client: AsyncClient) -> None:
    building = await make.building(client, name="Plain")
    assert building["time_zone"] == "Asia/Shanghai"
    assert building["currency"] == "CNY"
    problem(
        await client.post("/api/buildings", json={"name": "X", "time_zone": "Mars/Olympus"}),
        422,
        "time_zone",
    )
    problem(
        await client.post("/api/buildings", json={"name": "X", "currency": "yen"}), 422, "currency"
    )
    problem(await client.post("/api/buildings", json={"name": "   "}), 422, "name")


async def test_unknown_building_is_404_everywhere(client: AsyncClient) -> None:
    problem(await client.get(f"/api/buildings/{MISSING}"), 404)
    problem(await client.patch(f"/api/buildings/{MISSING}", json={"name": "X", "version": 1}), 404)
    problem(await client.delete(f"/api/buildings/{MISSING}", params={"version": 1}), 404)
    problem(await client.get(f"/api/buildings/{MISSING}/occupancy"), 404)


async def test_building_list_pages_in_name_order(client: AsyncClient) -> None:
    for name in ["Echo", "alpha", "Charlie", "Bravo", "delta"]:
        await make.building(client, name=name)

    async def page(limit: int, offset: int) -> dict:
        response = await client.get("/api/buildings", params={"limit": limit, "offset": offset})
        assert response.status_code == 200, response.text
        return response.json()

    first = await page(2, 0)
    assert [b["name"] for b in first["items"]] == ["alpha", "Bravo"], "case-insensitive order"
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [b["name"] for b in (await page(2, 2))["items"]] == ["Charlie", "delta"]
    last = await page(2, 4)
    assert [b["name"] for b in last["items"]] == ["Echo"]
    assert last["total"] == 5
    beyond = await page(2, 10)
    assert (beyond["items"], beyond["total"]) == ([], 5)
    default = (await client.get("/api/buildings")).json()
    assert (default["limit"], default["offset"], len(default["items"])) == (50, 0, 5)


async def test_equal_names_page_stably(client: AsyncClient) -> None:
    created = [(await make.building(client, name="Twin"))["id"] for _ in range(4)]
    seen: list[str] = []
    for offset in range(4):
        response = await client.get("/api/buildings", params={"limit": 1, "offset": offset})
        seen += ids(response.json()["items"])
    assert seen == sorted(created), "ties are broken by id, so pages never repeat or skip"


async def test_unit_crud(client: AsyncClient) -> None:
    building = await make.building(client)
    response = await client.post(
        "/api/units",
        json={"building": building["id"], "floor": 23, "code": "23-01", "area": "325.50"},
    )
    assert response.status_code == 201, response.text
    unit = response.json()
    assert unit["building"] == building["id"]
    assert (unit["floor"], unit["code"], unit["area"]) == (23, "23-01", "325.50")
    assert (unit["status"], unit["version"]) == ("available", 1)
    assert (await client.get(f"/api/units/{unit['id']}")).json() == unit

    response = await client.patch(
        f"/api/units/{unit['id']}",
        json={"area": "330", "status": "off_market", "version": 1},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["area"], changed["status"], changed["version"]) == ("330.00", "off_market", 2)
    assert (changed["floor"], changed["code"]) == (23, "23-01")

    assert (
        await client.delete(f"/api/units/{unit['id']}", params={"version": 2})
    ).status_code == 204
    problem(await client.get(f"/api/units/{unit['id']}"), 404)


async def test_unknown_unit_is_404_everywhere(client: AsyncClient) -> None:
    problem(await client.get(f"/api/units/{MISSING}"), 404)
    problem(await client.patch(f"/api/units/{MISSING}", json={"floor": 3, "version": 1}), 404)
    problem(await client.delete(f"/api/units/{MISSING}", headers={"If-Match": "1"}), 404)


async def test_unit_needs_an_existing_building(client: AsyncClient) -> None:
    body = {"building": MISSING, "floor": 1, "code": "1-01", "area": "10.00"}
    problem(await client.post("/api/units", json=body), 422, "building")
    assert await make.total(client, "/api/units") == 0


async def test_unit_code_is_unique_within_a_building(client: AsyncClient) -> None:
    tower, annex = await make.building(client), await make.building(client)
    first = await make.unit(client, tower["id"], code="08-01")
    body = problem(
        await client.post(
            "/api/units",
            json={"building": tower["id"], "floor": 8, "code": "08-01", "area": "50.00"},
        ),
        409,
    )
    assert body["conflicts"][0]["id"] == first["id"]
    await make.unit(client, annex["id"], code="08-01")  # another building may reuse the code

    other = await make.unit(client, tower["id"], code="08-02")
    response = await client.patch(f"/api/units/{other['id']}", json={"code": "08-01", "version": 1})
    problem(response, 409)
    assert (await client.get(f"/api/units/{other['id']}")).json()["code"] == "08-02"
    renamed = await client.patch(f"/api/units/{first['id']}", json={"code": "08-01", "version": 1})
    assert renamed.status_code == 200, "keeping its own code is not a clash"


async def test_unit_list_filters_sorts_and_pages(client: AsyncClient) -> None:
    tower, annex = await make.building(client), await make.building(client)
    await make.unit(client, tower["id"], floor=12, code="12-02")
    await make.unit(client, tower["id"], floor=3, code="03-01", status="off_market")
    await make.unit(client, tower["id"], floor=12, code="12-01")
    await make.unit(client, annex["id"], floor=1, code="01-01")

    async def codes(**params: object) -> tuple[list[str], int]:
        response = await client.get("/api/units", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        return [u["code"] for u in page["items"]], page["total"]

    assert await codes(building=tower["id"]) == (["03-01", "12-01", "12-02"], 3)
    assert await codes(building=tower["id"], floor=12) == (["12-01", "12-02"], 2)
    assert await codes(status="off_market") == (["03-01"], 1)
    assert await codes(building=annex["id"]) == (["01-01"], 1)
    assert await codes(limit=2, offset=1) == (["03-01", "12-01"], 4)


async def test_building_with_units_cannot_be_deleted(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    body = problem(
        await client.delete(f"/api/buildings/{building['id']}", params={"version": 1}), 409
    )
    assert "referenced" in body["detail"]
    assert (await client.get(f"/api/buildings/{building['id']}")).status_code == 200

    await client.delete(f"/api/units/{unit['id']}", params={"version": 1})
    assert (
        await client.delete(f"/api/buildings/{building['id']}", params={"version": 1})
    ).status_code == 204


async def test_unit_named_by_a_lease_cannot_be_deleted(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    lease = await make.lease(client, tenant["id"], [unit["id"]], status="draft")
    problem(await client.delete(f"/api/units/{unit['id']}", params={"version": 1}), 409)
    assert (await client.get(f"/api/units/{unit['id']}")).status_code == 200

    await client.delete(f"/api/leases/{lease['id']}", params={"version": 1})
    response = await client.delete(f"/api/units/{unit['id']}", params={"version": 1})
    assert response.status_code == 204, "once the draft lease is gone the unit is free to delete"
