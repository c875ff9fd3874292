"""Referrals through HTTP: prospects from a tenant's relations, their stages, signing (a tenant
and a lease exist, the referrer is credited and rewarded) and the funnel figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import money, problem


async def setting(client: AsyncClient) -> dict[str, Any]:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    referrer = await make.tenant(client, name="恒达集团 Hengda Group")
    lease = await make.lease(client, referrer["id"], [unit["id"]])
    vacant = await make.unit(client, building["id"], area="180.00")
    relation = await make.created(
        client,
        "/api/matchmaking/relations",
        {"tenant": referrer["id"], "name": "恒达物流 Hengda Logistics", "kind": "affiliate"},
    )
    return {
        "building": building,
        "referrer": referrer,
        "lease": lease,
        "vacant": vacant,
        "relation": relation,
    }


async def move(client: AsyncClient, referral_id: str, **body: Any) -> Any:
    return await client.post(f"/api/referrals/{referral_id}/transitions", json=body)


SIGNING = {
    "to": "signed",
    "tenant": {"industry": "logistics"},
}


async def test_a_signed_referral_makes_a_tenant_and_lease_and_credits_the_referrer(
    client: AsyncClient,
) -> None:
    s = await setting(client)
    referral = await make.created(
        client,
        "/api/referrals",
        {
            "relation_id": s["relation"]["id"],
            "space_need": "about 200 m² for a regional office",
            "area_wanted": "200.00",
            "building": s["building"]["id"],
        },
    )
    assert (referral["referrer"], referral["name"], referral["relation"]) == (
        s["referrer"]["id"],
        "恒达物流 Hengda Logistics",
        "affiliate",
    )
    assert referral["stage"] == "lead"
    for stage in ("contacted", "viewing", "offer"):
        assert (await move(client, referral["id"], to=stage)).status_code == 200
    body = {
        **SIGNING,
        "lease": {
            "units": [s["vacant"]["id"]],
            "start_date": "2026-04-01",
            "end_date": "2029-03-31",
            "base_rent": "9000.00",
        },
        "reward": {
            "kind": "rent_concession",
            "lease": s["lease"]["id"],
            "start_date": "2026-04-01",
            "end_date": "2026-06-30",
            "monthly_amount": "1000.00",
        },
    }
    signed = await move(client, referral["id"], **body)
    assert signed.status_code == 200, signed.text
    done = signed.json()
    assert (done["stage"], done["allowed"], done["signed_on"]) == ("signed", [], "2026-03-15")
    tenant = (await client.get(f"/api/tenants/{done['new_tenant']}")).json()
    assert (tenant["name"], tenant["industry"]) == ("恒达物流 Hengda Logistics", "logistics")
    lease = (await client.get(f"/api/leases/{done['new_lease']}")).json()
    assert (lease["tenant"], lease["status"], lease["base_rent"]) == (
        tenant["id"],
        "active",
        "9000.00",
    )
    # Won: 180 m²; 12 x 9,000 = 108,000 a year.
    assert (money(done["area_won"]), money(done["annual_rent_won"])) == (
        Decimal("180.00"),
        Decimal("108000.00"),
    )
    # The referrer is credited: the reward is a referral benefit, a rent credit on its lease.
    grant = (await client.get(f"/api/benefits/{done['reward_grant']}")).json()
    assert (grant["tenant"], grant["origin"], grant["kind"]) == (
        s["referrer"]["id"],
        "referral_reward",
        "rent_concession",
    )
    schedule = (await client.get(f"/api/leases/{s['lease']['id']}/schedule")).json()
    assert money(schedule["summary"]["concessions"]) == Decimal("3000.00")  # 3 months x 1,000
    # The relation now points at the new tenant.
    relation = (await client.get(f"/api/matchmaking/relations/{s['relation']['id']}")).json()
    assert relation["related_tenant"] == tenant["id"]
    figures = (await client.get("/api/referrals/figures")).json()
    assert (figures["leads"], figures["signed"], figures["conversion"]) == (1, 1, "1.0000")
    assert figures["rent_won"] == [{"currency": "CNY", "annual_rent": "108000.00"}]
    assert figures["referrers"][0]["referrer_name"] == "恒达集团 Hengda Group"


async def test_a_bad_signing_writes_nothing(client: AsyncClient) -> None:
    s = await setting(client)
    referral = await make.created(
        client, "/api/referrals", {"referrer": s["referrer"]["id"], "name": "Blue Harbour Ltd"}
    )
    problem(await move(client, referral["id"], to="signed"), 422, "tenant", "lease")
    taken = {
        **SIGNING,
        "lease": {  # ends before it starts
            "units": [s["vacant"]["id"]],
            "start_date": "2026-04-01",
            "end_date": "2026-03-01",
            "base_rent": "9000.00",
        },
    }
    problem(await move(client, referral["id"], **taken), 422, "lease.end_date")
    bad_reward = {
        **SIGNING,
        "lease": {
            "units": [s["vacant"]["id"]],
            "start_date": "2026-04-01",
            "end_date": "2029-03-31",
            "base_rent": "9000.00",
        },
        "reward": {"kind": "rent_concession", "start_date": "2026-04-01", "end_date": "2026-06-30"},
    }
    problem(await move(client, referral["id"], **bad_reward), 422, "reward.lease")
    # Nothing half-written: no new tenant, no new lease, still a lead.
    assert (await client.get("/api/tenants")).json()["total"] == 1
    assert (await client.get("/api/leases")).json()["total"] == 1
    assert (await client.get(f"/api/referrals/{referral['id']}")).json()["stage"] == "lead"


async def test_stages_only_move_forward_and_lost_needs_a_reason(client: AsyncClient) -> None:
    s = await setting(client)
    referral = await make.created(
        client,
        "/api/referrals",
        {"referrer": s["referrer"]["id"], "name": "Jade Partners", "relation": "partner"},
    )
    assert (await move(client, referral["id"], to="viewing")).status_code == 200
    body = problem(await move(client, referral["id"], to="contacted"), 409)
    assert body["conflicts"][0]["allowed"] == ["offer", "signed", "lost"]
    problem(await move(client, referral["id"], to="lost"), 422, "reason")
    lost = await move(client, referral["id"], to="lost", reason="chose a building nearer Pudong")
    assert lost.json()["lost_reason"] == "chose a building nearer Pudong"
    other = await make.created(
        client, "/api/referrals", {"referrer": s["referrer"]["id"], "name": "North Co"}
    )
    assert other["relation"] == "other"
    figures = (await client.get("/api/referrals/figures")).json()
    # 2 leads, 0 signed, 1 lost: conversion 0/2, win rate 0/1.
    assert (figures["leads"], figures["lost"], figures["open"]) == (2, 1, 1)
    assert (figures["conversion"], figures["win_rate"]) == ("0.0000", "0.0000")


async def test_a_prospect_needs_a_referrer_and_a_name(client: AsyncClient) -> None:
    problem(await client.post("/api/referrals", json={}), 422, "referrer", "name")
    s = await setting(client)
    other = await make.tenant(client)
    problem(
        await client.post(
            "/api/referrals",
            json={"referrer": other["id"], "relation_id": s["relation"]["id"]},
        ),
        422,
        "relation_id",
    )
