"""Rent roll import through the JSON API: dry run, refusal of a file with a problem, import."""

from __future__ import annotations

from typing import Any

import httpx

from tenantcrm.rentroll.template import XLSX_TYPE
from tests.api import factories as make
from tests.rentroll.files import csv_bytes, line, xlsx_bytes

URL = "/api/imports/rent-roll"


async def upload(
    client: httpx.AsyncClient, content: bytes, name: str = "roll.csv", **params: Any
) -> httpx.Response:
    return await client.post(URL, params=params, files={"file": (name, content)})


def clean_roll() -> list[dict[str, Any]]:
    return [
        line(
            tenant="瀚海资本有限公司",
            contact_name="王芳",
            contact_email="wang.fang@example.com",
            free_months="2",
            step1_date="2027-01-01",
            step1_rent="136,000.00",
            step2_date="2028-01-01",
            step2_rent="5%",
        ),
        line(unit="1202", area="120", tenant="瀚海资本有限公司", industry=""),
        line(
            unit="1301",
            floor="13",
            area="300",
            tenant="Blue Ocean Law",
            industry="legal",
            lease_start="2025-06-01",
            lease_end="2027-05-31",
            monthly_rent="90000",
        ),
    ]


async def test_a_dry_run_reports_and_imports_nothing(client: httpx.AsyncClient) -> None:
    response = await upload(client, csv_bytes(clean_roll()), dry_run="true")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["clean"] is True
    assert report["dry_run"] is True
    assert report["imported"] is False
    assert report["rows"] == 3
    assert report["created"] == {
        "buildings": 1,
        "units": 3,
        "tenants": 2,
        "contacts": 1,
        "leases": 2,
        "rent_steps": 3,
    }
    assert await make.total(client, "/api/tenants") == 0
    assert await make.total(client, "/api/buildings") == 0
    assert await make.total(client, "/api/leases") == 0


async def test_a_clean_xlsx_imports_everything(client: httpx.AsyncClient) -> None:
    response = await upload(client, xlsx_bytes(clean_roll()), "roll.xlsx")
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["imported"] is True
    assert report["problems"] == []
    assert report["created"]["leases"] == 2

    tenants = (await client.get("/api/tenants", params={"q": "瀚海"})).json()["items"]
    assert [t["name"] for t in tenants] == ["瀚海资本有限公司"]
    assert tenants[0]["industry"] == "asset_management"
    view = (await client.get(f"/api/tenants/{tenants[0]['id']}/view")).json()
    assert [c["name"] for c in view["contacts"]] == ["王芳"]
    (lease,) = view["current_leases"]
    assert lease["status"] == "active"
    assert lease["currency"] == "CNY"
    assert sorted(u["code"] for u in lease["units"]) == ["1201", "1202"]
    assert lease["area"] == "370.50"
    assert lease["base_rent"] == "128000.00"
    schedule = (await client.get(f"/api/leases/{lease['id']}/schedule")).json()
    rents = {line["start"]: line for line in schedule["lines"]}
    assert rents["2026-01-01"]["due"] == "0.00", "two months free from the start"
    assert rents["2026-03-01"]["due"] == "128000.00"
    assert rents["2027-01-01"]["monthly_rent"] == "136000.00"
    assert rents["2028-01-01"]["monthly_rent"] == "142800.00", "5 % on 136,000.00"

    building = (await client.get("/api/buildings")).json()["items"][0]
    assert building["name"] == "Harbour Tower"
    assert building["currency"] == "CNY"
    assert await make.total(client, "/api/units", building=building["id"]) == 3


async def test_importing_the_same_file_again_creates_nothing(client: httpx.AsyncClient) -> None:
    content = csv_bytes(clean_roll())
    assert (await upload(client, content)).status_code == 201
    again = await upload(client, content)
    assert again.status_code == 201, again.text
    report = again.json()
    assert report["created"] == {
        "buildings": 0,
        "units": 0,
        "tenants": 0,
        "contacts": 0,
        "leases": 0,
        "rent_steps": 0,
    }
    assert report["existing"]["leases"] == 2
    assert report["existing"]["units"] == 3
    assert await make.total(client, "/api/leases") == 2


async def test_one_bad_line_imports_nothing(client: httpx.AsyncClient) -> None:
    rows = clean_roll()
    rows[2]["lease_end"] = "2025-05-31"  # before its start
    response = await upload(client, csv_bytes(rows))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["imported"] is False
    assert "nothing was imported" in body["detail"]
    problems = [(p["line"], p["column"], p["cell"]) for p in body["problems"]]
    assert (4, "lease_end", "J4") in problems
    assert await make.total(client, "/api/buildings") == 0
    assert await make.total(client, "/api/tenants") == 0


async def test_a_lease_overlapping_one_in_tenantcrm_is_a_problem(
    client: httpx.AsyncClient,
) -> None:
    building = await make.building(client, name="Harbour Tower")
    unit = await make.unit(client, building["id"], code="1301", floor=13, area="300.00")
    holder = await make.tenant(client, name="Earlier Tenant")
    await make.lease(client, holder["id"], [unit["id"]], end_date="2026-12-31")

    response = await upload(client, csv_bytes(clean_roll()), dry_run="true")
    report = response.json()
    assert report["clean"] is False
    (problem,) = report["problems"]
    assert problem["line"] == 4
    assert problem["column"] == "unit"
    assert "already let to Earlier Tenant" in problem["reason"]
    assert report["existing"]["buildings"] == 1
    assert report["existing"]["units"] == 1
    assert await make.total(client, "/api/leases") == 1


async def test_records_that_disagree_with_tenantcrm_are_problems(
    client: httpx.AsyncClient,
) -> None:
    building = await make.building(client, name="HARBOUR  tower", currency="HKD")
    await make.unit(client, building["id"], code="1201", floor=11, area="250.50")
    await make.tenant(client, name="Blue Ocean Law", industry="consulting")

    report = (await upload(client, csv_bytes(clean_roll()), dry_run="true")).json()
    reasons = {(p["line"], p["column"]): p["reason"] for p in report["problems"]}
    assert reasons[(2, "currency")] == "HARBOUR  tower lets in HKD in TenantCRM"
    assert reasons[(2, "floor")] == "is 11 in TenantCRM"
    assert reasons[(4, "industry")] == "is consulting in TenantCRM"


async def test_bad_uploads_are_refused_clearly(client: httpx.AsyncClient) -> None:
    missing = await client.post(URL, files={"other": ("x.csv", b"a,b")})
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"field": "file", "message": "upload the rent roll (.xlsx or .csv)"}
    ]
    for not_a_file in ({"data": {"file": "text"}}, {"json": {"file": "x"}}):
        refused = await client.post(URL, **not_a_file)
        assert refused.status_code == 400
        assert refused.headers["content-type"].startswith("application/problem+json")
    # Binary bytes in a form field that is not a file (no filename) cannot be read as text.
    binary_field = await client.post(
        URL, files={"file": (None, b"\x89PNG\r\n\x1a\n\x00")}, params={"dry_run": "true"}
    )
    assert binary_field.status_code == 400
    assert "not valid UTF-8" in binary_field.json()["detail"]
    old_excel = await upload(client, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "roll.xls", dry_run="true")
    assert old_excel.status_code == 200
    (problem,) = old_excel.json()["problems"]
    assert problem["line"] == 0
    assert ".xls" in problem["reason"]
    broken = await upload(client, b"PK\x03\x04 not a zip", "roll.xlsx", dry_run="true")
    assert "damaged" in broken.json()["problems"][0]["reason"]


async def test_the_template_downloads(client: httpx.AsyncClient) -> None:
    xlsx = await client.get(f"{URL}/template.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"] == XLSX_TYPE
    assert xlsx.content.startswith(b"PK")
    csv = await client.get(f"{URL}/template.csv")
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.content.startswith("\ufeffbuilding,unit,floor,area,tenant".encode())
    report = (await upload(client, csv.content, dry_run="true")).json()
    assert report["rows"] == 0
    assert [p["reason"] for p in report["problems"]] == [
        "no lines under the header: nothing to import"
    ]
