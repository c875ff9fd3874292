"""The owner report: its figures are the API's, Chinese names print, big rent rolls paginate."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx import AsyncClient

from tenantcrm.auth import service as users
from tests.api import factories as make
from tests.reports.conftest import pdf_pages, pdf_text

STAR = "星河科技有限公司"


def percent(value: str | None) -> str:
    return "\u2013" if value is None else f"{Decimal(value) * 100:.1f} %"


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """Harbour Tower (CNY), five units; today is 2026-03-15, the report is for 2026-Q1.

    Alder (A, 2024..2027) stays; 星河科技 (B, 2025..2028) stays; Birch (C) moves out on
    2026-02-28 for bankruptcy (hard); Cedar (D) on 2026-03-10 for the rent level (soft);
    unit E is vacant.
    """
    building = await make.building(client, name="Harbour Tower", currency="CNY")
    units = {
        code: await make.unit(client, building["id"], code=code, area=area, floor=floor)
        for code, area, floor in [
            ("A", "300.00", 10),
            ("B", "200.00", 11),
            ("C", "150.00", 12),
            ("D", "100.00", 12),
            ("E", "50.00", 12),
        ]
    }
    names = {"A": "Alder Capital", "B": STAR, "C": "Birch Labs", "D": "Cedar Media"}
    leases = {}
    for code, name in names.items():
        tenant = await make.tenant(client, name=name)
        leases[code] = await make.lease(
            client,
            tenant["id"],
            [units[code]["id"]],
            start_date="2024-01-01" if code != "B" else "2025-01-01",
            end_date="2027-12-31" if code != "B" else "2028-12-31",
            base_rent=str(Decimal(units[code]["area"]) * 30),
        )
    for code, day, reason in [("C", "2026-02-28", "bankruptcy"), ("D", "2026-03-10", "rent_level")]:
        body = {"lease": leases[code]["id"], "day": day, "reason": reason}
        await make.created(client, "/api/move-outs", body)
    return {"building": building, "leases": leases}


async def report(client: AsyncClient, building: str, period: str) -> httpx.Response:
    return await client.get("/api/reports/owner", params={"building": building, "period": period})


async def test_the_report_prints_the_apis_figures(
    client: AsyncClient, site: dict[str, Any], tmp_path: Path
) -> None:
    building = site["building"]["id"]
    response = await report(client, building, "2026-Q1")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pages = pdf_text(response.content, tmp_path)
    text = "\n".join(pages)
    assert "No benefit is in force." in text

    occupancy = (await client.get(f"/api/buildings/{building}/occupancy")).json()
    churn = (
        await client.get(
            "/api/analytics/churn",
            params={"from": "2026-01-01", "to": "2026-03-15", "building": building},
        )
    ).json()
    # Let on 2026-03-15: A 300 + B 200 of 800 lettable = 62.5 %.
    assert occupancy["occupancy_rate"] == "0.6250"
    assert "62.5 %" in text
    hard, soft = churn["hard"], churn["soft"]
    assert (hard["count"], hard["area"], soft["count"], soft["area"]) == (1, "150.00", 1, "100.00")
    assert re.search(r"Hard churn\s+1\s+150\.00\s+54,000\.00", text)  # 150 x 30 x 12
    assert re.search(r"Soft churn\s+1\s+100\.00\s+36,000\.00", text)
    assert f"{percent(hard['rate_by_count'])}" in text  # 1 of 4 tenants: 25.0 %
    assert "Rent level" in text
    assert STAR in text, "a Chinese tenant name prints"
    # The rent roll on 2026-03-15: A 9,000.00 + B 6,000.00 a month.
    assert re.search(r"2 leases\s+500\.00\s+15,000\.00\s+180,000\.00", text)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert all("Harbour Tower" in page and "Q1 2026" in page for page in pages)


async def test_a_large_rent_roll_runs_over_pages_with_its_header(
    client: AsyncClient, tmp_path: Path
) -> None:
    building = await make.building(client, name="Big Tower")
    count = 120
    for n in range(count):
        unit = await make.unit(client, building["id"], code=f"U{n:03d}", floor=1 + n // 10)
        tenant = await make.tenant(client, name=f"Tenant {n:03d} 租户")
        await make.lease(client, tenant["id"], [unit["id"]])
    response = await report(client, building["id"], "2026-03")
    assert response.status_code == 200, response.text
    pages = pdf_text(response.content, tmp_path)
    assert len(pages) == pdf_pages(response.content, tmp_path)
    roll = [page for page in pages if re.search(r"Tenant \d{3} 租户", page)]
    # 120 rows of about 5.5 mm on A4 less margins (about 45 a page) need 3 pages or more.
    assert len(roll) >= 3
    assert all(re.search(r"Tenant\s+Lease from\s+Expires", page) for page in roll)
    printed = {int(m) for page in roll for m in re.findall(r"Tenant (\d{3}) 租户", page)}
    assert printed == set(range(count))
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


async def test_owners_read_only_their_buildings_reports(
    client: AsyncClient, site: dict[str, Any], transport: httpx.ASGITransport
) -> None:
    other = await make.building(client, name="Other Tower")
    owner = await make.user(client, role="owner")
    await users.grant_buildings(owner["id"], [site["building"]["id"]])
    token = await users.create_token(owner["username"])
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers
    ) as as_owner:
        assert (await report(as_owner, site["building"]["id"], "2026-Q1")).status_code == 200
        assert (await report(as_owner, other["id"], "2026-Q1")).status_code == 403


async def test_a_bad_period_names_the_field(client: AsyncClient, site: dict[str, Any]) -> None:
    response = await report(client, site["building"]["id"], "2026-Q5")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["period"]


async def test_anchor_benefits_print_with_their_cost(
    client: AsyncClient, site: dict[str, Any], tmp_path: Path
) -> None:
    building = site["building"]["id"]
    alder = site["leases"]["A"]["tenant"]
    patch = {"is_anchor": True, "anchor_category": "fortune_global_500", "version": 1}
    assert (await client.patch(f"/api/tenants/{alder}", json=patch)).status_code == 200
    grant = {
        "tenant": alder,
        "kind": "butler_service",
        "building": building,
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "annual_cost": "24000.00",
    }
    await make.created(client, "/api/benefits", grant)
    summary = (
        await client.get("/api/benefits/summary", params={"building": building, "on": "2026-03-15"})
    ).json()
    [figures] = summary["by_currency"]
    # 24,000.00 a year against Alder's 9,000.00 x 12 = 108,000.00: 22.22 %.
    assert (figures["annual_cost"], figures["cost_share"]) == ("24000.00", "22.22")
    text = "\n".join(pdf_text((await report(client, building, "2026-Q1")).content, tmp_path))
    assert "1 benefit in force cost 24,000.00 CNY a year, 22.22 %" in text
    assert "Butler" in text
