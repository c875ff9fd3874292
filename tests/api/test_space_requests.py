"""Space requests: expansions and contractions through their workflow, suggestions, and the
lease amendment they make (units, area and rent from the effective date). Figures by hand."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient, Response

from tests.api import factories as make
from tests.api.checks import field_names, ids, problem

MISSING = str(uuid4())


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """Tower (CNY): Harbour Capital leases 12-01 (250 m²) from 2025-01-01 to 2027-12-31 at
    10,000.00 a month, rising 3 % on 2027-01-01. Other Co leases 14-01. 12-02, 13-01 and 20-01
    are vacant; 15-01 is off the market."""
    building = await make.building(client, name="Tower")
    bid = building["id"]
    units = {
        code: await make.unit(client, bid, floor=int(code[:2]), code=code, area=area, **extra)
        for code, area, extra in [
            ("12-01", "250.00", {}),
            ("12-02", "100.00", {}),
            ("13-01", "150.00", {}),
            ("14-01", "300.00", {}),
            ("20-01", "100.00", {}),
            ("15-01", "100.00", {"status": "off_market"}),
        ]
    }
    tenant = await make.tenant(client, name="Harbour Capital")
    other = await make.tenant(client, name="Other Co")
    lease = await make.lease(
        client,
        tenant["id"],
        [units["12-01"]["id"]],
        rent_steps=[{"kind": "percent", "effective": "2027-01-01", "percent": "3.00"}],
    )
    other_lease = await make.lease(client, other["id"], [units["14-01"]["id"]])
    return {
        "building": building,
        "units": units,
        "tenant": tenant,
        "other": other,
        "lease": lease,
        "other_lease": other_lease,
    }


def unit_id(site: dict[str, Any], code: str) -> str:
    value: str = site["units"][code]["id"]
    return value


async def submit(
    client: AsyncClient, site: dict[str, Any], kind: str = "expansion", **overrides: Any
) -> dict[str, Any]:
    body = {
        "tenant": site["tenant"]["id"],
        "lease": site["lease"]["id"],
        "kind": kind,
        "desired_area": "100.00",
        "desired_date": "2026-06-16",
        "reason": "hiring a second team",
        **overrides,
    }
    return await make.created(client, "/api/space-requests", body)


async def move(client: AsyncClient, request_id: str, to: str, **body: Any) -> Response:
    return await client.post(
        f"/api/space-requests/{request_id}/transitions", json={"to": to, **body}
    )


async def moved(client: AsyncClient, request_id: str, to: str, **body: Any) -> dict[str, Any]:
    response = await move(client, request_id, to, **body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    assert result["state"] == to
    return result


async def accepted(
    client: AsyncClient, site: dict[str, Any], units: list[str], **request: Any
) -> dict[str, Any]:
    """A request submitted, evaluated, offered ``units`` (by code) and accepted."""
    made = await submit(client, site, **request)
    await moved(client, made["id"], "evaluating")
    await moved(client, made["id"], "offered", units=[unit_id(site, u) for u in units])
    return await moved(client, made["id"], "accepted")


async def lease_on(client: AsyncClient, lease_id: str, day: str) -> dict[str, Any]:
    response = await client.get(f"/api/leases/{lease_id}", params={"on": day})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def occupancy_of(client: AsyncClient, site: dict[str, Any], day: str) -> dict[str, str]:
    """Each unit code's occupancy in the building on ``day``."""
    url = f"/api/buildings/{site['building']['id']}/occupancy"
    response = await client.get(url, params={"on": day})
    assert response.status_code == 200, response.text
    return {u["code"]: u["occupancy"] for f in response.json()["floors"] for u in f["units"]}


# --- the whole way -------------------------------------------------------------------------


async def test_expansion_executed_mid_term(client: AsyncClient, site: dict[str, Any]) -> None:
    request = await submit(client, site)
    assert (request["state"], request["allowed"]) == (
        "submitted",
        ["evaluating", "declined", "withdrawn"],
    )
    assert (request["kind"], request["desired_area"], request["desired_date"]) == (
        "expansion",
        "100.00",
        "2026-06-16",
    )
    assert (request["tenant_name"], request["building_name"]) == ("Harbour Capital", "Tower")
    assert (request["units"], request["offered_area"], request["version"]) == ([], "0.00", 1)

    rid = request["id"]
    await moved(client, rid, "evaluating")
    offered = await moved(client, rid, "offered", units=[unit_id(site, "12-02")])
    assert [u["code"] for u in offered["units"]] == ["12-02"]
    assert offered["offered_area"] == "100.00"
    await moved(client, rid, "accepted")
    executed = await moved(
        client, rid, "executed", effective_date="2026-06-16", note="signed side letter"
    )
    assert (executed["effective_date"], executed["outcome_note"]) == (
        "2026-06-16",
        "signed side letter",
    )
    assert executed["allowed"] == []
    amendment = executed["amendment"]
    assert (amendment["effective"], amendment["area_before"], amendment["area_after"]) == (
        "2026-06-16",
        "250.00",
        "350.00",
    )
    assert [(e["action"], e["to_state"]) for e in executed["history"]] == [
        ("submitted", "submitted"),
        ("transition", "evaluating"),
        ("transition", "offered"),
        ("transition", "accepted"),
        ("transition", "executed"),
    ]
    assert executed["history"][-1]["detail"]["area_after"] == "350.00"
    assert executed["version"] == 5

    lease_id = site["lease"]["id"]
    before = await lease_on(client, lease_id, "2026-06-15")
    assert (before["area"], before["current_rent"], before["version"]) == ("250.00", "10000.00", 2)
    # 10,000.00 for 250 m² -> 350 m²: 10,000 x 350 / 250 = 14,000.00
    assert before["next_change"] == {
        "effective": "2026-06-16",
        "monthly_rent": "14000.00",
        "kind": "area",
    }
    after = await lease_on(client, lease_id, "2026-06-16")
    assert (after["area"], after["current_rent"]) == ("350.00", "14000.00")
    # the 3 % step of 2027-01-01 applies to the larger rent: 14,000 x 1.03 = 14,420.00
    assert after["next_change"] == {
        "effective": "2027-01-01",
        "monthly_rent": "14420.00",
        "kind": "percent",
    }
    assert [
        (u["code"], u["start_date"], u["end_date"], u["added_by"], u["released_by"])
        for u in after["units"]
    ] == [
        ("12-01", "2025-01-01", "2027-12-31", "letting", None),
        ("12-02", "2026-06-16", "2027-12-31", "expansion", None),
    ]
    assert [c["id"] for c in after["area_changes"]] == [amendment["id"]]
    assert (await lease_on(client, lease_id, "2027-06-30"))["current_rent"] == "14420.00"

    response = await client.get(f"/api/leases/{lease_id}/schedule", params={"on": "2026-06-16"})
    assert response.status_code == 200, response.text
    schedule = response.json()
    lines = {line["number"]: line for line in schedule["lines"]}
    # Line 17, May 2026: still 10,000.00.
    assert (lines[17]["start"], lines[17]["rent"]) == ("2026-05-01", "10000.00")
    # Line 18, June 2026 (30 days): 1-15 June at 10,000, 16-30 June at 14,000
    # (10,000 x 15 + 14,000 x 15) / 30 = 360,000 / 30 = 12,000.00
    assert (lines[18]["start"], lines[18]["monthly_rent"], lines[18]["rent"]) == (
        "2026-06-01",
        "10000.00",
        "12000.00",
    )
    assert (lines[19]["monthly_rent"], lines[19]["rent"]) == ("14000.00", "14000.00")
    assert (lines[25]["start"], lines[25]["rent"]) == ("2027-01-01", "14420.00")
    assert lines[36]["rent"] == "14420.00"
    # 17 x 10,000 + 12,000 + 6 x 14,000 + 12 x 14,420 = 170,000 + 12,000 + 84,000 + 173,040
    assert schedule["summary"]["total_rent"] == "439040.00"
    assert schedule["current_rent"] == "14000.00"

    assert (await occupancy_of(client, site, "2026-06-15"))["12-02"] == "vacant"
    assert (await occupancy_of(client, site, "2026-06-16"))["12-02"] == "occupied"


async def test_contraction_releases_a_unit_which_then_shows_vacant(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    tenant = await make.tenant(client, name="Shrinking Ltd")
    lease = await make.lease(
        client,
        tenant["id"],
        [unit_id(site, "12-02"), unit_id(site, "13-01")],
        base_rent="25000.00",
    )
    request = await submit(
        client,
        site,
        "contraction",
        tenant=tenant["id"],
        lease=lease["id"],
        desired_area="100.00",
        desired_date="2026-07-01",
    )
    response = await client.get(f"/api/space-requests/{request['id']}/suggestions")
    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["on"], found["until"], found["tenant_floors"]) == (
        "2026-07-01",
        "2027-12-31",
        [12, 13],
    )
    # one unit must stay: 12-02 alone gives back exactly 100 m², 13-01 gives back 50 m² more
    assert [[u["code"] for u in s["units"]] for s in found["suggestions"]] == [
        ["12-02"],
        ["13-01"],
    ]
    assert found["suggestions"][0]["reasons"] == [
        "12-02 (100.00 m²) on floor 12",
        "gives back 100.00 m²: exactly the 100.00 m² to release",
        "keeps 150.00 m² on floor 13",
        "gives floor 12 back whole, easier to re-let",
    ]

    rid = request["id"]
    await moved(client, rid, "evaluating")
    await moved(client, rid, "offered", units=[unit_id(site, "12-02")])
    await moved(client, rid, "accepted")
    executed = await moved(client, rid, "executed", effective_date="2026-07-01")
    assert (executed["amendment"]["area_before"], executed["amendment"]["area_after"]) == (
        "250.00",
        "150.00",
    )

    before = await lease_on(client, lease["id"], "2026-06-30")
    after = await lease_on(client, lease["id"], "2026-07-01")
    assert (before["area"], before["current_rent"]) == ("250.00", "25000.00")
    # 25,000.00 x 150 / 250 = 15,000.00
    assert (after["area"], after["current_rent"]) == ("150.00", "15000.00")
    assert [
        (u["code"], u["start_date"], u["end_date"], u["released_by"]) for u in after["units"]
    ] == [
        ("12-02", "2025-01-01", "2026-06-30", "contraction"),
        ("13-01", "2025-01-01", "2027-12-31", None),
    ]
    # the released unit is vacant from the effective date, let the day before
    assert (await occupancy_of(client, site, "2026-06-30"))["12-02"] == "occupied"
    assert (await occupancy_of(client, site, "2026-07-01"))["12-02"] == "vacant"
    # and an expansion may now take it from that day
    suggestions = (
        await client.get(f"/api/space-requests/{(await submit(client, site))['id']}/suggestions")
    ).json()
    assert "12-02" not in [u["code"] for s in suggestions["suggestions"] for u in s["units"]]


async def test_expansion_suggestions_rank_by_floor_then_area(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    request = await submit(client, site)
    response = await client.get(f"/api/space-requests/{request['id']}/suggestions")
    assert response.status_code == 200, response.text
    found = response.json()
    assert (found["kind"], found["desired_area"], found["tenant_floors"]) == (
        "expansion",
        "100.00",
        [12],
    )
    # vacant and on the market from 2026-06-16 to 2027-12-31: 12-02 (floor 12, 100), 13-01
    # (floor 13, 150), 20-01 (floor 20, 100); 14-01 is let to Other Co, 15-01 off the market.
    # Floor distance first: 12-02 (0); then 13-01 (+50), 12-02 + 13-01 (+150) at distance 1;
    # then with 20-01 (distance 8): 20-01 (exact), + 12-02 (+100), + 13-01 (+150), all three.
    assert [[u["code"] for u in s["units"]] for s in found["suggestions"]] == [
        ["12-02"],
        ["13-01"],
        ["12-02", "13-01"],
        ["20-01"],
        ["12-02", "20-01"],
        ["13-01", "20-01"],
        ["12-02", "13-01", "20-01"],
    ]
    first, second = found["suggestions"][:2]
    assert (first["area"], first["difference"], first["floor_distance"]) == ("100.00", "0.00", 0)
    assert first["reasons"] == [
        "12-02 (100.00 m²) on floor 12, a floor the tenant already occupies",
        "adds 100.00 m²: exactly the 100.00 m² asked",
    ]
    assert second["reasons"] == [
        "13-01 (150.00 m²) on floor 13, 1 floor from the tenant's floor 12",
        "adds 150.00 m²: 50.00 m² more than the 100.00 m² asked",
    ]
    limited = await client.get(
        f"/api/space-requests/{request['id']}/suggestions", params={"limit": 2}
    )
    assert len(limited.json()["suggestions"]) == 2
    problem(
        await client.get(f"/api/space-requests/{request['id']}/suggestions", params={"limit": 0}),
        422,
    )
    problem(await client.get(f"/api/space-requests/{MISSING}/suggestions"), 404)


# --- conflicts -----------------------------------------------------------------------------


async def test_expansion_onto_a_unit_another_tenant_holds_is_refused(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    request = await submit(client, site)
    await moved(client, request["id"], "evaluating")
    conflict = problem(
        await move(client, request["id"], "offered", units=[unit_id(site, "14-01")]), 409
    )
    assert "Other Co" in conflict["detail"]
    assert site["other_lease"]["id"] in conflict["detail"]
    assert [(c["lease"], c["tenant_name"], c["unit_code"]) for c in conflict["conflicts"]] == [
        (site["other_lease"]["id"], "Other Co", "14-01")
    ]
    current = (await client.get(f"/api/space-requests/{request['id']}")).json()
    assert (current["state"], current["units"]) == ("evaluating", [])

    # Offered while vacant, then let to someone else before the execution: refused at execution.
    await moved(client, request["id"], "offered", units=[unit_id(site, "20-01")])
    await moved(client, request["id"], "accepted")
    newcomer = await make.tenant(client, name="Newcomer Ltd")
    taker = await make.lease(
        client,
        newcomer["id"],
        [unit_id(site, "20-01")],
        start_date="2026-09-01",
        end_date="2028-08-31",
    )
    conflict = problem(
        await move(client, request["id"], "executed", effective_date="2026-06-16"), 409
    )
    assert "Newcomer Ltd" in conflict["detail"]
    assert [c["lease"] for c in conflict["conflicts"]] == [taker["id"]]
    # nothing was written: the request is still accepted, the lease unchanged
    current = (await client.get(f"/api/space-requests/{request['id']}")).json()
    assert (current["state"], current["version"], current["amendment"]) == ("accepted", 4, None)
    lease = await lease_on(client, site["lease"]["id"], "2026-07-01")
    assert (lease["version"], lease["area"], lease["area_changes"]) == (1, "250.00", [])
    assert len(lease["units"]) == 1


async def test_offers_are_checked(client: AsyncClient, site: dict[str, Any]) -> None:
    expansion = await submit(client, site)
    await moved(client, expansion["id"], "evaluating")
    annex = await make.building(client, name="Annex")
    elsewhere = await make.unit(client, annex["id"])

    async def offer(request_id: str, *units: str) -> Response:
        return await move(client, request_id, "offered", units=list(units))

    body = problem(
        await offer(expansion["id"], MISSING, elsewhere["id"], unit_id(site, "15-01")),
        422,
        "units[0]",
        "units[1]",
        "units[2]",
    )
    assert "off the market" in body["detail"]
    problem(await offer(expansion["id"], unit_id(site, "12-01")), 422, "units[0]")  # its own
    problem(
        await offer(expansion["id"], unit_id(site, "12-02"), unit_id(site, "12-02")), 422, "units"
    )
    problem(await move(client, expansion["id"], "offered"), 422, "units")
    problem(await move(client, expansion["id"], "offered", units=[]), 422, "units")

    tenant = await make.tenant(client)
    lease = await make.lease(client, tenant["id"], [unit_id(site, "12-02"), unit_id(site, "13-01")])
    contraction = await submit(client, site, "contraction", tenant=tenant["id"], lease=lease["id"])
    await moved(client, contraction["id"], "evaluating")
    # not this lease's unit
    problem(await offer(contraction["id"], unit_id(site, "12-01")), 422, "units[0]")
    # giving everything back is a move-out
    everything = problem(
        await offer(contraction["id"], unit_id(site, "12-02"), unit_id(site, "13-01")), 409
    )
    assert "move-out" in everything["detail"]


async def test_execution_is_checked(client: AsyncClient, site: dict[str, Any]) -> None:
    request = await accepted(client, site, ["12-02"])
    rid = request["id"]
    problem(await move(client, rid, "executed"), 422, "effective_date")
    problem(await move(client, rid, "executed", effective_date="2028-01-01"), 422, "effective_date")
    problem(
        await move(client, rid, "executed", effective_date="2026-06-16", units=[MISSING]),
        422,
        "units",
    )
    # a second amendment of the lease may not take effect before the first
    first = await accepted(client, site, ["13-01"], desired_date="2026-09-01")
    await moved(client, first["id"], "executed", effective_date="2026-09-01")
    body = problem(
        await move(client, rid, "executed", effective_date="2026-06-16"), 422, "effective_date"
    )
    assert "2026-09-01" in body["detail"]
    executed = await moved(client, rid, "executed", effective_date="2026-10-01")
    # 250 -> 400 m² on 2026-09-01, 400 -> 500 m² on 2026-10-01: 10,000 x 500 / 250 = 20,000.00
    assert executed["amendment"]["area_before"] == "400.00"
    lease = await lease_on(client, site["lease"]["id"], "2026-10-01")
    assert (lease["area"], lease["current_rent"], lease["version"]) == ("500.00", "20000.00", 3)
    # once amended, the lease's units and term change only by amendments
    conflict = problem(
        await client.patch(
            f"/api/leases/{site['lease']['id']}",
            json={"units": [unit_id(site, "12-01")], "version": 3},
        ),
        409,
    )
    assert "amend" in conflict["detail"]
    renamed = await client.patch(
        f"/api/leases/{site['lease']['id']}", json={"notes": "amended twice", "version": 3}
    )
    assert renamed.status_code == 200, renamed.text


# --- the workflow --------------------------------------------------------------------------


async def test_illegal_transitions_are_refused_with_the_allowed_ones(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    request = await submit(client, site)
    rid = request["id"]
    body = problem(await move(client, rid, "executed", effective_date="2026-06-16"), 409)
    assert body["allowed"] == ["evaluating", "declined", "withdrawn"]
    assert body["conflicts"][0]["current"] == "submitted"
    problem(await move(client, rid, "accepted"), 409)
    problem(await move(client, rid, "evaluating", units=[unit_id(site, "12-02")]), 422, "units")
    problem(
        await move(client, rid, "evaluating", effective_date="2026-06-16"), 422, "effective_date"
    )
    problem(await move(client, rid, "approved"), 422, "to")

    await moved(client, rid, "evaluating")
    offered = await moved(client, rid, "offered", units=[unit_id(site, "12-02")])
    assert offered["allowed"] == ["evaluating", "accepted", "declined", "withdrawn"]
    # back to evaluating: the offer is withdrawn (the history keeps it)
    back = await moved(client, rid, "evaluating", note="tenant wants floor 13")
    assert back["units"] == []
    assert back["history"][-1]["detail"] == {
        "note": "tenant wants floor 13",
        "withdrawn_offer": ["12-02"],
    }
    withdrawn = await moved(client, rid, "withdrawn", note="plans postponed")
    assert (withdrawn["allowed"], withdrawn["outcome_note"]) == ([], "plans postponed")
    closed = problem(await move(client, rid, "evaluating"), 409)
    assert closed["allowed"] == []
    assert "closed" in closed["detail"]

    declined = await submit(client, site)
    await moved(client, declined["id"], "declined", note="no space this year")
    problem(await move(client, declined["id"], "submitted"), 409)
    problem(await move(client, MISSING, "evaluating"), 404)


async def test_edits_only_before_an_offer(client: AsyncClient, site: dict[str, Any]) -> None:
    request = await submit(client, site)
    url = f"/api/space-requests/{request['id']}"
    response = await client.patch(
        url, json={"desired_area": "150.00", "reason": "a bigger team"}, headers={"If-Match": "1"}
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert (edited["desired_area"], edited["reason"], edited["version"]) == (
        "150.00",
        "a bigger team",
        2,
    )
    assert edited["desired_date"] == "2026-06-16"
    assert edited["history"][-1]["action"] == "amended"
    assert edited["history"][-1]["detail"]["desired_area"] == {
        "before": "100.00",
        "after": "150.00",
    }
    problem(await client.patch(url, json={"reason": "stale", "version": 1}), 409)
    problem(await client.patch(url, json={"reason": "no version"}), 428)
    problem(
        await client.patch(url, json={"desired_date": "2030-01-01", "version": 2}),
        422,
        "desired_date",
    )
    problem(await client.patch(url, json={"desired_area": None, "version": 2}), 422, "desired_area")
    problem(await client.patch(f"/api/space-requests/{MISSING}", json={"version": 1}), 404)

    await moved(client, request["id"], "evaluating")
    assert (await client.patch(url, json={"reason": "still", "version": 3})).status_code == 200
    await moved(client, request["id"], "offered", units=[unit_id(site, "13-01")])
    body = problem(await client.patch(url, json={"reason": "too late", "version": 5}), 409)
    assert "offer" in body["detail"]
    assert (await client.get(url)).json()["reason"] == "still"


async def test_concurrent_executions_amend_the_lease_once(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    request = await accepted(client, site, ["12-02"])
    responses = await asyncio.gather(
        *[move(client, request["id"], "executed", effective_date="2026-06-16") for _ in range(4)]
    )
    assert Counter(r.status_code for r in responses) == {200: 1, 409: 3}, [
        r.text for r in responses
    ]
    for loser in (r for r in responses if r.status_code == 409):
        assert loser.json()["allowed"] == []
    lease = await lease_on(client, site["lease"]["id"], "2026-06-16")
    assert len(lease["area_changes"]) == 1
    assert [u["code"] for u in lease["units"]] == ["12-01", "12-02"]
    assert (lease["area"], lease["current_rent"], lease["version"]) == ("350.00", "14000.00", 2)
    history = (await client.get(f"/api/space-requests/{request['id']}")).json()["history"]
    assert [e["to_state"] for e in history].count("executed") == 1


async def test_concurrent_offers_and_withdrawals_move_once(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    request = await submit(client, site)
    responses = await asyncio.gather(
        move(client, request["id"], "evaluating"),
        move(client, request["id"], "withdrawn"),
        move(client, request["id"], "declined"),
    )
    statuses = Counter(r.status_code for r in responses)
    # evaluating may come first and be followed by withdrawn or declined; never two finals
    finals = [r.json()["state"] for r in responses if r.status_code == 200]
    assert len([s for s in finals if s in ("withdrawn", "declined")]) == 1
    assert statuses[200] in (1, 2)
    history = (await client.get(f"/api/space-requests/{request['id']}")).json()["history"]
    assert len(history) == 1 + statuses[200]


# --- creating and listing ------------------------------------------------------------------


async def test_requests_are_checked_against_their_lease(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    async def post(**overrides: Any) -> Response:
        body = {
            "tenant": site["tenant"]["id"],
            "lease": site["lease"]["id"],
            "kind": "expansion",
            "desired_area": "100.00",
            "desired_date": "2026-06-16",
            **overrides,
        }
        return await client.post("/api/space-requests", json=body)

    problem(await post(lease=MISSING), 422, "lease")
    problem(await post(tenant=site["other"]["id"]), 422, "tenant")
    problem(await post(desired_date="2028-01-01"), 422, "desired_date")
    problem(await post(desired_area="0"), 422, "desired_area")
    problem(await post(desired_area="12.345"), 422, "desired_area")
    problem(await post(kind="move"), 422, "kind")
    problem(await post(units=[]), 422)
    # a contraction gives back less than the lease holds (everything is a move-out)
    body = problem(await post(kind="contraction", desired_area="250.00"), 422, "desired_area")
    assert "move-out" in body["detail"]
    ended = await make.lease(
        client,
        site["tenant"]["id"],
        [unit_id(site, "20-01")],
        start_date="2023-01-01",
        end_date="2024-12-31",
        status="ended",
    )
    problem(await post(lease=ended["id"], desired_date="2024-06-01"), 409)
    assert await make.total(client, "/api/space-requests") == 0
    problem(await client.get(f"/api/space-requests/{MISSING}"), 404)


async def test_list_filters_and_pages(client: AsyncClient, site: dict[str, Any]) -> None:
    tower_expansion = await submit(client, site, desired_date="2026-09-01")
    tower_contraction = await submit(
        client,
        site,
        "contraction",
        tenant=site["other"]["id"],
        lease=site["other_lease"]["id"],
        desired_area="50.00",
        desired_date="2026-05-01",
    )
    annex = await make.building(client, name="Annex")
    annex_unit = await make.unit(client, annex["id"])
    annex_lease = await make.lease(client, site["tenant"]["id"], [annex_unit["id"]])
    annex_expansion = await submit(client, site, lease=annex_lease["id"], desired_date="2026-07-01")
    await moved(client, annex_expansion["id"], "evaluating")

    async def listed(**params: Any) -> tuple[list[str], int]:
        response = await client.get("/api/space-requests", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        return ids(page["items"]), page["total"]

    # by desired date: 2026-05-01, 2026-07-01, 2026-09-01
    order = [tower_contraction["id"], annex_expansion["id"], tower_expansion["id"]]
    assert await listed() == (order, 3)
    assert await listed(limit=1, offset=1) == ([annex_expansion["id"]], 3)
    assert await listed(state="evaluating") == ([annex_expansion["id"]], 1)
    assert await listed(state="submitted") == ([tower_contraction["id"], tower_expansion["id"]], 2)
    assert await listed(kind="contraction") == ([tower_contraction["id"]], 1)
    assert await listed(building=annex["id"]) == ([annex_expansion["id"]], 1)
    assert await listed(tenant=site["tenant"]["id"]) == (
        [annex_expansion["id"], tower_expansion["id"]],
        2,
    )
    assert await listed(lease=site["other_lease"]["id"]) == ([tower_contraction["id"]], 1)
    body = problem(await client.get("/api/space-requests", params={"state": "won"}), 422)
    assert field_names(body) == ["state"]
    problem(await client.get("/api/space-requests", params={"kind": "move"}), 422)
