"""Benefits ledger through HTTP: inventory, grants, collisions, concessions in the rent,
figures and expiry reminders. Money figures are worked out by hand next to them."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

from httpx import AsyncClient

from tenantcrm.benefits import service as benefits
from tests.api import factories as make
from tests.api.checks import money, problem
from tests.app_fixtures import TODAY


async def anchor_with_lease(client: AsyncClient) -> dict[str, Any]:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(
        client,
        name="环球银行 Global Bank",
        is_anchor=True,
        anchor_category="fortune_global_500",
        anchor_evidence="Fortune Global 500, 2025: rank 112",
    )
    lease = await make.lease(client, tenant["id"], [unit["id"]])
    return {"building": building, "tenant": tenant, "lease": lease}


async def bay(client: AsyncClient, building_id: str, code: str = "P2-017") -> dict[str, Any]:
    return await make.created(
        client,
        "/api/resources",
        {"building": building_id, "kind": "parking_bay", "code": code, "location": "B2"},
    )


async def test_the_catalogue_lists_every_kind(client: AsyncClient) -> None:
    kinds = (await client.get("/api/benefit-kinds")).json()
    assert [k["kind"] for k in kinds] == [
        "rent_concession",
        "parking_space",
        "storage_room",
        "signage_space",
        "butler_service",
        "authority_liaison",
        "custom",
    ]
    assert {k["kind"]: k["resource_kind"] for k in kinds}["parking_space"] == "parking_bay"


async def test_anchor_evidence_is_kept(client: AsyncClient) -> None:
    made = await anchor_with_lease(client)
    tenant = (await client.get(f"/api/tenants/{made['tenant']['id']}")).json()
    assert tenant["anchor_evidence"] == "Fortune Global 500, 2025: rank 112"


async def test_double_granting_a_parking_bay_is_a_409_naming_the_holder(
    client: AsyncClient,
) -> None:
    made = await anchor_with_lease(client)
    other = await make.tenant(client, name="Second Co")
    p2 = await bay(client, made["building"]["id"])
    grant = {
        "tenant": made["tenant"]["id"],
        "kind": "parking_space",
        "resource": p2["id"],
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "annual_cost": "9600.00",
    }
    first = await make.created(client, "/api/benefits", grant)
    assert (first["building"], first["resource_code"], first["currency"]) == (
        made["building"]["id"],
        "P2-017",
        "CNY",
    )
    assert first["tenant_is_anchor"] is True
    assert first["in_force"] is True
    clash = {**grant, "tenant": other["id"], "start_date": "2026-12-31", "end_date": "2027-03-31"}
    body = problem(await client.post("/api/benefits", json=clash), 409)
    assert "环球银行 Global Bank" in body["detail"]
    assert "P2-017" in body["detail"]
    assert body["conflicts"][0]["id"] == first["id"]
    assert body["conflicts"][0]["tenant_name"] == "环球银行 Global Bank"
    # The day after the first grant ends, the bay is free.
    later = {**clash, "start_date": "2027-01-01"}
    await make.created(client, "/api/benefits", later)
    # Stretching the first grant over the second's days collides too.
    stretched = {"end_date": "2027-01-15", "version": 1}
    problem(await client.patch(f"/api/benefits/{first['id']}", json=stretched), 409)
    # The bay shows its holder today (15 Mar 2026), and is not free.
    listed = (await client.get("/api/resources", params={"free": "false"})).json()
    assert [r["holder"]["tenant_name"] for r in listed["items"]] == ["环球银行 Global Bank"]
    assert (await client.get("/api/resources", params={"free": "true"})).json()["total"] == 0


async def test_resource_codes_are_unique_per_building_and_kind(client: AsyncClient) -> None:
    building = await make.building(client)
    await bay(client, building["id"])
    problem(
        await client.post(
            "/api/resources",
            json={"building": building["id"], "kind": "parking_bay", "code": "p2-017"},
        ),
        409,
    )
    other = await make.building(client)
    await bay(client, other["id"])  # the same code in another building is fine


async def test_a_rent_concession_lowers_the_schedule_and_net_effective_rent(
    client: AsyncClient,
) -> None:
    made = await anchor_with_lease(client)
    lease_id = made["lease"]["id"]
    before = (await client.get(f"/api/leases/{lease_id}/schedule")).json()["summary"]
    # 1 Jan 2025 to 31 Dec 2027 at 10,000: 36 months, 360,000, NER 10,000.00.
    assert (money(before["total_rent"]), money(before["net_effective_rent"])) == (
        Decimal("360000.00"),
        Decimal("10000.00"),
    )
    grant = await make.created(
        client,
        "/api/benefits",
        {
            "tenant": made["tenant"]["id"],
            "kind": "rent_concession",
            "lease": lease_id,
            "start_date": "2026-01-01",
            "end_date": "2026-06-30",
            "monthly_amount": "2000.00",
        },
    )
    assert money(grant["annual_cost"]) == Decimal("24000.00")  # 12 x 2,000
    schedule = (await client.get(f"/api/leases/{lease_id}/schedule")).json()
    summary = schedule["summary"]
    # 6 months x 2,000 = 12,000 off: 348,000 over 36 months = 9,666.666... -> 9,666.67.
    assert money(summary["concessions"]) == Decimal("12000.00")
    assert money(summary["total_rent"]) == Decimal("348000.00")
    assert money(summary["net_effective_rent"]) == Decimal("9666.67")
    january = schedule["lines"][12]
    assert (january["start"], january["concession"], january["due"]) == (
        "2026-01-01",
        "2000.00",
        "8000.00",
    )
    assert schedule["concessions"][0]["source"] == grant["id"]
    # Ending it after March: 3 x 2,000 = 6,000 off, (360,000 - 6,000) / 36 = 9,833.33.
    changed = await client.patch(
        f"/api/benefits/{grant['id']}", json={"end_date": "2026-03-31", "version": 1}
    )
    assert changed.status_code == 200, changed.text
    summary = (await client.get(f"/api/leases/{lease_id}/schedule")).json()["summary"]
    assert money(summary["net_effective_rent"]) == Decimal("9833.33")
    # Withdrawn, the lease is back at 10,000.00.
    gone = await client.delete(f"/api/benefits/{grant['id']}", headers={"If-Match": '"2"'})
    assert gone.status_code == 204, gone.text
    summary = (await client.get(f"/api/leases/{lease_id}/schedule")).json()["summary"]
    assert money(summary["net_effective_rent"]) == Decimal("10000.00")


async def test_bad_grants_are_422_naming_fields_and_write_nothing(client: AsyncClient) -> None:
    made = await anchor_with_lease(client)
    stranger = await make.tenant(client)
    base = {"tenant": made["tenant"]["id"], "start_date": "2026-01-01", "end_date": "2026-06-30"}
    problem(
        await client.post("/api/benefits", json={**base, "kind": "rent_concession"}),
        422,
        "lease",
        "monthly_amount",
    )
    problem(
        await client.post(
            "/api/benefits",
            json={
                **base,
                "tenant": stranger["id"],
                "kind": "rent_concession",
                "lease": made["lease"]["id"],
                "monthly_amount": "100.00",
            },
        ),
        422,
        "lease",
    )
    problem(
        await client.post(
            "/api/benefits",
            json={
                **base,
                "kind": "rent_concession",
                "lease": made["lease"]["id"],
                "monthly_amount": "100.00",
                "end_date": "2028-06-30",
            },
        ),
        422,
        "end_date",
    )
    problem(
        await client.post(
            "/api/benefits", json={**base, "kind": "butler_service", "annual_cost": "1.00"}
        ),
        422,
        "building",
    )
    problem(
        await client.post(
            "/api/benefits",
            json={
                **base,
                "kind": "custom",
                "building": made["building"]["id"],
                "annual_cost": "1.00",
                "end_date": "2025-12-31",
            },
        ),
        422,
        "title",
        "end_date",
    )
    assert (await client.get("/api/benefits")).json()["total"] == 0


async def test_summary_counts_cost_against_anchor_rent_and_expiring(client: AsyncClient) -> None:
    made = await anchor_with_lease(client)
    tenant, building = made["tenant"]["id"], made["building"]["id"]
    p2 = await bay(client, building)
    await make.created(
        client,
        "/api/benefits",
        {
            "tenant": tenant,
            "kind": "parking_space",
            "resource": p2["id"],
            "start_date": "2026-01-01",
            "end_date": "2026-04-10",
            "annual_cost": "9600.00",
        },
    )
    await make.created(
        client,
        "/api/benefits",
        {
            "tenant": tenant,
            "kind": "butler_service",
            "building": building,
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "annual_cost": "20400.00",
        },
    )
    await make.created(  # ended before today: not in force
        client,
        "/api/benefits",
        {
            "tenant": tenant,
            "kind": "authority_liaison",
            "building": building,
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "annual_cost": "5000.00",
        },
    )
    summary = (await client.get("/api/benefits/summary", params={"window": 30})).json()
    (figures,) = summary["by_currency"]
    # In force on 15 Mar 2026: parking 9,600 + butler 20,400 = 30,000 a year.
    # Anchor rent: 12 x 10,000 = 120,000; 30,000 / 120,000 = 25.00 %.
    assert figures["benefits_in_force"] == 2
    assert money(figures["annual_cost"]) == Decimal("30000.00")
    assert money(figures["anchor_annual_rent"]) == Decimal("120000.00")
    assert money(figures["cost_share"]) == Decimal("25.00")
    # Within 30 days of 15 Mar (to 14 Apr): the parking bay ending 10 Apr.
    assert [g["kind"] for g in summary["expiring"]] == ["parking_space"]
    per_building = await client.get("/api/benefits/summary", params={"building": building})
    assert per_building.json()["by_currency"][0]["benefits_in_force"] == 2
    drafts = await benefits.due(TODAY, 30)
    assert [(d.kind, d.due, str(d.tenant)) for d in drafts] == [
        ("benefit.expiring", date(2026, 4, 10), tenant)
    ]
    assert "P2-017" in drafts[0].title
    assert await benefits.due(TODAY, 20) == []  # 10 Apr is 26 days away


async def test_racing_grants_of_one_bay_give_one_grant_and_409s(client: AsyncClient) -> None:
    building = await make.building(client)
    p2 = await bay(client, building["id"])
    tenants = [await make.tenant(client) for _ in range(4)]
    responses = await asyncio.gather(
        *(
            client.post(
                "/api/benefits",
                json={
                    "tenant": t["id"],
                    "kind": "parking_space",
                    "resource": p2["id"],
                    "start_date": "2026-01-01",
                    "end_date": "2026-12-31",
                    "annual_cost": "9600.00",
                },
            )
            for t in tenants
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert (await client.get("/api/benefits")).json()["total"] == 1
