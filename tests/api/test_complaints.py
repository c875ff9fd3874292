"""Complaints through HTTP: register, stages on their SLA clocks (calendar days), approval
authority, the loops back to proposing, versioned edits, move-out links, concurrent moves.
Today is 2026-03-15 in every test."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import AsyncClient, Response

from tenantcrm.complaints import service as complaints
from tests.api import factories as make
from tests.api.checks import ids, money, problem

MISSING = str(uuid4())
TODAY = date(2026, 3, 15)


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """IFC (HKD): Harbour Capital (managed by `mgr`) leases 30-A; Lantern Labs leases 31-C."""
    manager = await make.user(client)
    building = await make.building(client, name="IFC", currency="HKD")
    a = await make.unit(client, building["id"], floor=30, code="30-A")
    c = await make.unit(client, building["id"], floor=31, code="31-C")
    harbour = await make.tenant(client, name="Harbour Capital", manager=manager["id"])
    lantern = await make.tenant(client, name="Lantern Labs")
    lease = await make.lease(client, harbour["id"], [a["id"]])
    other = await make.lease(client, lantern["id"], [c["id"]])
    return {
        "manager": manager,
        "building": building,
        "harbour": harbour,
        "lantern": lantern,
        "lease": lease,
        "other": other,
    }


async def register(client: AsyncClient, site: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body = {
        "tenant": site["harbour"]["id"],
        "building": site["building"]["id"],
        "lease": site["lease"]["id"],
        "category": "air_conditioning",
        "severity": "high",
        "description": "Floor 30 is 29 °C every afternoon",
        **overrides,
    }
    return await make.created(client, "/api/complaints", body)


async def move(client: AsyncClient, complaint_id: str, to: str, **fields: Any) -> Response:
    return await client.post(
        f"/api/complaints/{complaint_id}/transitions", json={"to": to, **fields}
    )


async def moved(client: AsyncClient, complaint_id: str, to: str, **fields: Any) -> dict[str, Any]:
    response = await move(client, complaint_id, to, **fields)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


INVESTIGATED = {"cause": "Chiller valve stuck", "responsible_department": "engineering"}
PROPOSAL = {"proposed_resolution": "Replace the valve; one month's service fee waived"}


async def awaiting_approval(
    client: AsyncClient, site: dict[str, Any], compensation: str = "8000.00"
) -> dict[str, Any]:
    complaint = await register(client, site)
    await moved(client, complaint["id"], "investigating")
    await moved(client, complaint["id"], "proposing", **INVESTIGATED)
    return await moved(
        client, complaint["id"], "awaiting_approval", **PROPOSAL, compensation=compensation
    )


# --- registering ---------------------------------------------------------------------------


async def test_a_registered_complaint_runs_the_clock_of_its_first_stage(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await register(client, site, received_on="2026-03-10")
    assert complaint["state"] == "registered"
    assert complaint["allowed"] == ["investigating", "withdrawn"]
    assert (complaint["tenant_name"], complaint["building_name"]) == ("Harbour Capital", "IFC")
    assert (complaint["currency"], money(complaint["compensation"])) == ("HKD", 0)
    # high severity: 1 calendar day to start investigating: due 03-10 + 1 = 03-11;
    # on 03-15 that is 4 days late.
    assert complaint["sla"] == {
        "stage": "registered",
        "started": "2026-03-10",
        "due": "2026-03-11",
        "days_left": -4,
        "overdue": True,
        "days_overdue": 4,
    }
    assert [e["action"] for e in complaint["history"]] == ["registered"]
    fetched = (await client.get(f"/api/complaints/{complaint['id']}")).json()
    assert fetched == complaint


async def test_received_today_by_default_and_low_severity_allows_three_days(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await register(client, site, severity="low", lease=None)
    # low: 3 days from 03-15 = 03-18, 3 days left
    assert complaint["received_on"] == "2026-03-15"
    assert complaint["lease"] is None
    assert (complaint["sla"]["due"], complaint["sla"]["days_left"]) == ("2026-03-18", 3)
    assert complaint["sla"]["overdue"] is False


async def test_registering_checks_tenant_building_lease_and_day(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    body = {
        "tenant": MISSING,
        "building": MISSING,
        "lease": site["other"]["id"],
        "category": "noise",
        "severity": "medium",
        "description": "Drilling",
        "received_on": "2026-03-16",
    }
    response = await client.post("/api/complaints", json=body)
    problem(response, 422, "tenant", "building", "received_on")
    body = {**body, "tenant": site["harbour"]["id"], "building": site["building"]["id"]}
    response = await client.post("/api/complaints", json={**body, "received_on": "2026-03-01"})
    problem(response, 422, "lease")
    response = await client.post("/api/complaints", json={**body, "severity": "dire"})
    problem(response, 422, "severity")
    assert await make.total(client, "/api/complaints") == 0


# --- the stages ----------------------------------------------------------------------------


async def test_the_whole_process_with_a_rejection_and_a_counter_proposal(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await awaiting_approval(client, site, compensation="8000.00")
    cid = complaint["id"]
    assert complaint["required_level"] == "director"
    # rejected by the approver: back to proposing, with the reason in the history
    rejected = await moved(client, cid, "proposing", note="too generous")
    assert rejected["state"] == "proposing"
    again = await moved(client, cid, "awaiting_approval", **PROPOSAL, compensation="4000.00")
    assert again["required_level"] == "manager"
    approved = await moved(
        client, cid, "negotiating", approver=site["manager"]["id"], approval_level="manager"
    )
    assert (approved["approver"], approved["approval_level"]) == (site["manager"]["id"], "manager")
    # the tenant declines: a new proposal, which needs a new approval
    declined = await moved(client, cid, "proposing", note="tenant wants the fee waived twice")
    assert (declined["approver"], declined["approval_level"]) == (None, None)
    await moved(client, cid, "awaiting_approval", **PROPOSAL, compensation="9000.00")
    await moved(
        client, cid, "negotiating", approver=site["manager"]["id"], approval_level="director"
    )
    carrying = await moved(client, cid, "carrying_out")
    # high: 7 days to carry it out
    assert (carrying["sla"]["started"], carrying["sla"]["due"]) == ("2026-03-15", "2026-03-22")
    await moved(client, cid, "feedback", note="checked 24 °C on three afternoons")
    feedback = await moved(
        client, cid, "corrective_action", tenant_response="Fine now, thanks", satisfied=True
    )
    assert (feedback["tenant_response"], feedback["satisfied"]) == ("Fine now, thanks", True)
    closed = await moved(
        client,
        cid,
        "closed",
        corrective_action="Valve replaced",
        preventive_action="Valves on the quarterly maintenance list",
    )
    assert (closed["state"], closed["closed_on"], closed["allowed"]) == ("closed", "2026-03-15", [])
    assert closed["sla"]["due"] is None
    assert closed["sla"]["overdue"] is False
    assert (closed["cause"], closed["responsible_department"]) == (
        "Chiller valve stuck",
        "engineering",
    )
    assert money(closed["compensation"]) == 9000
    steps = [(e["from_state"], e["to_state"]) for e in closed["history"][1:]]
    assert steps == [
        ("registered", "investigating"),
        ("investigating", "proposing"),
        ("proposing", "awaiting_approval"),
        ("awaiting_approval", "proposing"),
        ("proposing", "awaiting_approval"),
        ("awaiting_approval", "negotiating"),
        ("negotiating", "proposing"),
        ("proposing", "awaiting_approval"),
        ("awaiting_approval", "negotiating"),
        ("negotiating", "carrying_out"),
        ("carrying_out", "feedback"),
        ("feedback", "corrective_action"),
        ("corrective_action", "closed"),
    ]
    assert closed["history"][4]["detail"]["note"] == "too generous"


async def test_an_illegal_move_is_409_listing_the_allowed_ones(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await register(client, site)
    body = problem(await move(client, complaint["id"], "closed"), 409)
    assert body["allowed"] == ["investigating", "withdrawn"]
    await moved(client, complaint["id"], "withdrawn", note="resolved by phone")
    body = problem(await move(client, complaint["id"], "investigating"), 409)
    assert body["allowed"] == []
    assert problem(await move(client, MISSING, "investigating"), 404)


async def test_each_stage_names_the_fields_it_needs_and_refuses_others(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    cid = (await register(client, site))["id"]
    problem(await move(client, cid, "investigating", cause="early"), 422, "cause")
    await moved(client, cid, "investigating")
    problem(await move(client, cid, "proposing"), 422, "cause", "responsible_department")
    await moved(client, cid, "proposing", **INVESTIGATED)
    problem(
        await move(client, cid, "awaiting_approval"), 422, "proposed_resolution", "compensation"
    )
    response = await move(client, cid, "awaiting_approval", **PROPOSAL, compensation="-1.00")
    problem(response, 422, "compensation")
    await moved(client, cid, "awaiting_approval", **PROPOSAL, compensation="0")
    problem(await move(client, cid, "negotiating"), 422, "approver", "approval_level")
    problem(await move(client, cid, "proposing"), 422, "note")
    got = (await client.get(f"/api/complaints/{cid}")).json()
    assert (got["state"], got["version"]) == ("awaiting_approval", 4)


async def test_an_approver_needs_authority_for_the_amount(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await awaiting_approval(client, site, compensation="5000.01")
    cid, approver = complaint["id"], site["manager"]["id"]
    # a manager may approve up to 5000.00: one cent more needs a director
    body = problem(
        await move(client, cid, "negotiating", approver=approver, approval_level="manager"),
        422,
        "approval_level",
    )
    assert "director" in body["errors"][0]["message"]
    owner = await make.user(client, role="owner")
    response = await move(client, cid, "negotiating", approver=owner["id"], approval_level="board")
    problem(response, 422, "approver")
    response = await move(client, cid, "negotiating", approver=MISSING, approval_level="board")
    problem(response, 422, "approver")
    approved = await moved(client, cid, "negotiating", approver=approver, approval_level="director")
    assert approved["state"] == "negotiating"


async def test_exactly_the_limit_is_within_authority(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await awaiting_approval(client, site, compensation="5000.00")
    approved = await moved(
        client,
        complaint["id"],
        "negotiating",
        approver=site["manager"]["id"],
        approval_level="manager",
    )
    assert approved["approval_level"] == "manager"


async def test_concurrent_moves_from_one_stage_move_it_once(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    cid = (await register(client, site))["id"]
    responses = await asyncio.gather(*[move(client, cid, "investigating") for _ in range(4)])
    assert Counter(r.status_code for r in responses) == {200: 1, 409: 3}, [
        r.text for r in responses
    ]
    got = (await client.get(f"/api/complaints/{cid}")).json()
    assert [e["to_state"] for e in got["history"]].count("investigating") == 1
    assert got["version"] == 2


# --- editing and listing -------------------------------------------------------------------


async def test_editing_is_versioned_and_a_new_severity_retimes_the_stage(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await register(client, site, received_on="2026-03-10", severity="low")
    url = f"/api/complaints/{complaint['id']}"
    assert complaint["sla"]["due"] == "2026-03-13"  # low: 03-10 + 3
    problem(await client.patch(url, json={"severity": "critical"}), 428)
    changed = await client.patch(url, json={"severity": "medium", "version": 1})
    assert changed.status_code == 200, changed.text
    # medium: 03-10 + 2 = 03-12, 3 days overdue on 03-15
    assert (changed.json()["sla"]["due"], changed.json()["sla"]["days_overdue"]) == (
        "2026-03-12",
        3,
    )
    problem(await client.patch(url, json={"description": "again", "version": 1}), 409)
    assert changed.json()["history"][-1]["detail"]["severity"] == {
        "before": "low",
        "after": "medium",
    }
    await moved(client, complaint["id"], "withdrawn", note="duplicate")
    problem(await client.patch(url, json={"description": "late"}, headers={"If-Match": "3"}), 409)


async def test_lists_filter_by_tenant_building_state_and_overdue(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    late = await register(client, site, received_on="2026-03-01", severity="critical")
    on_time = await register(client, site, received_on="2026-03-14", severity="low")
    theirs = await register(
        client, site, tenant=site["lantern"]["id"], lease=site["other"]["id"], severity="medium"
    )
    closed = await register(client, site, received_on="2026-01-05", severity="critical")
    await moved(client, closed["id"], "withdrawn", note="dup")

    async def listed(**params: Any) -> list[str]:
        response = await client.get("/api/complaints", params=params)
        assert response.status_code == 200, response.text
        return ids(response.json()["items"])

    # latest received first
    assert await listed() == [theirs["id"], on_time["id"], late["id"], closed["id"]]
    assert await listed(overdue="true") == [late["id"]]
    assert await listed(overdue="false") == [theirs["id"], on_time["id"], closed["id"]]
    assert await listed(tenant=site["lantern"]["id"]) == [theirs["id"]]
    assert await listed(building=site["building"]["id"], state="withdrawn") == [closed["id"]]
    assert await listed(limit=2, offset=1) == [on_time["id"], late["id"]]
    problem(await client.get("/api/complaints", params={"state": "nope"}), 422, "state")


# --- move-outs and what others read --------------------------------------------------------


async def test_a_complaint_links_to_a_soft_churn_move_out_of_its_tenant(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await register(client, site)
    url = f"/api/complaints/{complaint['id']}/move-out"
    soft = await make.created(
        client,
        "/api/move-outs",
        {"lease": site["lease"]["id"], "day": "2026-03-31", "reason": "rent_level"},
    )
    hard = await make.created(
        client,
        "/api/move-outs",
        {"lease": site["other"]["id"], "day": "2026-03-31", "reason": "bankruptcy"},
    )
    problem(await client.put(url, json={"move_out": soft["id"]}), 428)
    problem(await client.put(url, json={"move_out": hard["id"], "version": 1}), 422, "move_out")
    problem(await client.put(url, json={"move_out": MISSING, "version": 1}), 422, "move_out")
    linked = await client.put(url, json={"move_out": soft["id"], "version": 1})
    assert linked.status_code == 200, linked.text
    assert (linked.json()["move_out"], linked.json()["version"]) == (soft["id"], 2)
    unlinked = await client.put(url, json={"move_out": None}, headers={"If-Match": "2"})
    assert unlinked.json()["move_out"] is None
    assert [e["action"] for e in unlinked.json()["history"]][-2:] == [
        "move_out_linked",
        "move_out_unlinked",
    ]


async def test_hard_churn_of_the_same_tenant_is_refused(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    complaint = await register(client, site)
    hard = await make.created(
        client,
        "/api/move-outs",
        {"lease": site["lease"]["id"], "day": "2026-03-31", "reason": "liquidation"},
    )
    response = await client.put(
        f"/api/complaints/{complaint['id']}/move-out",
        json={"move_out": hard["id"], "version": 1},
    )
    assert "hard churn" in problem(response, 422, "move_out")["errors"][0]["message"]


async def test_counts_and_sla_reminders_for_other_domains(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    harbour, lantern = UUID(site["harbour"]["id"]), UUID(site["lantern"]["id"])
    late = await register(client, site, received_on="2026-03-01", severity="critical")
    soon = await register(client, site, received_on="2026-03-14", severity="low")  # due 03-17
    await register(
        client,
        site,
        tenant=site["lantern"]["id"],
        lease=site["other"]["id"],
        received_on="2026-03-15",
        severity="low",
    )  # due 03-18
    done = await register(client, site, received_on="2026-02-01", severity="low")
    await moved(client, done["id"], "withdrawn", note="dup")

    assert await complaints.open_complaints([harbour, lantern, uuid4()]) == {
        harbour: 2,
        lantern: 1,
    }
    assert await complaints.open_complaints([]) == {}
    counts = await complaints.complaint_counts(date(2026, 2, 1), date(2026, 3, 14), TODAY)
    assert counts == {
        harbour: complaints.ComplaintCounts(received=3, open=2, overdue=1, withdrawn=1)
    }

    drafts = await complaints.due(TODAY, 2)  # up to 03-17: late (03-02) and soon (03-17)
    assert [(d.subject, d.due) for d in drafts] == [
        (UUID(late["id"]), date(2026, 3, 2)),
        (UUID(soon["id"]), date(2026, 3, 17)),
    ]
    first = drafts[0]
    assert first.kind == "complaint.sla_breach"
    assert first.recipient == UUID(site["manager"]["id"])
    assert (first.tenant, first.building) == (harbour, UUID(site["building"]["id"]))
    assert first.link == f"/api/complaints/{late['id']}"
    assert len(await complaints.due(TODAY, 3)) == 3


async def close(client: AsyncClient, site: dict[str, Any], satisfied: bool, **extra: Any) -> None:
    """A complaint taken all the way to closed, today (2026-03-15)."""
    complaint = await awaiting_approval(client, site, compensation="0")
    cid = complaint["id"]
    await moved(
        client, cid, "negotiating", approver=site["manager"]["id"], approval_level="manager"
    )
    await moved(client, cid, "carrying_out")
    await moved(client, cid, "feedback", note="checked")
    await moved(client, cid, "corrective_action", tenant_response="ok", satisfied=satisfied)
    await moved(client, cid, "closed", corrective_action="fixed", preventive_action="listed")


async def test_health_signals_per_tenant(client: AsyncClient, site: dict[str, Any]) -> None:
    harbour, lantern = UUID(site["harbour"]["id"]), UUID(site["lantern"]["id"])
    await register(client, site, received_on="2025-03-15", severity="low")  # a year ago: out
    await register(client, site, received_on="2025-03-16", severity="critical")  # in, overdue
    await close(client, site, satisfied=False)
    await register(client, site, tenant=site["lantern"]["id"], lease=None, severity="low")
    signals = await complaints.complaint_signals([harbour, lantern, uuid4()], TODAY)
    # Harbour: 2 open (both registered, due 2025-03-18 and 2025-03-17: overdue); received in
    # the 12 months after 2025-03-15: 2025-03-16 and today's closed one = 2.
    assert signals == {
        harbour: complaints.ComplaintSignals(
            open=2, overdue=2, last_year=2, last_closed_on=TODAY, last_satisfied=False
        ),
        lantern: complaints.ComplaintSignals(open=1, overdue=0, last_year=1),
    }
    assert await complaints.complaint_signals([], TODAY) == {}
