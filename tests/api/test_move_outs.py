"""Move-outs: hard or soft from the reason, justified overrides, the lease ends, units go vacant."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import field_names, ids, money, problem

MISSING = str(uuid4())
WHY = "Left after the 2025 service failures, not for business reasons"


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """IFC (HKD) with units A 250.00 and B 100.25 let to Harbour Capital, C 75.00 to Lantern.

    Harbour's lease runs 2025-01-01..2027-12-31 at 10000.00 a month, 11000.00 from 2026-01-01.
    """
    building = await make.building(client, name="IFC", currency="HKD")
    a = await make.unit(client, building["id"], floor=30, code="30-A", area="250.00")
    b = await make.unit(client, building["id"], floor=30, code="30-B", area="100.25")
    c = await make.unit(client, building["id"], floor=31, code="31-C", area="75.00")
    harbour = await make.tenant(client, name="Harbour Capital")
    lantern = await make.tenant(client, name="Lantern Labs")
    lease = await make.lease(
        client,
        harbour["id"],
        [a["id"], b["id"]],
        rent_steps=[{"kind": "fixed", "effective": "2026-01-01", "amount": "11000.00"}],
    )
    other = await make.lease(client, lantern["id"], [c["id"]], base_rent="3000.00")
    return {
        "building": building,
        "a": a,
        "b": b,
        "c": c,
        "harbour": harbour,
        "lantern": lantern,
        "lease": lease,
        "other": other,
    }


def move_out(lease: dict[str, Any], reason: str, day: str = "2026-03-31", **extra: Any) -> Any:
    return {"lease": lease["id"], "day": day, "reason": reason, **extra}


async def occupancy(client: AsyncClient, building_id: str, on: str) -> dict[str, str]:
    response = await client.get(f"/api/buildings/{building_id}/occupancy", params={"on": on})
    assert response.status_code == 200, response.text
    return {
        unit["code"]: unit["occupancy"]
        for floor in response.json()["floors"]
        for unit in floor["units"]
    }


async def test_the_reason_taxonomy_is_published(client: AsyncClient) -> None:
    response = await client.get("/api/churn-reasons")
    assert response.status_code == 200, response.text
    reasons = {r["reason"]: r for r in response.json()}
    assert len(reasons) == 16
    assert {r["churn_class"] for r in reasons.values()} == {"hard", "soft"}
    assert reasons["bankruptcy"] == {
        "reason": "bankruptcy",
        "churn_class": "hard",
        "label": "Bankruptcy",
    }
    assert reasons["rent_level"]["churn_class"] == "soft"
    assert reasons["competitor_offer"]["churn_class"] == "soft"
    assert reasons["merger_acquisition"]["churn_class"] == "hard"
    assert all(r["label"] for r in reasons.values())


async def test_hard_move_out_ends_the_lease_and_frees_its_units(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    lease, bid = site["lease"], site["building"]["id"]
    response = await client.post(
        "/api/move-outs", json=move_out(lease, "bankruptcy", notes="receiver appointed")
    )
    assert response.status_code == 201, response.text
    made = response.json()
    assert (made["lease"], made["tenant"], made["building"]) == (
        lease["id"],
        site["harbour"]["id"],
        bid,
    )
    assert (made["tenant_name"], made["building_name"], made["currency"]) == (
        "Harbour Capital",
        "IFC",
        "HKD",
    )
    assert (made["day"], made["reason"], made["reason_label"]) == (
        "2026-03-31",
        "bankruptcy",
        "Bankruptcy",
    )
    assert (made["churn_class"], made["class_overridden"], made["justification"]) == (
        "hard",
        False,
        "",
    )
    # held on 2026-03-31: 250.00 + 100.25; rent then 11000.00 a month -> 132000.00 a year
    assert (money(made["area"]), money(made["annual_rent"])) == (
        money("350.25"),
        money("132000.00"),
    )
    assert (made["notes"], made["version"]) == ("receiver appointed", 1)
    assert (await client.get(f"/api/move-outs/{made['id']}")).json() == made

    ended = (await client.get(f"/api/leases/{lease['id']}")).json()
    assert ended["status"] == "ended"
    assert ended["end_date"] == "2027-12-31", "the contract term is kept"
    assert {u["code"]: u["end_date"] for u in ended["units"]} == {
        "30-A": "2026-03-31",
        "30-B": "2026-03-31",
    }
    # Still there on its last day, gone the next; Lantern's unit is untouched.
    assert await occupancy(client, bid, "2026-03-31") == {
        "30-A": "occupied",
        "30-B": "occupied",
        "31-C": "occupied",
    }
    assert await occupancy(client, bid, "2026-04-01") == {
        "30-A": "vacant",
        "30-B": "vacant",
        "31-C": "occupied",
    }
    # The freed units can be let again from the next day, not before.
    newcomer = await make.tenant(client)
    clash = await client.post(
        "/api/leases",
        json={
            "tenant": newcomer["id"],
            "units": [site["a"]["id"]],
            "start_date": "2026-03-31",
            "end_date": "2028-03-31",
            "status": "active",
            "base_rent": "9000.00",
        },
    )
    problem(clash, 409)
    await make.lease(
        client, newcomer["id"], [site["a"]["id"]], start_date="2026-04-01", end_date="2028-03-31"
    )


async def test_soft_move_out_counts_as_soft(client: AsyncClient, site: dict[str, Any]) -> None:
    response = await client.post("/api/move-outs", json=move_out(site["other"], "rent_level"))
    assert response.status_code == 201, response.text
    made = response.json()
    assert (made["churn_class"], made["class_overridden"]) == ("soft", False)
    # Lantern: 75.00 m² at 3000.00 a month -> 36000.00 a year
    assert (made["area"], made["annual_rent"]) == ("75.00", "36000.00")


async def test_a_justified_override_changes_the_class(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    body = move_out(
        site["lease"], "business_downsizing", class_override="soft", justification=f"  {WHY} "
    )
    response = await client.post("/api/move-outs", json=body)
    assert response.status_code == 201, response.text
    made = response.json()
    assert (made["reason"], made["churn_class"], made["class_overridden"]) == (
        "business_downsizing",
        "soft",
        True,
    )
    assert made["justification"] == WHY

    # Naming the reason's own class is no override and needs no justification.
    response = await client.post(
        "/api/move-outs", json=move_out(site["other"], "liquidation", class_override="hard")
    )
    assert response.status_code == 201, response.text
    assert (response.json()["churn_class"], response.json()["class_overridden"]) == ("hard", False)


async def test_an_override_without_justification_is_refused_and_changes_nothing(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    lease, bid = site["lease"], site["building"]["id"]
    for justification in (None, "", "too short"):
        body = move_out(lease, "bankruptcy", class_override="soft")
        if justification is not None:
            body["justification"] = justification
        problem(await client.post("/api/move-outs", json=body), 422, "justification")
    assert (await client.get(f"/api/leases/{lease['id']}")).json() == lease
    assert await make.total(client, "/api/move-outs") == 0
    assert (await occupancy(client, bid, "2026-04-01"))["30-A"] == "occupied"


async def test_every_bad_field_is_named(client: AsyncClient, site: dict[str, Any]) -> None:
    lease = site["lease"]
    # A day outside the term and an unjustified override, reported together.
    body = move_out(lease, "rent_level", day="2028-01-01", class_override="hard")
    names = field_names(problem(await client.post("/api/move-outs", json=body), 422))
    assert set(names) == {"day", "justification"}
    problem(
        await client.post("/api/move-outs", json=move_out(lease, "rent_level", day="2024-12-31")),
        422,
        "day",
    )
    problem(await client.post("/api/move-outs", json=move_out(lease, "boredom")), 422, "reason")
    problem(
        await client.post("/api/move-outs", json=move_out(lease, "rent_level", class_override="x")),
        422,
        "class_override",
    )
    problem(
        await client.post(
            "/api/move-outs", json={**move_out(lease, "rent_level"), "lease": MISSING}
        ),
        422,
        "lease",
    )
    problem(await client.post("/api/move-outs", json={"lease": lease["id"]}), 422, "day", "reason")
    assert (await client.get(f"/api/leases/{lease['id']}")).json()["status"] == "active"
    # The first and last days of the term are both fine.
    response = await client.post(
        "/api/move-outs", json=move_out(site["other"], "rent_level", day="2027-12-31")
    )
    assert response.status_code == 201, response.text


async def test_a_lease_moves_out_once(client: AsyncClient, site: dict[str, Any]) -> None:
    lease = site["lease"]
    first = await client.post("/api/move-outs", json=move_out(lease, "rent_level"))
    assert first.status_code == 201, first.text
    again = problem(
        await client.post("/api/move-outs", json=move_out(lease, "bankruptcy", day="2026-06-30")),
        409,
    )
    assert "already moved out on 2026-03-31" in again["detail"]
    assert (await client.get(f"/api/move-outs/{first.json()['id']}")).json() == first.json()


@pytest.mark.parametrize("status", ["ended", "renewed", "draft"])
async def test_only_an_active_lease_can_move_out(
    client: AsyncClient, site: dict[str, Any], status: str
) -> None:
    spare = await make.unit(client, site["building"]["id"], area="60.00")
    lease = await make.lease(
        client,
        site["lantern"]["id"],
        [spare["id"]],
        start_date="2023-01-01",
        end_date="2026-12-31",
        status=status,
    )
    body = problem(await client.post("/api/move-outs", json=move_out(lease, "rent_level")), 409)
    assert status in body["detail"]
    assert body["conflicts"] == [{"field": "status", "current": status, "allowed": ["active"]}]
    assert (await client.get(f"/api/leases/{lease['id']}")).json() == lease
    assert await make.total(client, "/api/move-outs") == 0


async def test_racing_move_outs_of_one_lease_record_one(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    bodies = [move_out(site["lease"], reason) for reason in ("rent_level", "bankruptcy") * 3]
    responses = await asyncio.gather(*(client.post("/api/move-outs", json=b) for b in bodies))
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 5}
    assert await make.total(client, "/api/move-outs") == 1


async def test_reclassify_a_move_out(client: AsyncClient, site: dict[str, Any]) -> None:
    made = (await client.post("/api/move-outs", json=move_out(site["lease"], "bankruptcy"))).json()
    url = f"/api/move-outs/{made['id']}"

    response = await client.patch(url, json={"reason": "competitor_offer", "version": 1})
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["reason"], changed["churn_class"], changed["version"]) == (
        "competitor_offer",
        "soft",
        2,
    )
    assert (changed["area"], changed["annual_rent"], changed["day"]) == (
        made["area"],
        made["annual_rent"],
        made["day"],
    ), "what the tenant held when it left does not change"

    # An override needs its justification, also when it is set later.
    problem(
        await client.patch(url, json={"class_override": "hard", "version": 2}), 422, "justification"
    )
    response = await client.patch(
        url, json={"class_override": "hard", "justification": WHY}, headers={"If-Match": '"2"'}
    )
    assert response.status_code == 200, response.text
    assert (response.json()["churn_class"], response.json()["class_overridden"]) == ("hard", True)

    # Changing only the notes keeps the override.
    response = await client.patch(url, json={"notes": "exit interview done", "version": 3})
    assert (response.json()["churn_class"], response.json()["notes"]) == (
        "hard",
        "exit interview done",
    )
    # A new reason of the overriding class makes the override moot.
    response = await client.patch(url, json={"reason": "reorganisation", "version": 4})
    assert (response.json()["churn_class"], response.json()["class_overridden"]) == ("hard", False)
    # null removes an override: the class is the reason's again.
    await client.patch(url, json={"class_override": "soft", "justification": WHY, "version": 5})
    response = await client.patch(url, json={"class_override": None, "version": 6})
    assert response.status_code == 200, response.text
    assert (response.json()["churn_class"], response.json()["class_overridden"]) == ("hard", False)

    stale = problem(await client.patch(url, json={"notes": "late", "version": 1}), 409)
    assert stale["conflicts"] == [{"field": "version", "sent": 1, "current": 7}]
    problem(await client.patch(url, json={"reason": None, "version": 7}), 422, "reason")
    problem(await client.patch(url, json={"day": "2026-01-01", "version": 7}), 422, "day")
    problem(await client.patch(url, json={"notes": "no version"}), 428)
    problem(await client.patch(f"/api/move-outs/{MISSING}", json={"notes": "x", "version": 1}), 404)
    problem(await client.get(f"/api/move-outs/{MISSING}"), 404)


async def test_list_filters_and_pages(client: AsyncClient, site: dict[str, Any]) -> None:
    annex = await make.building(client, name="Annex")
    annex_unit = await make.unit(client, annex["id"])
    annex_lease = await make.lease(client, site["lantern"]["id"], [annex_unit["id"]])
    hard = (await client.post("/api/move-outs", json=move_out(site["lease"], "bankruptcy"))).json()
    soft = (
        await client.post(
            "/api/move-outs", json=move_out(site["other"], "rent_level", "2026-06-30")
        )
    ).json()
    annex_out = (
        await client.post(
            "/api/move-outs", json=move_out(annex_lease, "service_quality", "2025-09-30")
        )
    ).json()

    async def listed(**params: Any) -> list[str]:
        response = await client.get("/api/move-outs", params=params)
        assert response.status_code == 200, response.text
        return ids(response.json()["items"])

    assert await listed() == [soft["id"], hard["id"], annex_out["id"]], "latest day first"
    assert await listed(building=site["building"]["id"]) == [soft["id"], hard["id"]]
    assert await listed(tenant=site["lantern"]["id"]) == [soft["id"], annex_out["id"]]
    assert await listed(**{"class": "hard"}) == [hard["id"]]
    assert await listed(**{"class": "soft"}) == [soft["id"], annex_out["id"]]
    assert await listed(**{"from": "2026-01-01"}) == [soft["id"], hard["id"]]
    assert await listed(**{"from": "2026-03-31", "to": "2026-03-31"}) == [hard["id"]]
    assert await listed(limit=1, offset=1) == [hard["id"]]
    assert await make.total(client, "/api/move-outs", **{"class": "soft"}) == 2
    problem(await client.get("/api/move-outs", params={"class": "medium"}), 422, "class")
    problem(
        await client.get("/api/move-outs", params={"from": "2026-02-01", "to": "2026-01-01"}),
        422,
        "to",
    )
    problem(await client.get("/api/move-outs", params={"from": "2026-02-30"}), 422, "from")
