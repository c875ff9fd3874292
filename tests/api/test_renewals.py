"""Renewals: open, propose stepped rents, move through the workflow and sign the next cycle.

The worked example: the lease expires on 2026-12-31 at 10,000.00 a month; the market pays
12,100.00. A 36-month renewal from 2027-01-01, steps of at most 10 % a year, 3 free months
and a 6,000.00 incentive. Figures are worked out by hand in the comments.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import AsyncClient

from tenantcrm.leases.tables import LeaseUnit
from tests.api import factories as make
from tests.api.checks import field_names, ids, problem

MISSING = str(uuid4())

POLICY = {
    "max_step_percent": "10.00",
    "steps": 2,
    "step_every_months": 12,
    "free_months": 3,
    "incentive": "6000.00",
    "index_rate_percent": "3.00",
    "index_floor_percent": "1.00",
    "index_cap_percent": "4.00",
}
PROPOSAL = {"term_months": 36, "policy": POLICY}


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """A building with two units, a tenant, and its lease of both expiring on 2026-12-31."""
    building = await make.building(client, name="Jing An Tower", currency="CNY")
    units = [
        await make.unit(client, building["id"], code="18-01", area="200.00"),
        await make.unit(client, building["id"], code="18-02", area="150.00"),
    ]
    tenant = await make.tenant(client, name="Lotus Trading")
    lease = await make.lease(
        client,
        tenant["id"],
        [u["id"] for u in units],
        start_date="2024-01-01",
        end_date="2026-12-31",
        base_rent="10000.00",
        deposit="30000.00",
        notice_months=6,
    )
    return {"building": building, "units": units, "tenant": tenant, "lease": lease}


async def open_renewal(client: AsyncClient, lease_id: str, **body: Any) -> dict[str, Any]:
    response = await client.post("/api/renewals", json={"lease": lease_id, **body})
    assert response.status_code == 201, response.text
    renewal: dict[str, Any] = response.json()
    return renewal


async def move(client: AsyncClient, renewal_id: str, to: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/api/renewals/{renewal_id}/transitions", json={"to": to, **body})
    assert response.status_code == 200, response.text
    renewal: dict[str, Any] = response.json()
    return renewal


async def agreed_renewal(client: AsyncClient, lease_id: str) -> dict[str, Any]:
    """A renewal of the worked example with the fixed-step option agreed."""
    renewal = await open_renewal(client, lease_id, market_rent="12100.00")
    await move(client, renewal["id"], "in_discussion")
    response = await client.post(f"/api/renewals/{renewal['id']}/proposals", json=PROPOSAL)
    assert response.status_code == 200, response.text
    await move(client, renewal["id"], "proposal_sent")
    return await move(client, renewal["id"], "agreed", option="fixed_step")


def by_form(proposals: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {option["form"]: option for option in proposals["options"]}


async def test_open_and_read_a_renewal(client: AsyncClient, site: dict[str, Any]) -> None:
    renewal = await open_renewal(client, site["lease"]["id"], market_rent="12100.00", notes="VP")
    assert renewal["lease"] == site["lease"]["id"]
    assert (renewal["tenant"], renewal["tenant_name"]) == (site["tenant"]["id"], "Lotus Trading")
    assert (renewal["building"], renewal["building_name"]) == (
        site["building"]["id"],
        "Jing An Tower",
    )
    assert (renewal["state"], renewal["allowed"]) == ("not_started", ["in_discussion", "lost"])
    assert (renewal["market_rent"], renewal["notes"], renewal["version"]) == ("12100.00", "VP", 1)
    # expiry 2026-12-31 less 6 months of notice
    assert (renewal["lease_expiry"], renewal["notice_deadline"]) == ("2026-12-31", "2026-06-30")
    assert (renewal["current_rent"], renewal["rent_at_expiry"]) == ("10000.00", "10000.00")
    assert renewal["currency"] == "CNY"
    assert (renewal["proposal"], renewal["agreed"], renewal["new_lease"]) == (None, None, None)
    assert [(h["action"], h["to_state"]) for h in renewal["history"]] == [("opened", "not_started")]
    assert (await client.get(f"/api/renewals/{renewal['id']}")).json() == renewal

    response = await client.patch(
        f"/api/renewals/{renewal['id']}",
        json={"market_rent": "12500.00"},
        headers={"If-Match": "1"},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["market_rent"], changed["notes"], changed["version"]) == ("12500.00", "VP", 2)
    assert changed["history"][-1]["action"] == "amended"
    assert changed["history"][-1]["detail"] == {
        "market_rent_minor": {"before": 1210000, "after": 1250000}
    }
    stale = await client.patch(f"/api/renewals/{renewal['id']}", json={"notes": "x", "version": 1})
    problem(stale, 409)
    cleared = await client.patch(
        f"/api/renewals/{renewal['id']}", json={"market_rent": None, "version": 2}
    )
    assert cleared.json()["market_rent"] is None
    problem(await client.patch(f"/api/renewals/{renewal['id']}", json={"notes": "x"}), 428)


async def test_one_renewal_per_lease(client: AsyncClient, site: dict[str, Any]) -> None:
    first = await open_renewal(client, site["lease"]["id"])
    body = problem(await client.post("/api/renewals", json={"lease": site["lease"]["id"]}), 409)
    assert first["id"] in body["detail"]
    assert body["conflicts"] == [{"field": "lease", "renewal": first["id"], "state": "not_started"}]


async def test_concurrent_opens_make_one_renewal(client: AsyncClient, site: dict[str, Any]) -> None:
    responses = await asyncio.gather(
        *[client.post("/api/renewals", json={"lease": site["lease"]["id"]}) for _ in range(4)]
    )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 3}, [
        r.text for r in responses
    ]
    assert await make.total(client, "/api/renewals") == 1


async def test_only_an_active_lease_is_renewed(client: AsyncClient, site: dict[str, Any]) -> None:
    unit = await make.unit(client, site["building"]["id"], code="19-01")
    draft = await make.lease(client, site["tenant"]["id"], [unit["id"]], status="draft")
    body = problem(await client.post("/api/renewals", json={"lease": draft["id"]}), 409)
    assert body["conflicts"] == [{"field": "lease", "status": "draft", "allowed": ["active"]}]
    problem(await client.post("/api/renewals", json={"lease": MISSING}), 422, "lease")
    response = await client.post(
        "/api/renewals", json={"lease": site["lease"]["id"], "market_rent": "-1.00"}
    )
    problem(response, 422, "market_rent")
    assert await make.total(client, "/api/renewals") == 0


async def test_proposals_side_by_side(client: AsyncClient, site: dict[str, Any]) -> None:
    renewal = await open_renewal(client, site["lease"]["id"], market_rent="12100.00")
    response = await client.post(f"/api/renewals/{renewal['id']}/proposals", json=PROPOSAL)
    assert response.status_code == 200, response.text
    proposals = response.json()
    # The current rent is the rent at expiry; the renewal starts the day after expiry and
    # runs 36 months.
    assert (proposals["current_rent"], proposals["market_rent"]) == ("10000.00", "12100.00")
    assert (proposals["start"], proposals["end"], proposals["term_months"]) == (
        "2027-01-01",
        "2029-12-31",
        36,
    )
    assert proposals["policy"] == POLICY
    options = by_form(proposals)
    assert list(options) == ["flat_market", "fixed_step", "percent_step", "index_linked"]

    flat = options["flat_market"]
    # 12,100 x 36 = 435,600 gross; 3 free months = 36,300; 399,300 payable.
    # Net effective: (399,300 - 6,000) / 36 = 10,925.00.
    assert [(lv["effective"], lv["monthly_rent"]) for lv in flat["levels"]] == [
        ("2027-01-01", "12100.00")
    ]
    assert flat["summary"] == {
        "months": "36.0000",
        "gross_rent": "435600.00",
        "free_rent": "36300.00",
        "total_rent": "399300.00",
        "average_monthly_rent": "12100.00",
        "net_effective_rent": "10925.00",
    }
    assert flat["difference_vs_flat_market"] == "0.00"
    assert flat["largest_step_percent"] == "21.00"  # 10,000 -> 12,100 in one jump

    fixed = options["fixed_step"]
    # Two equal steps (11,050 first) would rise 10.5 % > 10 %; three fit the cap:
    # 10,700 (+7 %), 11,400, 12,100 from each anniversary.
    assert [(lv["effective"], lv["monthly_rent"]) for lv in fixed["levels"]] == [
        ("2027-01-01", "10700.00"),
        ("2028-01-01", "11400.00"),
        ("2029-01-01", "12100.00"),
    ]
    assert (fixed["largest_step_percent"], fixed["reaches_market"]) == ("7.00", True)
    # gross 12 x (10,700 + 11,400 + 12,100) = 410,400; free 3 x 10,700 = 32,100;
    # payable 378,300; average 410,400 / 36 = 11,400; NER (378,300 - 6,000) / 36 = 10,341.67.
    assert fixed["summary"] == {
        "months": "36.0000",
        "gross_rent": "410400.00",
        "free_rent": "32100.00",
        "total_rent": "378300.00",
        "average_monthly_rent": "11400.00",
        "net_effective_rent": "10341.67",
    }
    assert fixed["difference_vs_flat_market"] == "-21000.00"  # 378,300 - 399,300
    assert fixed["terms"] == {
        "start": "2027-01-01",
        "end": "2029-12-31",
        "base_rent": "10700.00",
        "incentive": "6000.00",
        "rent_steps": [
            {
                "kind": "free",
                "effective": "2027-01-01",
                "amount": None,
                "percent": None,
                "every_months": None,
                "months": 3,
            },
            {
                "kind": "fixed",
                "effective": "2028-01-01",
                "amount": "11400.00",
                "percent": None,
                "every_months": None,
                "months": None,
            },
            {
                "kind": "fixed",
                "effective": "2029-01-01",
                "amount": "12100.00",
                "percent": None,
                "every_months": None,
                "months": None,
            },
        ],
    }

    percent = options["percent_step"]
    # 10,000 x 1.1 = 11,000, x 1.1 = 12,100: two steps of exactly the cap.
    assert [lv["monthly_rent"] for lv in percent["levels"]] == ["11000.00", "12100.00"]
    # 12 x 11,000 + 24 x 12,100 = 422,400; free 33,000; payable 389,400 (9,900 under flat).
    assert percent["summary"]["total_rent"] == "389400.00"
    assert percent["difference_vs_flat_market"] == "-9900.00"
    assert percent["largest_step_percent"] == "10.00"

    index = options["index_linked"]
    # 12,100; +3 % = 12,463.00 from 2028; +3 % = 12,836.89 from 2029 (12,836.89 exactly).
    assert [(lv["effective"], lv["monthly_rent"]) for lv in index["levels"]] == [
        ("2027-01-01", "12100.00"),
        ("2028-01-01", "12463.00"),
        ("2029-01-01", "12836.89"),
    ]
    # 12 x (12,100 + 12,463 + 12,836.89) = 448,798.68; less 36,300 free = 412,498.68.
    assert index["summary"]["total_rent"] == "412498.68"
    assert index["difference_vs_flat_market"] == "13198.68"

    stored = (await client.get(f"/api/renewals/{renewal['id']}")).json()
    assert stored["proposal"] == {
        "current_rent": "10000.00",
        "market_rent": "12100.00",
        "start": "2027-01-01",
        "term_months": 36,
        "policy": POLICY,
        "made_on": "2026-03-15",
    }
    assert stored["version"] == 2
    assert stored["history"][-1]["action"] == "proposed"
    assert stored["state"] == "not_started", "proposing moves no state"


async def test_stateless_builder_gives_the_same_options(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    renewal = await open_renewal(client, site["lease"]["id"], market_rent="12100.00")
    kept = await client.post(f"/api/renewals/{renewal['id']}/proposals", json=PROPOSAL)
    response = await client.post(
        "/api/renewal-proposals",
        json={
            "current_rent": "10000.00",
            "market_rent": "12100.00",
            "start": "2027-01-01",
            **PROPOSAL,
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == kept.json()


async def test_proposal_input_is_checked(client: AsyncClient, site: dict[str, Any]) -> None:
    renewal = await open_renewal(client, site["lease"]["id"])
    url = f"/api/renewals/{renewal['id']}/proposals"
    # no market rent stored and none sent
    problem(await client.post(url, json=PROPOSAL), 422, "market_rent")
    # four steps a year apart do not fit in 36 months; floor above cap
    bad_policy = {**POLICY, "steps": 4, "index_floor_percent": "5.00"}
    response = await client.post(
        url, json={"market_rent": "12100.00", "term_months": 36, "policy": bad_policy}
    )
    problem(response, 422, "policy.steps", "policy.index_floor_percent")
    response = await client.post(
        url, json={"market_rent": "12100.00", "term_months": 0, "policy": {}}
    )
    body = problem(response, 422, "term_months")
    assert "policy.max_step_percent" in field_names(body)
    response = await client.post(
        "/api/renewal-proposals",
        json={"current_rent": "0.00", "market_rent": "1.00", "start": "2027-01-01", **PROPOSAL},
    )
    problem(response, 422, "current_rent")
    problem(await client.post(f"/api/renewals/{MISSING}/proposals", json=PROPOSAL), 404)
    assert (await client.get(f"/api/renewals/{renewal['id']}")).json()["proposal"] is None


async def test_renewal_to_a_signed_new_cycle(client: AsyncClient, site: dict[str, Any]) -> None:
    old = site["lease"]
    renewal = await open_renewal(client, old["id"], market_rent="12100.00")
    renewal = await move(client, renewal["id"], "in_discussion")
    assert renewal["allowed"] == ["proposal_sent", "lost"]
    await client.post(f"/api/renewals/{renewal['id']}/proposals", json=PROPOSAL)
    renewal = await move(client, renewal["id"], "proposal_sent")
    assert renewal["allowed"] == ["in_discussion", "agreed", "lost"]
    renewal = await move(client, renewal["id"], "agreed", option="fixed_step")
    assert renewal["agreed"]["form"] == "fixed_step"
    assert renewal["agreed"]["terms"]["base_rent"] == "10700.00"
    assert renewal["agreed"]["summary"]["total_rent"] == "378300.00"
    assert renewal["agreed"]["agreed_on"] == "2026-03-15"

    signed = await move(client, renewal["id"], "signed")
    assert (signed["state"], signed["allowed"]) == ("signed", [])
    new_id = signed["new_lease"]
    assert new_id is not None
    assert new_id != old["id"]
    transitions = [
        (h["from_state"], h["to_state"]) for h in signed["history"] if h["action"] == "transition"
    ]
    assert transitions == [
        ("not_started", "in_discussion"),
        ("in_discussion", "proposal_sent"),
        ("proposal_sent", "agreed"),
        ("agreed", "signed"),
    ]
    assert signed["history"][-1]["detail"] == {"new_lease": new_id}

    previous = (await client.get(f"/api/leases/{old['id']}")).json()
    assert (previous["status"], previous["version"]) == ("renewed", old["version"] + 1)
    new = (await client.get(f"/api/leases/{new_id}")).json()
    assert (new["cycle"], new["previous"], new["status"]) == (2, old["id"], "active")
    assert (new["tenant"], new["building"]) == (old["tenant"], old["building"])
    assert (new["start_date"], new["end_date"]) == ("2027-01-01", "2029-12-31")
    assert (new["base_rent"], new["incentive"], new["deposit"]) == (
        "10700.00",
        "6000.00",
        "30000.00",
    )
    assert new["notice_months"] == 6
    assert sorted(u["unit"] for u in new["units"]) == sorted(ids(site["units"]))
    assert new["area"] == "350.00"
    steps = [(s["kind"], s["effective"], s["amount"], s["months"]) for s in new["rent_steps"]]
    assert steps == [
        ("free", "2027-01-01", None, 3),
        ("fixed", "2028-01-01", "11400.00", None),
        ("fixed", "2029-01-01", "12100.00", None),
    ]
    added_by = await LeaseUnit.select(LeaseUnit.added_by).where(LeaseUnit.lease == UUID(new_id))
    assert [row["added_by"] for row in added_by] == ["renewal", "renewal"]

    # The new lease's own schedule gives the option's figures, worked by hand:
    # months 1-3 free at 10,700; months 4-12 pay 9 x 10,700 = 96,300; months 13-24 pay
    # 12 x 11,400 = 136,800; months 25-36 pay 12 x 12,100 = 145,200: 378,300 in all.
    schedule = (await client.get(f"/api/leases/{new_id}/schedule")).json()
    assert len(schedule["lines"]) == 36
    assert [line["due"] for line in schedule["lines"][:4]] == ["0.00", "0.00", "0.00", "10700.00"]
    assert schedule["lines"][12]["monthly_rent"] == "11400.00"
    assert schedule["lines"][35]["monthly_rent"] == "12100.00"
    assert sum(float(line["due"]) for line in schedule["lines"]) == 96_300 + 136_800 + 145_200
    assert schedule["summary"] == {
        "months": "36.0000",
        "gross_rent": "410400.00",
        "free_rent": "32100.00",
        "concessions": "0.00",
        "total_rent": "378300.00",
        "average_monthly_rent": "11400.00",
        "net_effective_rent": "10341.67",
    }

    # The portfolio's critical dates now follow the new cycle: its expiry, no longer the old one.
    ahead = (
        await client.get("/api/critical-dates", params={"within": 3660, "kind": "expiry"})
    ).json()
    assert [(d["day"], d["lease"]) for d in ahead["items"]] == [("2029-12-31", new_id)]

    # Nothing moves a signed renewal, and the new cycle can have a renewal of its own.
    body = problem(
        await client.post(f"/api/renewals/{renewal['id']}/transitions", json={"to": "lost"}), 409
    )
    assert body["allowed"] == []
    assert (await open_renewal(client, new_id))["lease"] == new_id


async def test_agreeing_explicit_terms(client: AsyncClient, site: dict[str, Any]) -> None:
    renewal = await open_renewal(client, site["lease"]["id"])
    await move(client, renewal["id"], "in_discussion")
    await move(client, renewal["id"], "proposal_sent")
    terms = {
        "start": "2027-01-01",
        "end": "2028-12-31",
        "base_rent": "10500.00",
        "rent_steps": [{"kind": "percent", "effective": "2028-01-01", "percent": "4.00"}],
    }
    bad = {**terms, "end": "2026-06-30"}
    response = await client.post(
        f"/api/renewals/{renewal['id']}/transitions", json={"to": "agreed", "terms": bad}
    )
    problem(response, 422, "terms.end", "terms.rent_steps[0].effective")
    early = {**terms, "start": "2026-12-01"}
    response = await client.post(
        f"/api/renewals/{renewal['id']}/transitions", json={"to": "agreed", "terms": early}
    )
    problem(response, 422, "terms.start")
    renewal = await move(client, renewal["id"], "agreed", terms=terms)
    assert renewal["agreed"]["form"] is None
    # 12 x 10,500 + 12 x 10,920 (10,500 + 4 %) = 126,000 + 131,040 = 257,040
    assert renewal["agreed"]["summary"]["total_rent"] == "257040.00"
    signed = await move(client, renewal["id"], "signed")
    schedule = (await client.get(f"/api/leases/{signed['new_lease']}/schedule")).json()
    assert schedule["summary"]["total_rent"] == "257040.00"
    assert schedule["lines"][12]["monthly_rent"] == "10920.00"


async def test_illegal_transitions_list_the_allowed_ones(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    renewal = await open_renewal(client, site["lease"]["id"])
    url = f"/api/renewals/{renewal['id']}/transitions"
    body = problem(await client.post(url, json={"to": "agreed", "option": "fixed_step"}), 409)
    assert body["allowed"] == ["in_discussion", "lost"]
    assert body["conflicts"] == [
        {
            "field": "to",
            "current": "not_started",
            "requested": "agreed",
            "allowed": ["in_discussion", "lost"],
        }
    ]
    body = problem(await client.post(url, json={"to": "signed"}), 409)
    assert body["allowed"] == ["in_discussion", "lost"]
    problem(await client.post(url, json={"to": "not_started"}), 409)
    problem(await client.post(url, json={"to": "nowhere"}), 422, "to")
    problem(await client.post(f"/api/renewals/{MISSING}/transitions", json={"to": "lost"}), 404)
    current = (await client.get(f"/api/renewals/{renewal['id']}")).json()
    assert (current["state"], current["version"]) == ("not_started", 1)
    assert [h["action"] for h in current["history"]] == ["opened"]


async def test_lost_needs_a_reason(client: AsyncClient, site: dict[str, Any]) -> None:
    renewal = await open_renewal(client, site["lease"]["id"])
    url = f"/api/renewals/{renewal['id']}/transitions"
    problem(await client.post(url, json={"to": "lost"}), 422, "reason")
    problem(await client.post(url, json={"to": "lost", "reason": "   "}), 422, "reason")
    assert (await client.get(f"/api/renewals/{renewal['id']}")).json()["state"] == "not_started"
    lost = await move(client, renewal["id"], "lost", reason="Moving to a cheaper district")
    assert (lost["state"], lost["lost_reason"], lost["allowed"]) == (
        "lost",
        "Moving to a cheaper district",
        [],
    )
    assert lost["history"][-1]["detail"] == {"reason": "Moving to a cheaper district"}
    assert (await client.get(f"/api/leases/{site['lease']['id']}")).json()["status"] == "active"
    response = await client.post(f"/api/renewals/{renewal['id']}/proposals", json=PROPOSAL)
    problem(response, 409)


async def test_agreeing_needs_an_option(client: AsyncClient, site: dict[str, Any]) -> None:
    renewal = await open_renewal(client, site["lease"]["id"], market_rent="12100.00")
    url = f"/api/renewals/{renewal['id']}/transitions"
    await move(client, renewal["id"], "in_discussion")
    await move(client, renewal["id"], "proposal_sent")
    problem(await client.post(url, json={"to": "agreed"}), 422, "option")
    # an option before any proposal was made
    problem(await client.post(url, json={"to": "agreed", "option": "fixed_step"}), 422, "option")
    problem(await client.post(url, json={"to": "agreed", "option": "best"}), 422, "option")
    response = await client.post(
        url,
        json={
            "to": "agreed",
            "option": "fixed_step",
            "terms": {"start": "2027-01-01", "end": "2027-12-31", "base_rent": "1.00"},
        },
    )
    problem(response, 422, "terms")
    response = await client.post(url, json={"to": "lost", "reason": "x", "option": "fixed_step"})
    problem(response, 422, "option")
    assert (await client.get(f"/api/renewals/{renewal['id']}")).json()["state"] == "proposal_sent"


async def test_back_to_discussion_withdraws_the_agreement(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    renewal = await agreed_renewal(client, site["lease"]["id"])
    back = await move(client, renewal["id"], "in_discussion", reason="Board wants a break clause")
    assert (back["state"], back["agreed"]) == ("in_discussion", None)
    assert back["history"][-1]["detail"]["withdrawn"]["form"] == "fixed_step"
    url = f"/api/renewals/{renewal['id']}/transitions"
    problem(await client.post(url, json={"to": "signed"}), 409)
    assert (await client.get(f"/api/leases/{site['lease']['id']}")).json()["status"] == "active"


@pytest.mark.parametrize("racers", [2, 4])
async def test_concurrent_signing_creates_one_lease(
    client: AsyncClient, site: dict[str, Any], racers: int
) -> None:
    renewal = await agreed_renewal(client, site["lease"]["id"])
    before = await make.total(client, "/api/leases")
    url = f"/api/renewals/{renewal['id']}/transitions"
    responses = await asyncio.gather(
        *[client.post(url, json={"to": "signed"}) for _ in range(racers)]
    )
    assert Counter(r.status_code for r in responses) == {200: 1, 409: racers - 1}, [
        r.text for r in responses
    ]
    assert await make.total(client, "/api/leases") == before + 1
    winner = next(r.json() for r in responses if r.status_code == 200)
    for loser in (r for r in responses if r.status_code == 409):
        assert loser.json()["allowed"] == []
    cycles = (await client.get("/api/leases", params={"tenant": site["tenant"]["id"]})).json()
    assert sorted((lease["cycle"], lease["status"]) for lease in cycles["items"]) == [
        (1, "renewed"),
        (2, "active"),
    ]
    assert winner["new_lease"] in ids(cycles["items"])
    renewal_now = (await client.get(f"/api/renewals/{renewal['id']}")).json()
    signings = [h for h in renewal_now["history"] if h["to_state"] == "signed"]
    assert len(signings) == 1


async def test_signing_is_all_or_nothing(client: AsyncClient, site: dict[str, Any]) -> None:
    """A unit let to someone else over the new term refuses the signing and changes nothing."""
    renewal = await agreed_renewal(client, site["lease"]["id"])
    other = await make.tenant(client)
    await make.lease(
        client,
        other["id"],
        [site["units"][1]["id"]],
        start_date="2028-06-01",
        end_date="2030-05-31",
        status="draft",
    )
    before = await make.total(client, "/api/leases")
    url = f"/api/renewals/{renewal['id']}/transitions"
    problem(await client.post(url, json={"to": "signed"}), 409)
    assert await make.total(client, "/api/leases") == before
    current = (await client.get(f"/api/renewals/{renewal['id']}")).json()
    assert (current["state"], current["new_lease"]) == ("agreed", None)
    lease = (await client.get(f"/api/leases/{site['lease']['id']}")).json()
    assert (lease["status"], lease["version"]) == ("active", 1)


async def test_list_filters_and_pages(client: AsyncClient, site: dict[str, Any]) -> None:
    tower = site["building"]
    annex = await make.building(client, name="Annex")
    other = await make.tenant(client, name="Orchid Labs")
    later = await make.lease(
        client,
        other["id"],
        [(await make.unit(client, annex["id"]))["id"]],
        start_date="2025-01-01",
        end_date="2027-06-30",
    )
    third = await make.lease(
        client,
        site["tenant"]["id"],
        [(await make.unit(client, tower["id"], code="20-01"))["id"]],
        start_date="2025-01-01",
        end_date="2026-09-30",
    )
    a = await open_renewal(client, site["lease"]["id"])  # expires 2026-12-31
    b = await open_renewal(client, later["id"])  # 2027-06-30
    c = await open_renewal(client, third["id"])  # 2026-09-30
    await move(client, b["id"], "in_discussion")

    async def listed(**params: Any) -> list[str]:
        response = await client.get("/api/renewals", params=params)
        assert response.status_code == 200, response.text
        return ids(response.json()["items"])

    assert await listed() == [c["id"], a["id"], b["id"]], "by lease expiry"
    assert await listed(state="in_discussion") == [b["id"]]
    assert await listed(state="not_started") == [c["id"], a["id"]]
    assert await listed(building=tower["id"]) == [c["id"], a["id"]]
    assert await listed(tenant=other["id"]) == [b["id"]]
    assert await listed(expiring_before="2026-12-31") == [c["id"]]
    assert await listed(expiring_before="2027-01-01") == [c["id"], a["id"]]
    page = (await client.get("/api/renewals", params={"limit": 2, "offset": 1})).json()
    assert (ids(page["items"]), page["total"], page["limit"], page["offset"]) == (
        [a["id"], b["id"]],
        3,
        2,
        1,
    )
    problem(await client.get("/api/renewals", params={"state": "won"}), 422, "state")
    problem(await client.get(f"/api/renewals/{MISSING}"), 404)
