from tests.api import factories as make


async def test_lease_round_trip(client):
    b = await make.building(client)
    u = await make.unit(client, b["id"])
    t = await make.tenant(client, name="上海星河科技有限公司")
    lease = await make.lease(client, t["id"], [u["id"]])
    assert lease["current_rent"] == "10000.00"
    r = await client.get(f"/api/tenants/{t['id']}/view")
    assert r.status_code == 200, r.text
    r = await client.get("/api/tenants", params={"q": "星河"})
    assert r.json()["total"] == 1
    r = await client.get(f"/api/buildings/{b['id']}/occupancy")
    assert r.status_code == 200, r.text
    r = await client.get("/schema/openapi.json")
    assert r.status_code == 200, r.text
