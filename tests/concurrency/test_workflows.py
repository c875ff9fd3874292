"""Workflow moves raced: each move, and what it sets off, happens once.

Each race sends the same move (or rival moves) of one record many times at once; exactly one
is answered 200, the others 409, and the database shows the move's effects once: one new lease
cycle, one lease amendment, one tenant and lease from a referral, one history entry per move.
"""

from __future__ import annotations

import itertools
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from tenantcrm.audit.tables import AuditEntry
from tenantcrm.leases.tables import AreaChange, Lease, LeaseUnit
from tenantcrm.moveouts.tables import MoveOut
from tenantcrm.referrals.tables import Referral
from tenantcrm.renewals.tables import Renewal
from tenantcrm.tenants.tables import Tenant
from tests.api import factories as make
from tests.api.checks import problem
from tests.concurrency.race import race

RACERS = 20

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


async def ok(client: AsyncClient, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(url, json=body)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


async def leased(client: AsyncClient, **lease: Any) -> dict[str, Any]:
    building = await make.building(client, name="Jing An Tower")
    units = [
        await make.unit(client, building["id"], code="18-01", area="200.00"),
        await make.unit(client, building["id"], code="18-02", area="150.00"),
    ]
    tenant = await make.tenant(client, name="Lotus Trading")
    body = {"start_date": "2024-01-01", "end_date": "2026-12-31", **lease}
    made = await make.lease(client, tenant["id"], [u["id"] for u in units], **body)
    return {"building": building, "units": units, "tenant": tenant, "lease": made}


async def agreed_renewal(client: AsyncClient, lease_id: str) -> dict[str, Any]:
    renewal = await ok(client, "/api/renewals", {"lease": lease_id, "market_rent": "12100.00"})
    url = f"/api/renewals/{renewal['id']}"
    await ok(client, f"{url}/transitions", {"to": "in_discussion"})
    await ok(client, f"{url}/proposals", {"term_months": 36, "policy": POLICY})
    await ok(client, f"{url}/transitions", {"to": "proposal_sent"})
    return await ok(client, f"{url}/transitions", {"to": "agreed", "option": "fixed_step"})


async def audited(subject_id: str, to_state: str) -> int:
    subject = UUID(subject_id)
    return await AuditEntry.count().where(
        (AuditEntry.subject_id == subject) & (AuditEntry.to_state == to_state)
    )


def assert_closed_409s(losers: list[Any]) -> None:
    for loser in losers:
        body = problem(loser, 409)
        assert body["allowed"] == [], body


async def test_signing_one_renewal_makes_the_next_cycle_once(client: AsyncClient) -> None:
    site = await leased(client)
    renewal = await agreed_renewal(client, site["lease"]["id"])
    url = f"/api/renewals/{renewal['id']}/transitions"
    result = await race(
        [lambda: client.post(url, json={"to": "signed"}) for _ in range(RACERS)],
        hold=("renewal", renewal["id"]),
    )
    assert result.statuses == {200: 1, 409: RACERS - 1}, result.texts()
    assert_closed_409s(result.with_status(409))
    winner = result.with_status(200)[0].json()
    cycles = await Lease.select(Lease.id, Lease.cycle, Lease.status).order_by(Lease.cycle)
    assert [(c["cycle"], c["status"]) for c in cycles] == [(1, "renewed"), (2, "active")]
    assert str(cycles[1]["id"]) == winner["new_lease"]
    assert await LeaseUnit.count().where(LeaseUnit.lease == cycles[1]["id"]) == 2
    stored = await Renewal.select().where(Renewal.id == renewal["id"]).first()
    assert stored is not None
    assert (stored["state"], str(stored["new_lease"])) == ("signed", winner["new_lease"])
    assert await audited(renewal["id"], "signed") == 1
    assert await audited(site["lease"]["id"], "renewed") == 1


async def test_executing_one_space_request_amends_the_lease_once(client: AsyncClient) -> None:
    site = await leased(client, end_date="2027-12-31")
    spare = await make.unit(client, site["building"]["id"], code="18-03", area="100.00")
    lease = site["lease"]
    request = await ok(
        client,
        "/api/space-requests",
        {
            "tenant": site["tenant"]["id"],
            "lease": lease["id"],
            "kind": "expansion",
            "desired_area": "100.00",
            "desired_date": "2026-06-16",
            "reason": "hiring",
        },
    )
    url = f"/api/space-requests/{request['id']}/transitions"
    await ok(client, url, {"to": "evaluating"})
    await ok(client, url, {"to": "offered", "units": [spare["id"]]})
    await ok(client, url, {"to": "accepted"})
    body = {"to": "executed", "effective_date": "2026-06-16"}
    result = await race(
        [lambda: client.post(url, json=body) for _ in range(RACERS)],
        hold=("space_request", request["id"]),
    )
    assert result.statuses == {200: 1, 409: RACERS - 1}, result.texts()
    assert_closed_409s(result.with_status(409))
    assert await AreaChange.count().where(AreaChange.lease == lease["id"]) == 1
    assert await LeaseUnit.count().where(LeaseUnit.unit == spare["id"]) == 1
    stored = await Lease.select(Lease.version).where(Lease.id == lease["id"]).first()
    assert stored == {"version": lease["version"] + 1}
    assert await audited(request["id"], "executed") == 1


async def test_signing_one_referral_makes_one_tenant_and_lease(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    referrer = await make.tenant(client, name="恒达集团 Hengda Group")
    referrer_lease = await make.lease(client, referrer["id"], [unit["id"]])
    vacant = await make.unit(client, building["id"], area="180.00")
    relation = await ok(
        client,
        "/api/matchmaking/relations",
        {"tenant": referrer["id"], "name": "恒达物流 Hengda Logistics", "kind": "affiliate"},
    )
    referral = await ok(
        client,
        "/api/referrals",
        {"relation_id": relation["id"], "area_wanted": "180.00", "building": building["id"]},
    )
    url = f"/api/referrals/{referral['id']}/transitions"
    for stage in ("contacted", "viewing", "offer"):
        await ok(client, url, {"to": stage})
    signing = {
        "to": "signed",
        "tenant": {"industry": "logistics"},
        "lease": {
            "units": [vacant["id"]],
            "start_date": "2026-04-01",
            "end_date": "2029-03-31",
            "base_rent": "9000.00",
        },
        "reward": {
            "kind": "rent_concession",
            "lease": referrer_lease["id"],
            "start_date": "2026-04-01",
            "end_date": "2026-06-30",
            "monthly_amount": "1000.00",
        },
    }
    tenants_before = await Tenant.count()
    result = await race(
        [lambda: client.post(url, json=signing) for _ in range(RACERS)],
        hold=("referral", referral["id"]),
    )
    assert result.statuses == {200: 1, 409: RACERS - 1}, result.texts()
    assert_closed_409s(result.with_status(409))
    winner = result.with_status(200)[0].json()
    assert await Tenant.count() == tenants_before + 1
    assert await Tenant.count().where(Tenant.name == "恒达物流 Hengda Logistics") == 1
    assert await Lease.count().where(Lease.tenant == winner["new_tenant"]) == 1
    assert await LeaseUnit.count().where(LeaseUnit.unit == vacant["id"]) == 1
    stored = await Referral.select().where(Referral.id == referral["id"]).first()
    assert stored is not None
    assert (stored["stage"], str(stored["new_lease"])) == ("signed", winner["new_lease"])
    assert await audited(referral["id"], "signed") == 1
    relation_now = (await client.get(f"/api/matchmaking/relations/{relation['id']}")).json()
    assert relation_now["related_tenant"] == winner["new_tenant"]


async def test_rival_moves_of_one_complaint_move_it_once(client: AsyncClient) -> None:
    manager = await make.user(client)
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client, manager=manager["id"])
    lease = await make.lease(client, tenant["id"], [unit["id"]])
    complaint = await ok(
        client,
        "/api/complaints",
        {
            "tenant": tenant["id"],
            "building": building["id"],
            "lease": lease["id"],
            "category": "air_conditioning",
            "severity": "high",
            "description": "29 °C every afternoon",
        },
    )
    cid = complaint["id"]
    url = f"/api/complaints/{cid}/transitions"

    # The same move many times: once.
    result = await race(
        [lambda: client.post(url, json={"to": "investigating"}) for _ in range(RACERS)],
        hold=("complaint", cid),
    )
    assert result.statuses == {200: 1, 409: RACERS - 1}, result.texts()
    assert await audited(cid, "investigating") == 1

    await ok(
        client,
        url,
        {
            "to": "proposing",
            "cause": "Chiller valve stuck",
            "responsible_department": "engineering",
        },
    )
    await ok(
        client,
        url,
        {"to": "awaiting_approval", "proposed_resolution": "New valve", "compensation": "800.00"},
    )
    # Rival moves from one stage: approve (to negotiating) or reject (back to proposing).
    # An approval may still be followed by a rejection (the tenant declines: negotiating to
    # proposing), never the other way round, and no move is made twice.
    approve = {"to": "negotiating", "approver": manager["id"], "approval_level": "manager"}
    reject = {"to": "proposing", "note": "too generous"}
    bodies = list(itertools.islice(itertools.cycle([approve, reject]), RACERS))
    result = await race(
        [lambda body=body: client.post(url, json=body) for body in bodies],
        hold=("complaint", cid),
    )
    assert result.statuses[409] == RACERS - result.statuses[200], result.texts()
    got = (await client.get(f"/api/complaints/{cid}")).json()
    steps = [(e["from_state"], e["to_state"]) for e in got["history"][1:]]
    assert steps[:3] == [
        ("registered", "investigating"),
        ("investigating", "proposing"),
        ("proposing", "awaiting_approval"),
    ]
    assert steps[3:] in (
        [("awaiting_approval", "proposing")],
        [("awaiting_approval", "negotiating"), ("negotiating", "proposing")],
    )
    assert result.statuses[200] == len(steps) - 3
    assert sorted(r.json()["state"] for r in result.with_status(200)) == sorted(
        to for _, to in steps[3:]
    )
    assert (got["state"], got["version"]) == ("proposing", 4 + result.statuses[200])


async def test_move_outs_of_one_lease_record_one(client: AsyncClient) -> None:
    site = await leased(client)
    lease = site["lease"]
    reasons = itertools.cycle(["rent_level", "bankruptcy", "leaving_city"])
    bodies = [{"lease": lease["id"], "day": "2026-03-31", "reason": next(reasons)}]
    bodies += [{**bodies[0], "reason": next(reasons)} for _ in range(RACERS - 1)]
    result = await race(
        [lambda body=body: client.post("/api/move-outs", json=body) for body in bodies],
        hold=("lease", lease["id"]),
    )
    assert result.statuses == {201: 1, 409: RACERS - 1}, result.texts()
    for loser in result.with_status(409):
        problem(loser, 409)
    assert await MoveOut.count() == 1
    stored = await Lease.select(Lease.status, Lease.version).where(Lease.id == lease["id"]).first()
    assert stored == {"status": "ended", "version": lease["version"] + 1}
    recorded = result.with_status(201)[0].json()
    assert await audited(recorded["id"], recorded["churn_class"]) == 1
    assert await audited(lease["id"], "ended") == 1
