"""Leases: CRUD, the one-lease-per-unit-at-a-time rule, and the checks on what a lease names."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import field_names, ids, problem

MISSING = str(uuid4())


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """A building in HKD with three units, another building, and two tenants."""
    building = await make.building(client, name="IFC", currency="HKD")
    annex = await make.building(client, name="Annex")
    return {
        "building": building,
        "u1": await make.unit(client, building["id"], floor=30, code="30-02", area="250.00"),
        "u2": await make.unit(client, building["id"], floor=30, code="30-01", area="100.25"),
        "u3": await make.unit(client, building["id"], floor=31, code="31-01", area="75.00"),
        "annex_unit": await make.unit(client, annex["id"]),
        "tenant": await make.tenant(client, name="Harbour Capital"),
        "other": await make.tenant(client, name="Other Co"),
    }


def body(site: dict[str, Any], *units: str, **overrides: Any) -> dict[str, Any]:
    return {
        "tenant": site["tenant"]["id"],
        "units": [site[u]["id"] for u in units],
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "status": "active",
        "base_rent": "10000.00",
        **overrides,
    }


async def lease_count(client: AsyncClient) -> int:
    return await make.total(client, "/api/leases")


async def test_lease_crud(client: AsyncClient, site: dict[str, Any]) -> None:
    response = await client.post(
        "/api/leases",
        json=body(site, "u1", "u2", deposit="30000.00", incentive="5000.00", notes="corner"),
    )
    assert response.status_code == 201, response.text
    lease = response.json()
    assert lease["tenant"] == site["tenant"]["id"]
    assert (lease["tenant_name"], lease["building_name"]) == ("Harbour Capital", "IFC")
    assert lease["building"] == site["building"]["id"]
    assert lease["currency"] == "HKD", "a lease is in its building's currency"
    assert (lease["cycle"], lease["previous"], lease["version"]) == (1, None, 1)
    assert (lease["status"], lease["start_date"], lease["end_date"]) == (
        "active",
        "2025-01-01",
        "2027-12-31",
    )
    assert (lease["base_rent"], lease["deposit"], lease["incentive"]) == (
        "10000.00",
        "30000.00",
        "5000.00",
    )
    assert (lease["notice_months"], lease["notes"]) == (6, "corner")
    assert lease["area"] == "350.25"
    assert [u["code"] for u in lease["units"]] == ["30-01", "30-02"], "units by floor and code"
    assert lease["units"][0]["start_date"] == "2025-01-01"
    assert (lease["rent_steps"], lease["current_rent"], lease["next_change"]) == (
        [],
        "10000.00",
        None,
    )
    assert (await client.get(f"/api/leases/{lease['id']}")).json() == lease

    response = await client.patch(
        f"/api/leases/{lease['id']}",
        json={"units": [site["u1"]["id"]], "base_rent": "9500.50", "notes": "", "version": 1},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["base_rent"], changed["notes"], changed["version"]) == ("9500.50", "", 2)
    assert (changed["area"], [u["code"] for u in changed["units"]]) == ("250.00", ["30-02"])
    assert changed["deposit"] == "30000.00"
    assert (await client.get(f"/api/leases/{lease['id']}")).json() == changed

    problem(await client.delete(f"/api/leases/{lease['id']}", params={"version": 2}), 409)


async def test_unknown_lease_is_404_everywhere(client: AsyncClient) -> None:
    problem(await client.get(f"/api/leases/{MISSING}"), 404)
    problem(await client.get(f"/api/leases/{MISSING}/schedule"), 404)
    problem(await client.get(f"/api/leases/{MISSING}/rent-steps"), 404)
    problem(await client.patch(f"/api/leases/{MISSING}", json={"notes": "x", "version": 1}), 404)
    problem(await client.delete(f"/api/leases/{MISSING}", params={"version": 1}), 404)


async def test_current_rent_outside_the_term_is_null(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    lease = await make.lease(
        client, site["tenant"]["id"], [site["u1"]["id"]], start_date="2027-01-01"
    )
    assert lease["current_rent"] is None
    on_start = (await client.get(f"/api/leases/{lease['id']}", params={"on": "2027-01-01"})).json()
    assert on_start["current_rent"] == "10000.00"


async def test_list_filters_sort_and_pages(client: AsyncClient, site: dict[str, Any]) -> None:
    a = await make.lease(
        client,
        site["tenant"]["id"],
        [site["u1"]["id"]],
        start_date="2024-01-01",
        end_date="2026-06-30",
    )
    b = await make.lease(
        client,
        site["other"]["id"],
        [site["u2"]["id"]],
        start_date="2025-01-01",
        end_date="2026-04-30",
    )
    c = await make.lease(
        client,
        site["tenant"]["id"],
        [site["u3"]["id"]],
        start_date="2026-05-01",
        end_date="2030-04-30",
        status="draft",
    )
    d = await make.lease(
        client, site["other"]["id"], [site["annex_unit"]["id"]], end_date="2026-12-31"
    )

    async def listed(**params: Any) -> tuple[list[str], int]:
        response = await client.get("/api/leases", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        return ids(page["items"]), page["total"]

    # by end date: b (2026-04-30), a (2026-06-30), d (2026-12-31), c (2030-04-30)
    assert await listed() == ([b["id"], a["id"], d["id"], c["id"]], 4)
    assert await listed(limit=2, offset=1) == ([a["id"], d["id"]], 4)
    assert await listed(tenant=site["tenant"]["id"]) == ([a["id"], c["id"]], 2)
    assert await listed(building=site["building"]["id"]) == ([b["id"], a["id"], c["id"]], 3)
    assert await listed(unit=site["u2"]["id"]) == ([b["id"]], 1)
    assert await listed(status="draft") == ([c["id"]], 1)
    # ending between today (2026-03-15) and the date given
    assert await listed(ending_by="2026-06-30") == ([b["id"], a["id"]], 2)
    assert await listed(ending_by="2026-05-31", on="2026-05-01") == ([], 0)


async def test_overlapping_lease_of_a_unit_is_refused(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    first = await make.lease(client, site["tenant"]["id"], [site["u1"]["id"]])
    # 2027-12-31 is the last day of the first lease: one shared day is an overlap
    response = await client.post(
        "/api/leases",
        json=body(
            site,
            "u2",
            "u1",
            tenant=site["other"]["id"],
            start_date="2027-12-31",
            end_date="2029-12-31",
        ),
    )
    conflict = problem(response, 409)
    assert first["id"] in conflict["detail"]
    assert "30-02" in conflict["detail"]
    assert [c["lease"] for c in conflict["conflicts"]] == [first["id"]]
    assert conflict["conflicts"][0]["unit"] == site["u1"]["id"]
    assert await lease_count(client) == 1, "nothing written"
    assert await make.total(client, "/api/leases", unit=site["u2"]["id"]) == 0

    # drafts hold their units too
    draft = await make.lease(
        client,
        site["tenant"]["id"],
        [site["u3"]["id"]],
        status="draft",
        start_date="2030-01-01",
        end_date="2030-12-31",
    )
    inside = body(site, "u3", start_date="2030-06-01", end_date="2031-05-31")
    conflict = problem(await client.post("/api/leases", json=inside), 409)
    assert [c["lease"] for c in conflict["conflicts"]] == [draft["id"]]
    assert await lease_count(client) == 2


async def test_touching_terms_are_fine(client: AsyncClient, site: dict[str, Any]) -> None:
    await make.lease(client, site["tenant"]["id"], [site["u1"]["id"]])  # 2025-01-01 .. 2027-12-31
    after = await make.lease(
        client,
        site["other"]["id"],
        [site["u1"]["id"]],
        start_date="2028-01-01",
        end_date="2030-12-31",
    )
    before = await make.lease(
        client,
        site["other"]["id"],
        [site["u1"]["id"]],
        start_date="2024-01-01",
        end_date="2024-12-31",
    )
    assert after["units"][0]["unit"] == before["units"][0]["unit"] == site["u1"]["id"]
    assert await lease_count(client) == 3


async def test_amending_into_an_overlap_is_refused(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    await make.lease(client, site["tenant"]["id"], [site["u1"]["id"]])  # 2025-01-01 .. 2027-12-31
    later = await make.lease(
        client,
        site["other"]["id"],
        [site["u2"]["id"]],
        start_date="2028-01-01",
        end_date="2030-12-31",
    )
    url = f"/api/leases/{later['id']}"
    problem(
        await client.patch(
            url, json={"start_date": "2027-06-01", "units": [site["u1"]["id"]], "version": 1}
        ),
        409,
    )
    both = [site["u2"]["id"], site["u1"]["id"]]
    problem(
        await client.patch(url, json={"units": both, "start_date": "2027-12-31", "version": 1}), 409
    )
    unchanged = (await client.get(url)).json()
    assert (unchanged["start_date"], unchanged["version"]) == ("2028-01-01", 1)
    assert [u["unit"] for u in unchanged["units"]] == [site["u2"]["id"]]
    # moving the start so the terms merely touch is fine, and the lease's own units never clash
    response = await client.patch(url, json={"units": [site["u1"]["id"]], "version": 1})
    assert response.status_code == 200, response.text
    response = await client.patch(url, json={"end_date": "2031-12-31", "version": 2})
    assert response.status_code == 200, response.text
    assert response.json()["units"][0]["end_date"] == "2031-12-31", "unit dates follow the term"


async def test_term_and_money_checks(client: AsyncClient, site: dict[str, Any]) -> None:
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"start_date": "2026-01-01", "end_date": "2025-12-31"}, ["end_date"]),
        ({"end_date": "2025-01-01"}, ["end_date"]),
        ({"base_rent": "1234.567"}, ["base_rent"]),
        ({"deposit": "-1.00"}, ["deposit"]),
        ({"incentive": "0.001"}, ["incentive"]),
        ({"notice_months": 61}, ["notice_months"]),
        (
            {"rent_steps": [{"kind": "fixed", "effective": "2028-01-01", "amount": "11000.00"}]},
            ["rent_steps[0].effective"],
        ),
        (
            {"rent_steps": [{"kind": "fixed", "effective": "2024-12-31", "amount": "11000.00"}]},
            ["rent_steps[0].effective"],
        ),
        (
            {
                "rent_steps": [
                    {"kind": "fixed", "effective": "2026-01-01", "amount": "11000.00"},
                    {"kind": "amount", "effective": "2027-01-01", "amount": "100.005"},
                ]
            },
            ["rent_steps[1].amount"],
        ),
        (
            {"rent_steps": [{"kind": "percent", "effective": "2026-01-01"}]},
            ["rent_steps[0].percent"],
        ),
        (
            {"rent_steps": [{"kind": "free", "effective": "2025-01-01"}]},
            ["rent_steps[0].months"],
        ),
        ({"status": "terminated"}, ["status"]),
        ({"unexpected": True}, ["unexpected"]),
        ({"units": []}, ["units"]),
    ]
    for overrides, fields in cases:
        response = await client.post("/api/leases", json=body(site, "u1", **overrides))
        problem(response, 422, *fields)
    assert await lease_count(client) == 0


async def test_units_tenant_and_previous_are_checked(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    two_buildings = body(site, "u1", "annex_unit")
    problem(await client.post("/api/leases", json=two_buildings), 422, "units")
    problem(await client.post("/api/leases", json=body(site, "u1", "u1")), 422, "units")
    unknown_unit = {**body(site, "u1"), "units": [site["u1"]["id"], MISSING]}
    problem(await client.post("/api/leases", json=unknown_unit), 422, "units[1]")
    problem(await client.post("/api/leases", json=body(site, "u1", tenant=MISSING)), 422, "tenant")
    problem(
        await client.post("/api/leases", json=body(site, "u1", previous=MISSING)), 422, "previous"
    )

    theirs = await make.lease(
        client,
        site["other"]["id"],
        [site["u2"]["id"]],
        start_date="2020-01-01",
        end_date="2022-12-31",
    )
    response = await client.post("/api/leases", json=body(site, "u1", previous=theirs["id"]))
    assert field_names(problem(response, 422, "previous")) == ["previous"]
    # an unknown tenant is named as such, even when it also names a previous cycle
    response = await client.post(
        "/api/leases", json=body(site, "u1", tenant=MISSING, previous=theirs["id"])
    )
    assert "tenant" in field_names(problem(response, 422))
    assert await lease_count(client) == 1


async def test_amendments_are_checked(client: AsyncClient, site: dict[str, Any]) -> None:
    lease = await make.lease(
        client,
        site["tenant"]["id"],
        [site["u1"]["id"]],
        rent_steps=[{"kind": "fixed", "effective": "2027-06-01", "amount": "12000.00"}],
    )
    url = f"/api/leases/{lease['id']}"
    problem(await client.patch(url, json={"end_date": "2024-12-31", "version": 1}), 422, "end_date")
    problem(
        await client.patch(url, json={"units": [site["annex_unit"]["id"]], "version": 1}),
        422,
        "units",
    )
    # shortening the term would leave the step outside it
    problem(
        await client.patch(url, json={"end_date": "2027-05-31", "version": 1}),
        422,
        "rent_steps[0].effective",
    )
    problem(await client.patch(url, json={"base_rent": "1.001", "version": 1}), 422, "base_rent")
    assert (await client.get(url)).json() == lease


async def test_draft_lease_can_be_deleted_active_cannot(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    draft = await make.lease(
        client,
        site["tenant"]["id"],
        [site["u1"]["id"]],
        status="draft",
        rent_steps=[{"kind": "free", "effective": "2025-01-01", "months": 2}],
    )
    active = await make.lease(client, site["tenant"]["id"], [site["u2"]["id"]])
    conflict = problem(
        await client.delete(f"/api/leases/{active['id']}", params={"version": 1}), 409
    )
    assert "draft" in conflict["detail"]
    assert (await client.get(f"/api/leases/{active['id']}")).status_code == 200

    problem(await client.delete(f"/api/leases/{draft['id']}", params={"version": 2}), 409)
    response = await client.delete(f"/api/leases/{draft['id']}", headers={"If-Match": "1"})
    assert response.status_code == 204, response.text
    problem(await client.get(f"/api/leases/{draft['id']}"), 404)
    # its unit is free again
    again = await make.lease(client, site["other"]["id"], [site["u1"]["id"]])
    assert again["units"][0]["unit"] == site["u1"]["id"]


async def test_renewal_cycles_count_up(client: AsyncClient, site: dict[str, Any]) -> None:
    tenant = site["tenant"]["id"]
    one = await make.lease(
        client,
        tenant,
        [site["u1"]["id"]],
        start_date="2020-01-01",
        end_date="2022-12-31",
        status="renewed",
    )
    two = await make.lease(
        client,
        tenant,
        [site["u1"]["id"]],
        start_date="2023-01-01",
        end_date="2025-12-31",
        status="renewed",
        previous=one["id"],
    )
    three = await make.lease(
        client,
        tenant,
        [site["u1"]["id"]],
        start_date="2026-01-01",
        end_date="2028-12-31",
        previous=two["id"],
    )
    assert [one["cycle"], two["cycle"], three["cycle"]] == [1, 2, 3]
    assert three["previous"] == two["id"]
