"""Care: contacts log, plans by tier/anchor/expiry with overrides, due contacts, coverage,
reminder drafts. Today is 2026-03-15 (tests/app_fixtures.py)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import AsyncClient

from tenantcrm.care import service as care
from tests.api import factories as make
from tests.api.checks import problem
from tests.app_fixtures import TODAY

MISSING = str(uuid4())


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """Alpha (standard, Ann) in Tower (CN); Beta (anchor, Bob) in Harbour Centre (HK); Gamma
    without a lease.

    Alpha's lease 2025-01-01..2027-12-31, 10000.00 a month: 21 months to expiry, no step-up.
    Beta's lease 2024-04-10..2027-06-30: 15 months to expiry, inside the 18-month step-up.
    """
    ann = await make.user(client, display_name="Ann")
    bob = await make.user(client, display_name="Bob")
    tower = await make.building(client, name="Tower", country="CN")
    harbour = await make.building(client, name="Harbour Centre", currency="HKD", country="HK")
    u1 = await make.unit(client, tower["id"])
    u3 = await make.unit(client, harbour["id"])
    alpha = await make.tenant(client, name="Alpha", manager=ann["id"])
    beta = await make.tenant(
        client,
        name="Beta",
        manager=bob["id"],
        is_anchor=True,
        anchor_category="multinational",
    )
    gamma = await make.tenant(client, name="Gamma", manager=ann["id"])
    alpha_lease = await make.lease(client, alpha["id"], [u1["id"]])
    beta_lease = await make.lease(
        client,
        beta["id"],
        [u3["id"]],
        start_date="2024-04-10",
        end_date="2027-06-30",
        base_rent="20000.00",
    )
    return {
        "ann": ann,
        "bob": bob,
        "tower": tower,
        "harbour": harbour,
        "alpha": alpha,
        "beta": beta,
        "gamma": gamma,
        "alpha_lease": alpha_lease,
        "beta_lease": beta_lease,
    }


async def log(client: AsyncClient, tenant: str, kind: str, day: str, **extra: Any) -> Any:
    return await make.created(
        client, "/api/care/contacts", {"tenant": tenant, "kind": kind, "day": day, **extra}
    )


def plan_items(body: dict[str, Any]) -> dict[str, tuple[int, str, str | None, str, bool]]:
    return {
        i["kind"]: (
            i["interval_months"],
            i["source"],
            i["last_contact"],
            i["next_due"],
            i["overdue"],
        )
        for i in body["items"]
    }


# --- contacts -------------------------------------------------------------------------------


async def test_log_read_list_correct_and_delete_a_contact(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    alpha = site["alpha"]["id"]
    person = await make.contact(client, alpha, name="Li Wei", is_executive=True)
    made = await log(
        client,
        alpha,
        "visit",
        "2026-03-10",
        person=person["id"],
        notes="Lunch with the CFO",
        sentiment="positive",
        outcome="Wants a second floor in 2027",
        follow_up_on="2026-04-01",
    )
    assert made["manager"] == site["ann"]["id"]  # the tenant's manager by default
    assert (made["tenant_name"], made["person_name"], made["manager_name"]) == (
        "Alpha",
        "Li Wei",
        "Ann",
    )
    assert (made["version"], made["follow_up_done"]) == (1, False)
    bobs_call = await log(client, alpha, "call", "2026-02-01", manager=site["bob"]["id"])
    await log(client, site["beta"]["id"], "call", "2026-03-01")

    listed = (await client.get("/api/care/contacts", params={"tenant": alpha})).json()
    assert [(c["kind"], c["day"]) for c in listed["items"]] == [
        ("visit", "2026-03-10"),
        ("call", "2026-02-01"),
    ]
    assert listed["total"] == 2
    by_bob = (await client.get("/api/care/contacts", params={"manager": site["bob"]["id"]})).json()
    assert [(c["tenant_name"], c["kind"]) for c in by_bob["items"]] == [
        ("Beta", "call"),
        ("Alpha", "call"),
    ]
    in_march = await client.get(
        "/api/care/contacts", params={"from": "2026-03-01", "to": "2026-03-31", "kind": "call"}
    )
    assert [c["tenant_name"] for c in in_march.json()["items"]] == ["Beta"]
    problem(
        await client.get("/api/care/contacts", params={"from": "2026-03-02", "to": "2026-03-01"}),
        422,
        "to",
    )

    path = f"/api/care/contacts/{made['id']}"
    problem(await client.patch(path, json={"follow_up_done": True}), 428)
    changed = await client.patch(path, json={"follow_up_done": True, "version": 1})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["follow_up_done"], changed.json()["version"]) == (True, 2)
    problem(await client.patch(path, json={"notes": "x"}, headers={"If-Match": '"1"'}), 409)
    cleared = await client.patch(path, json={"person": None}, headers={"If-Match": '"2"'})
    assert (cleared.json()["person"], cleared.json()["person_name"]) == (None, None)

    # Bob leaves: his contacts can still be corrected, but not handed to an inactive user
    gone = await client.patch(
        f"/api/users/{site['bob']['id']}", json={"is_active": False, "version": 1}
    )
    assert gone.status_code == 200, gone.text
    call_path = f"/api/care/contacts/{bobs_call['id']}"
    noted = await client.patch(call_path, json={"notes": "Called back", "version": 1})
    assert (noted.status_code, noted.json()["manager_name"]) == (200, "Bob")
    problem(
        await client.patch(call_path, json={"manager": site["bob"]["id"], "version": 2}),
        422,
        "manager",
    )

    problem(await client.delete(path, params={"version": 1}), 409)
    assert (await client.delete(path, params={"version": 3})).status_code == 204
    problem(await client.get(path), 404)


async def test_a_bad_contact_is_refused_naming_each_field(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    alpha, beta = site["alpha"]["id"], site["beta"]["id"]
    betas_person = await make.contact(client, beta)
    owner = await make.user(client, role="owner")
    response = await client.post(
        "/api/care/contacts",
        json={
            "tenant": alpha,
            "kind": "visit",
            "day": "2026-03-16",  # tomorrow
            "person": betas_person["id"],
            "manager": owner["id"],
            "follow_up_on": "2026-03-01",
        },
    )
    problem(response, 422, "day", "person", "manager", "follow_up_on")
    problem(
        await client.post(
            "/api/care/contacts", json={"tenant": MISSING, "kind": "call", "day": "2026-03-01"}
        ),
        422,
        "tenant",
    )
    problem(
        await client.post(
            "/api/care/contacts", json={"tenant": alpha, "kind": "lunch", "day": "2026-03-01"}
        ),
        422,
        "kind",
    )
    made = await log(client, alpha, "call", "2026-03-01")
    problem(
        await client.patch(
            f"/api/care/contacts/{made['id']}", json={"day": "2026-04-01", "version": 1}
        ),
        422,
        "day",
    )
    assert (await client.get("/api/care/contacts")).json()["total"] == 1


# --- plans and overrides --------------------------------------------------------------------


async def test_plan_of_a_standard_tenant_and_a_logged_contact_resetting_its_clock(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    path = f"/api/care/plans/{site['alpha']['id']}"
    body = (await client.get(path)).json()
    assert (body["tier"], body["care_tier"], body["owed"]) == ("standard", "standard", True)
    assert (body["next_expiry"], body["months_to_expiry"]) == ("2027-12-31", 21)
    # never contacted: counted from the lease start 2025-01-01
    assert plan_items(body) == {
        "call": (3, "tier", None, "2025-04-01", True),
        "feedback_request": (12, "tier", None, "2026-01-01", True),
    }
    await log(client, site["alpha"]["id"], "call", "2026-01-31")
    await log(client, site["alpha"]["id"], "visit", "2026-03-01")  # resets no call clock
    body = (await client.get(path)).json()
    # 2026-01-31 + 3 months = 2026-04-30
    assert plan_items(body)["call"] == (3, "tier", "2026-01-31", "2026-04-30", False)
    # seen on a day before the call: the call does not count yet
    earlier = (await client.get(path, params={"on": "2026-01-30"})).json()
    assert plan_items(earlier)["call"][2:] == (None, "2025-04-01", True)


async def test_anchor_near_expiry_steps_up(client: AsyncClient, site: dict[str, Any]) -> None:
    body = (await client.get(f"/api/care/plans/{site['beta']['id']}")).json()
    assert body["months_to_expiry"] == 15
    # anchor: visit 1 (cannot shorten), business review 3 -> 1; standard call 3 -> 1,
    # feedback 12 -> 6; never contacted, counted from 2024-04-10
    assert plan_items(body) == {
        "visit": (1, "anchor", None, "2024-05-10", True),
        "call": (1, "step_up", None, "2024-05-10", True),
        "feedback_request": (6, "step_up", None, "2024-10-10", True),
        "business_review": (1, "step_up", None, "2024-05-10", True),
    }
    # two years earlier the expiry was 39 months away: no step-up
    calm = await client.get(f"/api/care/plans/{site['beta']['id']}", params={"on": "2024-04-10"})
    assert plan_items(calm.json())["call"][:2] == (3, "tier")


async def test_a_tenant_without_a_lease_in_force_is_owed_nothing(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    body = (await client.get(f"/api/care/plans/{site['gamma']['id']}")).json()
    assert (body["owed"], body["items"], body["next_expiry"]) == (False, [], None)
    problem(await client.get(f"/api/care/plans/{MISSING}"), 404)


async def test_overrides_set_replace_disable_and_remove(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    alpha = site["alpha"]["id"]
    base = f"/api/care/plans/{alpha}/overrides"
    made = await client.put(f"{base}/call", json={"interval_months": 1})
    assert made.status_code == 201, made.text
    assert made.json() == {
        "tenant": alpha,
        "kind": "call",
        "interval_months": 1,
        "disabled": False,
        "version": 1,
    }
    problem(await client.put(f"{base}/call", json={"interval_months": 2}), 428)
    replaced = await client.put(f"{base}/call", json={"interval_months": 2, "version": 1})
    assert (replaced.status_code, replaced.json()["version"]) == (200, 2)
    assert (await client.put(f"{base}/gift", json={"interval_months": 12})).status_code == 201
    assert (
        await client.put(f"{base}/feedback_request", json={"disabled": True})
    ).status_code == 201

    plan = (await client.get(f"/api/care/plans/{alpha}")).json()
    # call every 2 months from 2025-01-01: 2025-03-01; gift every 12: 2026-01-01
    assert plan_items(plan) == {
        "call": (2, "override", None, "2025-03-01", True),
        "gift": (12, "override", None, "2026-01-01", True),
    }
    assert [o["kind"] for o in plan["overrides"]] == ["call", "feedback_request", "gift"]

    problem(await client.put(f"{base}/call", json={"interval_months": 2, "disabled": True}), 422)
    problem(await client.put(f"{base}/call", json={}), 422, "interval_months")
    problem(await client.put(f"{base}/lunch", json={"interval_months": 2}), 422, "kind")
    problem(await client.put(f"{base}/call", json={"interval_months": 0}), 422, "interval_months")
    problem(
        await client.put(f"/api/care/plans/{MISSING}/overrides/call", json={"interval_months": 1}),
        404,
    )

    problem(await client.delete(f"{base}/call", params={"version": 1}), 409)
    assert (await client.delete(f"{base}/call", headers={"If-Match": '"2"'})).status_code == 204
    problem(await client.delete(f"{base}/call", params={"version": 2}), 404)
    plan = (await client.get(f"/api/care/plans/{alpha}")).json()
    assert plan_items(plan)["call"][:2] == (3, "tier")


# --- due contacts, coverage, reminders ------------------------------------------------------


async def _alpha_on_schedule(client: AsyncClient, site: dict[str, Any]) -> None:
    await log(client, site["alpha"]["id"], "call", "2026-03-01")  # next 2026-06-01
    await log(client, site["alpha"]["id"], "feedback_request", "2026-02-01")  # next 2027-02-01


async def test_due_contacts_overdue_first_with_filters(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    await _alpha_on_schedule(client, site)
    await make.lease(  # a draft: Gamma is still owed nothing
        client,
        site["gamma"]["id"],
        [(await make.unit(client, site["tower"]["id"]))["id"]],
        status="draft",
    )
    soon = (await client.get("/api/care/due", params={"within": 30})).json()
    assert [(d["tenant_name"], d["kind"], d["next_due"], d["overdue"]) for d in soon["items"]] == [
        ("Beta", "visit", "2024-05-10", True),
        ("Beta", "call", "2024-05-10", True),
        ("Beta", "business_review", "2024-05-10", True),
        ("Beta", "feedback_request", "2024-10-10", True),
    ]
    assert soon["items"][0]["manager_name"] == "Bob"
    assert soon["items"][0]["buildings"] == [site["harbour"]["id"]]
    later = (await client.get("/api/care/due", params={"within": 90})).json()
    assert later["total"] == 5
    assert later["items"][-1]["tenant_name"] == "Alpha"
    assert (later["items"][-1]["next_due"], later["items"][-1]["overdue"]) == ("2026-06-01", False)
    page = (
        await client.get("/api/care/due", params={"within": 90, "limit": 2, "offset": 3})
    ).json()
    assert [d["kind"] for d in page["items"]] == ["feedback_request", "call"]

    anns = await client.get("/api/care/due", params={"within": 90, "manager": site["ann"]["id"]})
    assert [d["tenant_name"] for d in anns.json()["items"]] == ["Alpha"]
    in_tower = await client.get(
        "/api/care/due", params={"within": 30, "building": site["tower"]["id"]}
    )
    assert in_tower.json()["total"] == 0
    problem(await client.get("/api/care/due", params={"within": -1}), 422, "within")


async def test_coverage_per_manager_and_building(client: AsyncClient, site: dict[str, Any]) -> None:
    before = (await client.get("/api/care/coverage")).json()
    assert before["total"] == {"tenants": 2, "on_schedule": 0, "overdue": 2, "rate": "0.0000"}
    await _alpha_on_schedule(client, site)
    body = (await client.get("/api/care/coverage")).json()
    assert body["on"] == TODAY.isoformat()
    assert body["total"] == {"tenants": 2, "on_schedule": 1, "overdue": 1, "rate": "0.5000"}
    assert [
        (m["manager_name"], m["tenants"], m["on_schedule"], m["rate"]) for m in body["by_manager"]
    ] == [("Ann", 1, 1, "1.0000"), ("Bob", 1, 0, "0.0000")]
    assert [
        (b["building_name"], b["tenants"], b["on_schedule"], b["rate"]) for b in body["by_building"]
    ] == [("Harbour Centre", 1, 0, "0.0000"), ("Tower", 1, 1, "1.0000")]
    # on 2026-02-15 the call of 2026-03-01 had not happened: Alpha was overdue
    past = (await client.get("/api/care/coverage", params={"on": "2026-02-15"})).json()
    assert past["total"]["on_schedule"] == 0
    tower = await client.get("/api/care/coverage", params={"building": site["tower"]["id"]})
    assert [b["building_name"] for b in tower.json()["by_building"]] == ["Tower"]
    assert tower.json()["total"]["tenants"] == 1
    bobs = await client.get("/api/care/coverage", params={"manager": site["bob"]["id"]})
    assert bobs.json()["total"] == {"tenants": 1, "on_schedule": 0, "overdue": 1, "rate": "0.0000"}


async def test_reminder_drafts_for_due_contacts_greetings_and_anniversaries(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    await _alpha_on_schedule(client, site)
    alpha, beta = UUID(site["alpha"]["id"]), UUID(site["beta"]["id"])
    ann, bob = UUID(site["ann"]["id"]), UUID(site["bob"]["id"])
    drafts = await care.due(TODAY, 100)  # to 2026-06-23
    got = [(d.kind, d.subject, d.due, d.recipient) for d in drafts]
    beta_lease = UUID(site["beta_lease"]["id"])
    assert got == [
        ("care.business_review_due", beta, date(2024, 5, 10), bob),
        ("care.call_due", beta, date(2024, 5, 10), bob),
        ("care.visit_due", beta, date(2024, 5, 10), bob),
        ("care.feedback_request_due", beta, date(2024, 10, 10), bob),
        ("care.anniversary", beta_lease, date(2026, 4, 10), bob),  # 2024-04-10 + 2 years
        ("care.call_due", alpha, date(2026, 6, 1), ann),
        # Dragon Boat Festival 2026 in CN (Tower) and HK (Harbour Centre)
        *sorted(
            [
                ("care.greeting", alpha, date(2026, 6, 19), ann),
                ("care.greeting", beta, date(2026, 6, 19), bob),
            ],
            key=lambda g: str(g[1]),
        ),
    ]
    anniversary = drafts[4]
    assert anniversary.title == "2nd anniversary of Beta's lease"
    assert (anniversary.tenant, anniversary.building) == (beta, UUID(site["harbour"]["id"]))
    greeting = next(d for d in drafts if d.kind == "care.greeting" and d.subject == alpha)
    assert greeting.title == "Dragon Boat Festival greeting to Alpha"
    assert greeting.building == UUID(site["tower"]["id"])
    assert [d.kind for d in await care.due(TODAY, 0)] == [
        "care.business_review_due",
        "care.call_due",
        "care.visit_due",
        "care.feedback_request_due",
    ]


async def test_last_contacts_per_tenant(client: AsyncClient, site: dict[str, Any]) -> None:
    await _alpha_on_schedule(client, site)
    await log(client, site["gamma"]["id"], "gift", "2025-12-24")
    ids = [UUID(site[name]["id"]) for name in ("alpha", "beta", "gamma")]
    assert await care.last_contacts(ids) == {
        ids[0]: date(2026, 3, 1),
        ids[2]: date(2025, 12, 24),
    }
    assert await care.last_contacts([]) == {}
