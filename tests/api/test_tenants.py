"""Tenants and contacts: CRUD, the anchor rule, and the tenant list's search, filters and sorts."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import field_names, ids, problem

MISSING = str(uuid4())


async def test_tenant_crud(client: AsyncClient) -> None:
    response = await client.post(
        "/api/tenants",
        json={
            "name": "上海星河数据科技有限公司",
            "legal_name": "Shanghai Xinghe Data Technology Co., Ltd.",
            "industry": "technology",
            "headcount": 420,
            "website": "https://xinghe.example.cn",
            "tier": "key",
            "is_anchor": True,
            "anchor_category": "listed_company",
            "tags": [" fintech ", "AI"],
            "notes": "Wants a sky lobby presence.",
        },
    )
    assert response.status_code == 201, response.text
    tenant = response.json()
    assert tenant["name"] == "上海星河数据科技有限公司"
    assert tenant["tags"] == ["fintech", "AI"], "tags are trimmed"
    assert (tenant["tier"], tenant["is_anchor"], tenant["anchor_category"]) == (
        "key",
        True,
        "listed_company",
    )
    assert (tenant["headcount"], tenant["version"]) == (420, 1)
    assert (await client.get(f"/api/tenants/{tenant['id']}")).json() == tenant

    response = await client.patch(
        f"/api/tenants/{tenant['id']}",
        json={"headcount": 450, "tags": ["fintech"], "version": 1},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["headcount"], changed["tags"], changed["version"]) == (450, ["fintech"], 2)
    assert changed["website"] == "https://xinghe.example.cn"
    assert (await client.get(f"/api/tenants/{tenant['id']}")).json() == changed

    response = await client.delete(f"/api/tenants/{tenant['id']}", headers={"If-Match": '"2"'})
    assert response.status_code == 204, response.text
    problem(await client.get(f"/api/tenants/{tenant['id']}"), 404)


async def test_unknown_tenant_is_404_everywhere(client: AsyncClient) -> None:
    problem(await client.get(f"/api/tenants/{MISSING}"), 404)
    problem(await client.get(f"/api/tenants/{MISSING}/view"), 404)
    problem(await client.patch(f"/api/tenants/{MISSING}", json={"notes": "x", "version": 1}), 404)
    problem(await client.delete(f"/api/tenants/{MISSING}", params={"version": 1}), 404)


async def test_anchor_category_goes_with_is_anchor(client: AsyncClient) -> None:
    body = {"name": "Anchor Co", "industry": "banking"}
    problem(
        await client.post("/api/tenants", json={**body, "is_anchor": True}), 422, "anchor_category"
    )
    problem(
        await client.post("/api/tenants", json={**body, "anchor_category": "multinational"}),
        422,
        "anchor_category",
    )
    tenant = await make.tenant(client, **body)
    response = await client.patch(
        f"/api/tenants/{tenant['id']}", json={"is_anchor": True, "version": 1}
    )
    problem(response, 422, "anchor_category")
    response = await client.patch(
        f"/api/tenants/{tenant['id']}",
        json={"is_anchor": True, "anchor_category": "fortune_global_500", "version": 1},
    )
    assert response.status_code == 200, response.text
    response = await client.patch(
        f"/api/tenants/{tenant['id']}",
        json={"is_anchor": False, "anchor_category": None, "version": 2},
    )
    assert response.status_code == 200, response.text
    assert (response.json()["is_anchor"], response.json()["anchor_category"]) == (False, None)


async def test_contact_crud(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    response = await client.post(
        "/api/contacts",
        json={
            "tenant": tenant["id"],
            "name": "王芳",
            "role": "行政总监",
            "email": "wang.fang@example.cn",
            "phone": "+86 21 6888-0000",
            "is_admin_head": True,
        },
    )
    assert response.status_code == 201, response.text
    contact = response.json()
    assert (contact["tenant"], contact["name"], contact["role"]) == (
        tenant["id"],
        "王芳",
        "行政总监",
    )
    assert (contact["is_admin_head"], contact["is_executive"], contact["version"]) == (
        True,
        False,
        1,
    )
    assert (await client.get(f"/api/contacts/{contact['id']}")).json() == contact

    response = await client.patch(
        f"/api/contacts/{contact['id']}",
        json={"email": None, "is_executive": True, "version": 1},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["email"], changed["is_executive"], changed["version"]) == ("", True, 2)
    assert changed["phone"] == "+86 21 6888-0000"

    response = await client.delete(f"/api/contacts/{contact['id']}", params={"version": 2})
    assert response.status_code == 204
    problem(await client.get(f"/api/contacts/{contact['id']}"), 404)
    problem(await client.patch(f"/api/contacts/{contact['id']}", json={"version": 2}), 404)


async def test_contact_needs_an_existing_tenant_and_a_valid_email(client: AsyncClient) -> None:
    problem(
        await client.post("/api/contacts", json={"tenant": MISSING, "name": "A"}), 422, "tenant"
    )
    tenant = await make.tenant(client)
    body = {"tenant": tenant["id"], "name": "A", "email": "not-an-address"}
    problem(await client.post("/api/contacts", json=body), 422, "email")
    assert await make.total(client, "/api/contacts") == 0


async def test_contact_list_by_tenant(client: AsyncClient) -> None:
    first, second = await make.tenant(client), await make.tenant(client)
    for name in ["Chen", "anna", "Bo"]:
        await make.contact(client, first["id"], name=name)
    await make.contact(client, second["id"], name="Aaron")

    response = await client.get("/api/contacts", params={"tenant": first["id"], "limit": 2})
    page = response.json()
    assert [c["name"] for c in page["items"]] == ["anna", "Bo"], "by name, ignoring case"
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 0)
    assert await make.total(client, "/api/contacts") == 4


async def test_deleting_a_tenant_takes_its_contacts(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    contact = await make.contact(client, tenant["id"])
    assert (
        await client.delete(f"/api/tenants/{tenant['id']}", params={"version": 1})
    ).status_code == 204
    problem(await client.get(f"/api/contacts/{contact['id']}"), 404)


async def test_tenant_with_leases_cannot_be_deleted(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    contact = await make.contact(client, tenant["id"])
    await make.lease(client, tenant["id"], [unit["id"]], status="ended")
    problem(await client.delete(f"/api/tenants/{tenant['id']}", params={"version": 1}), 409)
    assert (await client.get(f"/api/tenants/{tenant['id']}")).status_code == 200
    assert (await client.get(f"/api/contacts/{contact['id']}")).status_code == 200, (
        "a refused delete removes nothing, not even the cascading contacts"
    )


# --- the tenant list --------------------------------------------------------------------------


async def listed(client: AsyncClient, **params: Any) -> list[str]:
    """Names of the tenants the list returns for these parameters, in order."""
    response = await client.get("/api/tenants", params=params)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] >= len(page["items"])
    return [t["name"] for t in page["items"]]


async def test_search_by_part_of_name_or_legal_name(client: AsyncClient) -> None:
    await make.tenant(client, name="上海星河数据科技有限公司")
    await make.tenant(client, name="Acme Robotics", legal_name="上海艾克美机器人有限公司")
    await make.tenant(client, name="Northwind Traders", legal_name="Northwind Trading Ltd.")
    await make.tenant(client, name="100% Natural Foods")
    await make.tenant(client, name="Blue_Sky Capital")

    assert await listed(client, q="星河") == ["上海星河数据科技有限公司"]
    assert await listed(client, q="机器人") == ["Acme Robotics"], "legal name counts"
    assert await listed(client, q="上海") == ["Acme Robotics", "上海星河数据科技有限公司"]
    assert await listed(client, q="ACME") == ["Acme Robotics"], "case does not matter"
    assert await listed(client, q="trading") == ["Northwind Traders"]
    assert await listed(client, q="星河 ") == ["上海星河数据科技有限公司"], "edges are trimmed"
    assert await listed(client, q="不存在") == []


async def test_search_text_is_literal(client: AsyncClient) -> None:
    """%, _ and backslash are characters to find, not wildcards."""
    await make.tenant(client, name="100% Natural Foods")
    await make.tenant(client, name="Blue_Sky Capital")
    await make.tenant(client, name="Back\\Slash Ltd")
    await make.tenant(client, name="Plain Name")

    assert await listed(client, q="%") == ["100% Natural Foods"]
    assert await listed(client, q="0%") == ["100% Natural Foods"]
    assert await listed(client, q="_") == ["Blue_Sky Capital"]
    assert await listed(client, q="e_S") == ["Blue_Sky Capital"]
    assert await listed(client, q="\\") == ["Back\\Slash Ltd"]
    assert await listed(client, q="%%") == []


@pytest.fixture
async def portfolio(client: AsyncClient) -> dict[str, Any]:
    """Five tenants in two buildings; "today" is 2026-03-15.

    Atlas: technology, strategic anchor, active lease in North ending 2026-08-31.
    Bolt: legal, key, active lease in South ending 2028-12-31.
    Cedar: technology, standard, a draft lease in North.
    Dune: banking, standard, no lease.
    Ember: consulting, standard, an ended lease in North.
    """
    north, south = (
        await make.building(client, name="North"),
        await make.building(client, name="South"),
    )
    n1, n2, n3 = [(await make.unit(client, north["id"]))["id"] for _ in range(3)]
    s1 = (await make.unit(client, south["id"]))["id"]
    atlas = await make.tenant(
        client,
        name="Atlas",
        industry="technology",
        tier="strategic",
        is_anchor=True,
        anchor_category="fortune_global_500",
        headcount=900,
    )
    bolt = await make.tenant(client, name="Bolt", industry="legal", tier="key", headcount=40)
    cedar = await make.tenant(client, name="Cedar", industry="technology", headcount=None)
    dune = await make.tenant(client, name="Dune", industry="banking", headcount=120)
    ember = await make.tenant(client, name="Ember", industry="consulting")
    atlas_lease = await make.lease(
        client, atlas["id"], [n1], start_date="2023-09-01", end_date="2026-08-31"
    )
    await make.lease(client, bolt["id"], [s1], start_date="2025-01-01", end_date="2028-12-31")
    await make.lease(
        client, cedar["id"], [n2], start_date="2026-06-01", end_date="2029-05-31", status="draft"
    )
    await make.lease(
        client, ember["id"], [n3], start_date="2020-01-01", end_date="2023-12-31", status="ended"
    )
    return {
        "north": north["id"],
        "south": south["id"],
        "atlas": atlas,
        "dune": dune,
        "atlas_lease": atlas_lease,
    }


async def test_filters(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    north, south = portfolio["north"], portfolio["south"]
    assert await listed(client) == ["Atlas", "Bolt", "Cedar", "Dune", "Ember"]
    # building: tenants with a lease in force there (not drafts, not ended ones)
    assert await listed(client, building=north) == ["Atlas"]
    assert await listed(client, building=south) == ["Bolt"]
    assert await listed(client, industry="technology") == ["Atlas", "Cedar"]
    assert await listed(client, tier="strategic") == ["Atlas"]
    assert await listed(client, tier="standard") == ["Cedar", "Dune", "Ember"]
    assert await listed(client, anchor="true") == ["Atlas"]
    assert await listed(client, anchor="false") == ["Bolt", "Cedar", "Dune", "Ember"]
    assert await listed(client, lease_status="active") == ["Atlas", "Bolt"]
    assert await listed(client, lease_status="draft") == ["Cedar"]
    assert await listed(client, lease_status="ended") == ["Ember"]
    # Atlas ends 2026-08-31, within 6 months of 2026-03-15; Bolt ends 2028-12-31, within 36
    assert await listed(client, expiring_within_months=6) == ["Atlas"]
    assert await listed(client, expiring_within_months=5) == []
    assert await listed(client, expiring_within_months=36) == ["Atlas", "Bolt"]
    # a later "today" sees Atlas gone and Bolt close
    assert await listed(client, expiring_within_months=6, on="2028-07-01") == ["Bolt"]
    # filters combine
    assert await listed(client, industry="technology", lease_status="draft") == ["Cedar"]
    assert await listed(client, building=north, lease_status="draft") == ["Cedar"]
    assert await listed(client, building=north, lease_status="ended") == ["Ember"]
    assert await listed(client, industry="technology", expiring_within_months=6) == ["Atlas"]
    assert await listed(client, industry="legal", building=north) == []


async def test_list_items_carry_lease_figures(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    items = {t["name"]: t for t in (await client.get("/api/tenants")).json()["items"]}
    assert (items["Atlas"]["active_leases"], items["Atlas"]["next_expiry"]) == (1, "2026-08-31")
    assert (items["Cedar"]["active_leases"], items["Cedar"]["next_expiry"]) == (0, None)
    assert (items["Dune"]["active_leases"], items["Dune"]["next_expiry"]) == (0, None)


async def test_sorts(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    assert await listed(client, sort="-name") == ["Ember", "Dune", "Cedar", "Bolt", "Atlas"]
    # created in the order Atlas, Bolt, Cedar, Dune, Ember
    assert await listed(client, sort="created_at") == ["Atlas", "Bolt", "Cedar", "Dune", "Ember"]
    assert await listed(client, sort="-created_at") == ["Ember", "Dune", "Cedar", "Bolt", "Atlas"]
    # headcounts: Atlas 900, Bolt 40, Dune 120; Cedar and Ember unknown, last either way
    assert await listed(client, sort="headcount") == ["Bolt", "Dune", "Atlas", "Cedar", "Ember"]
    assert await listed(client, sort="-headcount") == ["Atlas", "Dune", "Bolt", "Cedar", "Ember"]
    # tier: most important first, then by name
    assert await listed(client, sort="tier") == ["Atlas", "Bolt", "Cedar", "Dune", "Ember"]
    # industry alphabetical: banking, consulting, legal, technology (Atlas, Cedar by name)
    assert await listed(client, sort="industry") == ["Dune", "Ember", "Bolt", "Atlas", "Cedar"]


async def test_name_sort_ignores_case(client: AsyncClient) -> None:
    for name in ["beta", "Alpha", "gamma", "Delta"]:
        await make.tenant(client, name=name)
    assert await listed(client) == ["Alpha", "beta", "Delta", "gamma"]
    assert await listed(client, sort="-name") == ["gamma", "Delta", "beta", "Alpha"]


async def test_pagination_totals(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    response = await client.get("/api/tenants", params={"limit": 2, "offset": 0})
    page = response.json()
    assert ([t["name"] for t in page["items"]], page["total"]) == (["Atlas", "Bolt"], 5)
    assert (page["limit"], page["offset"]) == (2, 0)
    page = (await client.get("/api/tenants", params={"limit": 2, "offset": 4})).json()
    assert ([t["name"] for t in page["items"]], page["total"]) == (["Ember"], 5)
    page = (await client.get("/api/tenants", params={"tier": "standard", "limit": 1})).json()
    assert ([t["name"] for t in page["items"]], page["total"]) == (["Cedar"], 3)
    page = (await client.get("/api/tenants", params={"q": "e", "limit": 2, "offset": 1})).json()
    # names with an "e" (any case): Cedar, Dune, Ember
    assert ([t["name"] for t in page["items"]], page["total"]) == (["Dune", "Ember"], 3)


async def test_stable_pages_over_equal_sort_keys(client: AsyncClient) -> None:
    created = [(await make.tenant(client, name="Same", industry="media"))["id"] for _ in range(5)]
    for sort in ["name", "-name", "industry", "tier", "headcount", "-headcount"]:
        seen: list[str] = []
        for offset in range(0, 5, 2):
            response = await client.get(
                "/api/tenants", params={"sort": sort, "limit": 2, "offset": offset}
            )
            seen += ids(response.json()["items"])
        assert seen == sorted(created), sort


async def test_list_rejects_bad_filters(client: AsyncClient) -> None:
    for params in [
        {"industry": "piracy"},
        {"tier": "gold"},
        {"lease_status": "maybe"},
        {"sort": "rent"},
        {"anchor": "perhaps"},
        {"building": "not-a-uuid"},
        {"expiring_within_months": "-1"},
        {"on": "2026-02-30"},
    ]:
        body = problem(await client.get("/api/tenants", params=params), 422)
        assert field_names(body) == list(params), params
