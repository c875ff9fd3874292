"""Tenant health through the API: the reasons of each domain add up, and the early-warning
list ranks tenants at risk by the rent at stake."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from tests.api import factories as make


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """Today is 2026-03-15.

    Alder: lease 2024-01-01..2026-12-31 at 10,000.00 a month (9 months to expiry), never
    contacted, one complaint received today, last survey 7/10 "unsure".
    Birch: lease 2026-01-01..2030-12-31 at 20,000.00 a month, surveyed 4/10 "unlikely",
    asking to give space back.
    Cedar: lease 2026-02-01..2031-01-31 at 5,000.00, nothing to report.
    """
    manager = await make.user(client)
    building = await make.building(client)
    units = [(await make.unit(client, building["id"], code=f"U{i}"))["id"] for i in range(4)]
    alder = await make.tenant(client, name="Alder", manager=manager["id"])
    birch = await make.tenant(client, name="Birch", manager=manager["id"])
    cedar = await make.tenant(client, name="Cedar")
    a = await make.lease(
        client, alder["id"], [units[0]], start_date="2024-01-01", end_date="2026-12-31"
    )
    b = await make.lease(
        client,
        birch["id"],
        [units[1], units[2]],
        start_date="2026-01-01",
        end_date="2030-12-31",
        base_rent="20000.00",
    )
    await make.lease(
        client,
        cedar["id"],
        [units[3]],
        start_date="2026-02-01",
        end_date="2031-01-31",
        base_rent="5000.00",
    )
    complaint = {
        "tenant": alder["id"],
        "building": building["id"],
        "category": "cleaning",
        "severity": "medium",
        "description": "Lobby floor left wet",
    }
    await make.created(client, "/api/complaints", complaint)

    async def survey(tenant: str, overall: int, intent: str) -> None:
        body = {
            "tenant": tenant,
            "building": building["id"],
            "overall": overall,
            "renewal_intent": intent,
        }
        await make.created(client, "/api/satisfaction/surveys", body)

    await survey(alder["id"], 7, "unsure")
    await survey(birch["id"], 4, "unlikely")
    shrink = {
        "tenant": birch["id"],
        "lease": b["id"],
        "kind": "contraction",
        "desired_area": "250.00",
        "desired_date": "2026-09-01",
    }
    await make.created(client, "/api/space-requests", shrink)
    return {"alder": alder, "birch": birch, "cedar": cedar, "lease_a": a}


def points(health: dict[str, Any]) -> dict[str, int]:
    return {r["sign"]: r["points"] for r in health["reasons"]}


async def test_each_domain_adds_its_reasons(client: AsyncClient, site: dict[str, Any]) -> None:
    alder = (await client.get(f"/api/health/tenants/{site['alder']['id']}")).json()
    # 25 expiry in 9 months without talks, 20 care overdue (never contacted in 2 years),
    # 10 one open complaint, 10 unsure about renewing: 100 - 65 = 35.
    assert points(alder) == {
        "expiry_without_talks": 25,
        "care_overdue": 20,
        "open_complaints": 10,
        "renewal_intent": 10,
    }
    assert (alder["score"], alder["band"], alder["stage"], alder["at_risk"]) == (
        35,
        "critical",
        "decline",
        True,
    )
    assert (alder["annual_rent"], alder["currency"]) == ("120000.00", "CNY")

    cedar = (await client.get(f"/api/health/tenants/{site['cedar']['id']}")).json()
    assert (cedar["score"], cedar["band"], cedar["stage"], cedar["reasons"]) == (
        100,
        "healthy",
        "exploration",
        [],
    )


async def test_renewal_talks_lift_the_expiry_warning(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    renewal = await make.created(client, "/api/renewals", {"lease": site["lease_a"]["id"]})
    moved = await client.post(
        f"/api/renewals/{renewal['id']}/transitions", json={"to": "in_discussion"}
    )
    assert moved.status_code == 200, moved.text
    alder = (await client.get(f"/api/health/tenants/{site['alder']['id']}")).json()
    assert "expiry_without_talks" not in points(alder)
    assert (alder["score"], alder["band"], alder["at_risk"]) == (60, "watch", False)


async def test_the_early_warning_list_ranks_by_rent_at_risk(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    response = await client.get("/api/health/at-risk")
    assert response.status_code == 200, response.text
    page = response.json()
    # Birch: 20 low satisfaction + 25 unlikely + 15 contraction = 60 off -> 40, at risk,
    # 240,000.00 a year; Alder 35 with 120,000.00; Cedar is healthy.
    assert [(t["tenant_name"], t["score"], t["annual_rent"]) for t in page["items"]] == [
        ("Birch", 40, "240000.00"),
        ("Alder", 35, "120000.00"),
    ]
    assert page["total"] == 2
    assert page["rent_at_risk"] == {"CNY": "360000.00"}
    by_manager = await client.get(
        "/api/health/at-risk", params={"manager": site["alder"]["manager"], "limit": 1}
    )
    assert [t["tenant_name"] for t in by_manager.json()["items"]] == ["Birch"]


async def test_a_tenant_without_a_lease_in_force_has_no_health(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    assert (await client.get(f"/api/health/tenants/{tenant['id']}")).status_code == 404
