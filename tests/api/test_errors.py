"""Errors are problem details that name the bad fields; bad input never gets a 500."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import PROBLEM_JSON, field_names, problem

MISSING = str(uuid4())


@pytest.fixture
async def world(client: AsyncClient) -> dict[str, Any]:
    """One of everything, so every URL below points at something real."""
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    spare = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    contact = await make.contact(client, tenant["id"])
    lease = await make.lease(
        client,
        tenant["id"],
        [unit["id"]],
        rent_steps=[{"kind": "fixed", "effective": "2026-01-01", "amount": "11000.00"}],
    )
    return {
        "building": building,
        "unit": unit,
        "spare": spare,
        "tenant": tenant,
        "contact": contact,
        "lease": lease,
        "step": lease["rent_steps"][0],
    }


async def test_problem_shape(client: AsyncClient) -> None:
    response = await client.post("/api/tenants", json={"name": "", "industry": "piracy"})
    body = problem(response, 422, "name", "industry")
    assert body["type"] == "about:blank"
    assert body["title"] == "Invalid input"
    assert all(set(error) >= {"field", "message"} for error in body["errors"])
    assert "name" in body["detail"]


async def test_malformed_json_is_400(client: AsyncClient) -> None:
    for content in [
        b'{"name": "A", ',
        b"{name: 'A'}",
        b"\xff\xfe{}",
        b'{"name": "\xff\xfe"}',
        b'{"name": "A", "tags": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ]:
        response = await client.post(
            "/api/tenants", content=content, headers={"content-type": "application/json"}
        )
        problem(response, 400)
    assert await make.total(client, "/api/tenants") == 0


async def test_body_of_the_wrong_shape_is_4xx(client: AsyncClient) -> None:
    for payload in [[], "tenant", 42, None]:
        response = await client.post("/api/tenants", json=payload)
        assert response.status_code in {400, 422}, (payload, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    response = await client.post(
        "/api/tenants", content=b"", headers={"content-type": "application/json"}
    )
    assert response.status_code in {400, 422}


async def test_unknown_route_and_method(client: AsyncClient) -> None:
    problem(await client.get("/api/no-such-thing"), 404)
    problem(await client.put(f"/api/tenants/{MISSING}", json={}), 405)


NASTY_CREATES: list[tuple[str, dict[str, Any], str]] = [
    ("/api/buildings", {"name": "x" * 201}, "name"),
    ("/api/buildings", {"name": 12}, "name"),
    ("/api/buildings", {"name": "NUL\u0000inside"}, "name"),
    ("/api/buildings", {"name": "ok", "city": "a\u0000"}, "city"),
    ("/api/tenants", {"name": "T\u0000", "industry": "media"}, "name"),
    ("/api/tenants", {"name": "T", "industry": "media", "tags": ["ok", "bad\u0000"]}, "tags"),
    ("/api/tenants", {"name": "T", "industry": "media", "headcount": 10**30}, "headcount"),
    ("/api/tenants", {"name": "T", "industry": "media", "headcount": -1}, "headcount"),
    ("/api/tenants", {"name": "T", "industry": "media", "headcount": "many"}, "headcount"),
    ("/api/tenants", {"name": "T", "industry": "media", "is_anchor": "yes please"}, "is_anchor"),
    (
        "/api/tenants",
        {"name": "T", "industry": "media", "website": "javascript:alert(1)"},
        "website",
    ),
    ("/api/tenants", {"name": "T", "industry": "media", "tags": "one,two"}, "tags"),
    ("/api/tenants", {"name": ["T"], "industry": "media"}, "name"),
    # Found by fuzzing: lax parsing read a yes/no as a number, a number as a yes/no or a day.
    ("/api/tenants", {"name": "T", "industry": "media", "headcount": False}, "headcount"),
    ("/api/tenants", {"name": "T", "industry": "media", "is_anchor": 1}, "is_anchor"),
    (
        "/api/renewal-proposals",
        {"current_rent": "100.00", "market_rent": "100.00", "start": 0, "term_months": 12},
        "start",
    ),
    (
        "/api/renewal-proposals",
        {"current_rent": 100, "market_rent": "100.00", "start": "2026-01-01", "term_months": 12},
        "current_rent",
    ),
]


@pytest.mark.parametrize(("path", "payload", "field"), NASTY_CREATES)
async def test_nasty_creates_are_422(
    client: AsyncClient, path: str, payload: dict[str, Any], field: str
) -> None:
    problem(await client.post(path, json=payload), 422, field)


UNIT_CASES: list[tuple[dict[str, Any], str]] = [
    ({"area": "-5.00"}, "area"),
    ({"area": "0"}, "area"),
    ({"area": "NaN"}, "area"),
    ({"area": "Infinity"}, "area"),
    ({"area": "1e400"}, "area"),
    ({"area": "12.345"}, "area"),
    ({"area": ""}, "area"),
    ({"area": "ten"}, "area"),
    ({"area": 10**20}, "area"),
    ({"floor": 10**30}, "floor"),
    ({"floor": 1.5}, "floor"),
    ({"floor": False}, "floor"),
    ({"area": 250}, "area"),  # money and area travel as strings, as documented
    ({"area": 250.5}, "area"),
    ({"code": ""}, "code"),
    ({"code": "   "}, "code"),
    ({"building": "not-a-uuid"}, "building"),
    ({"building": 17}, "building"),
    ({"status": "demolished"}, "status"),
]


@pytest.mark.parametrize(("change", "field"), UNIT_CASES)
async def test_nasty_units_are_422(
    client: AsyncClient, world: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    payload = {"building": world["building"]["id"], "floor": 1, "code": "N-1", "area": "1.00"}
    problem(await client.post("/api/units", json={**payload, **change}), 422, field)


LEASE_CASES: list[tuple[dict[str, Any], str]] = [
    ({"start_date": "2026-02-30"}, "start_date"),
    ({"start_date": "2026-13-01"}, "start_date"),
    ({"start_date": "yesterday"}, "start_date"),
    ({"start_date": ""}, "start_date"),
    ({"start_date": "9999-01-01", "end_date": "9999-12-31"}, "start_date"),
    ({"start_date": "0001-01-01"}, "start_date"),
    ({"end_date": "9999-12-31"}, "end_date"),
    ({"base_rent": "1e20"}, "base_rent"),
    ({"base_rent": 10**40}, "base_rent"),
    ({"base_rent": "-0.01"}, "base_rent"),
    ({"base_rent": True}, "base_rent"),
    ({"base_rent": 10000}, "base_rent"),
    ({"start_date": 0}, "start_date"),
    ({"base_rent": "12,500.00"}, "base_rent"),
    ({"base_rent": None}, "base_rent"),
    ({"units": ["not-a-uuid"]}, "units[0]"),
    ({"units": "all"}, "units"),
    ({"tenant": ""}, "tenant"),
    ({"notice_months": -1}, "notice_months"),
    ({"notes": "\u0000"}, "notes"),
    ({"rent_steps": [{"kind": "fixed"}]}, "rent_steps[0].effective"),
    ({"rent_steps": "none"}, "rent_steps"),
    (
        {"rent_steps": [{"kind": "percent", "effective": "2026-01-01", "percent": "1e9"}]},
        "rent_steps[0].percent",
    ),
    (
        {
            "rent_steps": [
                {
                    "kind": "percent",
                    "effective": "2026-01-01",
                    "percent": "5",
                    "every_months": 10**9,
                }
            ]
        },
        "rent_steps[0].every_months",
    ),
]


@pytest.mark.parametrize(("change", "field"), LEASE_CASES)
async def test_nasty_leases_are_422(
    client: AsyncClient, world: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    payload = {
        "tenant": world["tenant"]["id"],
        "units": [world["spare"]["id"]],
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "base_rent": "100.00",
    }
    problem(await client.post("/api/leases", json={**payload, **change}), 422, field)
    assert await make.total(client, "/api/leases") == 1


NULLS: list[tuple[str, str]] = [
    ("building", "name"),
    ("building", "currency"),
    ("unit", "floor"),
    ("unit", "code"),
    ("unit", "area"),
    ("unit", "status"),
    ("tenant", "name"),
    ("tenant", "industry"),
    ("tenant", "tags"),
    ("tenant", "tier"),
    ("tenant", "is_anchor"),
    ("tenant", "notes"),
    ("contact", "name"),
    ("contact", "is_executive"),
    ("lease", "start_date"),
    ("lease", "end_date"),
    ("lease", "status"),
    ("lease", "base_rent"),
    ("lease", "deposit"),
    ("lease", "notice_months"),
    ("lease", "notes"),
    ("lease", "units"),
    ("step", "kind"),
    ("step", "effective"),
    ("step", "note"),
]

URLS = {
    "building": "/api/buildings/{}",
    "unit": "/api/units/{}",
    "tenant": "/api/tenants/{}",
    "contact": "/api/contacts/{}",
    "lease": "/api/leases/{}",
    "step": "/api/rent-steps/{}",
}


@pytest.mark.parametrize(("record", "field"), NULLS)
async def test_null_for_a_required_field_is_422(
    client: AsyncClient, world: dict[str, Any], record: str, field: str
) -> None:
    """Leaving a field out of a PATCH keeps it; sending null cannot blank a required one."""
    url = URLS[record].format(world[record]["id"])
    body = problem(await client.patch(url, json={field: None, "version": 1}), 422, field)
    assert field_names(body) == [field]
    response = await client.get(url) if record != "step" else None
    if response is not None:
        assert response.json()["version"] == 1, "nothing was written"


async def test_null_clears_what_may_be_empty(client: AsyncClient, world: dict[str, Any]) -> None:
    tenant_url = f"/api/tenants/{world['tenant']['id']}"
    await client.patch(tenant_url, json={"headcount": 50, "version": 1})
    response = await client.patch(tenant_url, json={"headcount": None, "version": 2})
    assert (response.status_code, response.json()["headcount"]) == (200, None)
    response = await client.patch(
        f"/api/rent-steps/{world['step']['id']}",
        json={"kind": "free", "months": 1, "amount": None, "version": 1},
    )
    assert response.status_code == 200, response.text
    assert (response.json()["kind"], response.json()["amount"]) == ("free", None)


BAD_QUERIES = [
    "/api/tenants?limit=0",
    "/api/tenants?limit=10000",
    "/api/tenants?limit=-5",
    "/api/tenants?limit=ten",
    "/api/tenants?offset=-1",
    "/api/tenants?offset=99999999999999999999999",
    "/api/tenants?offset=9223372036854775808",
    "/api/tenants?q=" + "x" * 201,
    "/api/tenants?q=%00",
    "/api/tenants?on=2026-02-30",
    "/api/tenants?expiring_within_months=100000",
    "/api/tenants?building=1",
    "/api/buildings?limit=0",
    "/api/buildings?offset=-1",
    "/api/units?floor=99999999999999999999999",
    "/api/units?floor=-11",
    "/api/units?building=xyz",
    "/api/units?status=gone",
    "/api/contacts?tenant=nope",
    "/api/contacts?limit=501",
    "/api/leases?ending_by=2026-02-30",
    "/api/leases?status=void",
    "/api/leases?unit=..%2F..",
    "/api/leases?offset=1.5",
]


@pytest.mark.parametrize("url", BAD_QUERIES)
async def test_bad_queries_are_4xx(client: AsyncClient, url: str) -> None:
    response = await client.get(url)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)


async def test_far_dates_in_queries_are_answered(
    client: AsyncClient, world: dict[str, Any]
) -> None:
    lease_id, building_id = world["lease"]["id"], world["building"]["id"]
    for url in [
        f"/api/leases/{lease_id}?on=9999-12-31",
        f"/api/leases/{lease_id}/schedule?on=0001-01-01",
        f"/api/buildings/{building_id}/occupancy?on=9999-12-31",
        f"/api/tenants/{world['tenant']['id']}/view?on=9999-12-31",
        "/api/leases?ending_by=9999-12-31",
        "/api/tenants?on=9999-12-31&expiring_within_months=240",
    ]:
        response = await client.get(url)
        assert response.status_code == 200, (url, response.text)


BAD_PATHS = [
    "/api/tenants/not-a-uuid",
    "/api/tenants/123",
    "/api/tenants/00000000-0000-0000-0000-00000000000g",
    "/api/units/%00",
    "/api/leases/..%2F..%2Fetc/schedule",
    "/api/buildings/' OR 1=1 --/occupancy",
]


@pytest.mark.parametrize("url", BAD_PATHS)
async def test_bad_ids_in_paths_are_4xx(client: AsyncClient, url: str) -> None:
    for method in ["GET", "PATCH", "DELETE"]:
        response = await client.request(method, url, headers={"If-Match": "1"})
        assert 400 <= response.status_code < 500, (method, url, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)


BAD_VERSIONS: list[dict[str, Any]] = [
    {"headers": {"If-Match": "99999999999999999999999"}},
    {"headers": {"If-Match": "-1"}},
    {"headers": {"If-Match": "1.0"}},
    {"headers": {"If-Match": b"\xb2"}},  # a superscript two: a digit to str.isdigit, not to int
    {"headers": {"If-Match": ""}},
    {"json_version": 10**30},
    {"json_version": 2**31},
    {"json_version": 0},
    {"json_version": "one"},
    {"query_version": "99999999999999999999999"},
    {"query_version": "0"},
    {"query_version": "x"},
]


@pytest.mark.parametrize("how", BAD_VERSIONS)
async def test_bad_versions_are_4xx(
    client: AsyncClient, world: dict[str, Any], how: dict[str, Any]
) -> None:
    url = f"/api/tenants/{world['tenant']['id']}"
    headers = how.get("headers", {})
    if "query_version" in how:
        response = await client.delete(url, params={"version": how["query_version"]})
    else:
        payload: dict[str, Any] = {"notes": "x"}
        if "json_version" in how:
            payload["version"] = how["json_version"]
        response = await client.patch(url, json=payload, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert (await client.get(url)).json()["version"] == 1
