"""The demo portfolio: generated straight into the database, checked through the API."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import httpx
import pytest

from tenantcrm.demo import (
    PortfolioCounts,
    PortfolioNotEmptyError,
    PortfolioSize,
    generate_portfolio,
    plan_portfolio,
)
from tenantcrm.tenants.enums import Industry
from tests.app_fixtures import TODAY, demo_portfolio

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters written differently in Simplified Chinese: a name holding one is Traditional.
_TRADITIONAL_ONLY = set(
    "達華遠匯豐創聯雲啟悅誠億萬興鴻譽騰飛龍凱澤漢東樂藍錦輝榮長橋數據資訊軟網絡醫藥療製業貿進際會計師務諮詢顧傳廣"
)


async def _all(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list."""
    items: list[dict[str, Any]] = []
    while True:
        response = await client.get(path, params={**params, "limit": 500, "offset": len(items)})
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if len(items) >= page["total"] or not page["items"]:
            return items


async def _total(client: httpx.AsyncClient, path: str, **params: Any) -> int:
    response = await client.get(path, params={**params, "limit": 1})
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


@pytest.fixture
async def demo(client: httpx.AsyncClient) -> PortfolioCounts:
    return await demo_portfolio(PortfolioSize.demo(), seed=7)


async def test_counts_match_the_api(client: httpx.AsyncClient, demo: PortfolioCounts) -> None:
    assert demo.buildings == 4
    assert 140 <= demo.tenants <= 160
    assert await _total(client, "/api/buildings") == demo.buildings
    assert await _total(client, "/api/units") == demo.units
    assert demo.anchors is not None
    referred = demo.anchors.referrals_signed  # each signed referral is a tenant with a lease
    assert await _total(client, "/api/tenants") == demo.tenants + referred
    assert await _total(client, "/api/contacts") == demo.contacts
    leases = await _all(client, "/api/leases")
    assert demo.lifecycle is not None
    assert len(leases) == demo.leases + demo.lifecycle.renewals_signed + referred
    signed = {r["new_lease"] for r in await _all(client, "/api/renewals") if r["new_lease"]}
    assert len(signed) == demo.lifecycle.renewals_signed
    won = {r["new_lease"] for r in await _all(client, "/api/referrals") if r["new_lease"]}
    assert len(won) == referred
    planned = [lease for lease in leases if lease["id"] not in signed | won]
    assert sum(len(lease["rent_steps"]) for lease in planned) == demo.rent_steps
    assert {lease["status"] for lease in leases} == {"active", "renewed", "ended", "draft"}
    kinds = {step["kind"] for lease in leases for step in lease["rent_steps"]}
    assert kinds == {"fixed", "percent", "amount", "free"}
    trail = (await client.get(f"/api/leases/{leases[0]['id']}/history")).json()["items"]
    assert trail, "the demo's records are in the audit trail"
    assert {(e["actor"], e["actor_id"]) for e in trail} == {("demo generator", None)}
    for industry in Industry:
        assert await _total(client, "/api/tenants", industry=industry.value) >= 1, industry
    anchors = await _all(client, "/api/tenants", anchor="true")
    assert anchors
    assert all(t["anchor_category"] for t in anchors)


async def test_chinese_names_are_searchable(
    client: httpx.AsyncClient, demo: PortfolioCounts
) -> None:
    tenants = await _all(client, "/api/tenants")
    chinese = [t for t in tenants if _CJK.search(t["name"])]
    assert len(chinese) >= demo.tenants // 4
    assert any(_TRADITIONAL_ONLY & set(t["name"] + t["legal_name"]) for t in chinese)
    for tenant in chinese[:5]:
        part = tenant["name"][2:6]
        response = await client.get("/api/tenants", params={"q": part, "limit": 500})
        assert response.status_code == 200, response.text
        assert tenant["id"] in {t["id"] for t in response.json()["items"]}, part


async def test_renewals_link_to_the_cycle_they_renew(
    client: httpx.AsyncClient, demo: PortfolioCounts
) -> None:
    leases = {lease["id"]: lease for lease in await _all(client, "/api/leases")}
    renewals = [lease for lease in leases.values() if lease["cycle"] > 1]
    assert any(r["status"] == "active" for r in renewals)
    for renewal in renewals:
        previous = leases[renewal["previous"]]
        assert previous["tenant"] == renewal["tenant"]
        assert previous["cycle"] == renewal["cycle"] - 1
        expected = "active" if renewal["status"] == "draft" else "renewed"
        assert previous["status"] == expected
        day_after = date.fromisoformat(previous["end_date"]) + timedelta(days=1)
        assert date.fromisoformat(renewal["start_date"]) == day_after
        assert {u["unit"] for u in previous["units"]} == {u["unit"] for u in renewal["units"]}
    for lease in leases.values():
        if lease["cycle"] == 1:
            assert lease["previous"] is None


async def test_buildings_are_mostly_let(client: httpx.AsyncClient, demo: PortfolioCounts) -> None:
    for building in await _all(client, "/api/buildings"):
        response = await client.get(f"/api/buildings/{building['id']}/occupancy")
        assert response.status_code == 200, response.text
        assert Decimal("0.7") <= Decimal(response.json()["occupancy_rate"]) <= 1, building["name"]


async def test_no_unit_is_let_twice_at_once(
    client: httpx.AsyncClient, demo: PortfolioCounts
) -> None:
    leases = await _all(client, "/api/leases")
    renewed = {lease["previous"] for lease in leases if lease["previous"]}
    moved_out = {m["lease"] for m in await _all(client, "/api/move-outs")}
    today = TODAY.isoformat()
    terms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for lease in leases:
        status, start, end = lease["status"], lease["start_date"], lease["end_date"]
        assert start < end
        if status == "active":  # in force, or a signed renewal waiting for its first day
            assert start <= today <= end or (lease["previous"] and start > today)
        elif status == "draft":
            assert start > today
        elif status == "renewed":
            assert end < today or lease["id"] in renewed
        else:
            assert end < today or lease["id"] in moved_out
        for unit in lease["units"]:
            terms[unit["unit"]].append((unit["start_date"], unit["end_date"]))
    for spans in terms.values():
        spans.sort()
        for (_, end), (start, _) in pairwise(spans):
            assert end < start
    busiest = max(terms, key=lambda unit: len(terms[unit]))
    assert await _total(client, "/api/leases", unit=busiest) == len(terms[busiest])


async def test_the_lifecycle_has_happened(client: httpx.AsyncClient, demo: PortfolioCounts) -> None:
    """Renewals at every stage, executed space requests and hard and soft move-outs, so the
    analytics have something to show."""
    renewal_states = {r["state"] for r in await _all(client, "/api/renewals")}
    assert {"in_discussion", "proposal_sent", "agreed", "signed", "lost"} <= renewal_states
    requests = await _all(client, "/api/space-requests")
    assert "executed" in {r["state"] for r in requests}
    assert {r["kind"] for r in requests} == {"expansion", "contraction"}
    move_outs = await _all(client, "/api/move-outs")
    assert {m["churn_class"] for m in move_outs} == {"hard", "soft"}

    a_year_ago = (TODAY - timedelta(days=365)).isoformat()
    churned = {"hard": 0, "soft": 0}
    for building in await _all(client, "/api/buildings"):
        params = {"from": a_year_ago, "to": TODAY.isoformat(), "building": building["id"]}
        response = await client.get("/api/analytics/churn", params=params)
        assert response.status_code == 200, response.text
        for kind in churned:
            churned[kind] += response.json()[kind]["count"]
    assert churned == {
        "hard": sum(m["churn_class"] == "hard" for m in move_outs),
        "soft": sum(m["churn_class"] == "soft" for m in move_outs),
    }


async def test_anchors_have_benefits_and_tenants_have_profiles(
    client: httpx.AsyncClient, demo: PortfolioCounts
) -> None:
    assert demo.anchors is not None
    assert demo.anchors.profiles == demo.tenants
    grants = await _all(client, "/api/benefits")
    policy = [g for g in grants if g["origin"] == "anchor_policy"]
    assert len(policy) == demo.anchors.benefits > 0
    assert all(g["tenant_is_anchor"] for g in policy)
    rewards = [g for g in grants if g["origin"] == "referral_reward"]
    assert len(rewards) <= demo.anchors.referrals_signed
    assert {g["kind"] for g in grants} >= {"rent_concession", "parking_space"}
    summary = (await client.get("/api/benefits/summary")).json()
    assert summary["by_currency"][0]["benefits_in_force"] > 0
    held = await _all(client, "/api/resources", free="false")
    assert held
    assert all(r["holder"]["tenant_name"] for r in held)
    intros = await _all(client, "/api/matchmaking/introductions")
    assert len(intros) == demo.anchors.introductions > 0
    tenant = intros[0]["tenant"]
    suggested = (await client.get(f"/api/matchmaking/tenants/{tenant}/suggestions")).json()
    assert suggested["items"]
    assert all(s["reasons"] for s in suggested["items"])
    figures = (await client.get("/api/referrals/figures")).json()
    assert figures["leads"] == demo.anchors.referrals > 0
    assert figures["signed"] == demo.anchors.referrals_signed


async def test_every_schedule_builds(client: httpx.AsyncClient, demo: PortfolioCounts) -> None:
    for lease in await _all(client, "/api/leases"):
        response = await client.get(f"/api/leases/{lease['id']}/schedule")
        assert response.status_code == 200, response.text
        schedule = response.json()
        assert schedule["lines"]
        assert Decimal(schedule["summary"]["total_rent"]) > 0


async def test_refuses_a_database_that_has_data(
    client: httpx.AsyncClient, demo: PortfolioCounts
) -> None:
    with pytest.raises(PortfolioNotEmptyError):
        await generate_portfolio(PortfolioSize.demo(), today=TODAY, seed=8)
    assert demo.anchors is not None
    assert await _total(client, "/api/tenants") == demo.tenants + demo.anchors.referrals_signed


def test_a_seed_gives_the_same_portfolio() -> None:
    first = plan_portfolio(PortfolioSize.demo(), TODAY, seed=3)
    again = plan_portfolio(PortfolioSize.demo(), TODAY, seed=3)
    other = plan_portfolio(PortfolioSize.demo(), TODAY, seed=4)
    assert first == again
    assert first.tenants != other.tenants
