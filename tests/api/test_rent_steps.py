"""Rent steps and schedules: CRUD of steps, hand-checked schedules, and exact money end to end."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import money, problem

MISSING = str(uuid4())


@pytest.fixture
async def lease(client: AsyncClient) -> dict[str, Any]:
    """2025-01-01 to 2027-12-31 at 10,000.00 a month, no steps yet."""
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    return await make.lease(client, tenant["id"], [unit["id"]])


async def current_rent(client: AsyncClient, lease_id: str) -> str | None:
    rent: str | None = (await client.get(f"/api/leases/{lease_id}")).json()["current_rent"]
    return rent


async def test_rent_step_crud(client: AsyncClient, lease: dict[str, Any]) -> None:
    steps_url = f"/api/leases/{lease['id']}/rent-steps"
    response = await client.post(
        steps_url,
        json={"kind": "fixed", "effective": "2026-03-01", "amount": "12000", "note": "year 2"},
    )
    assert response.status_code == 201, response.text
    fixed = response.json()
    assert (fixed["lease"], fixed["kind"], fixed["effective"]) == (
        lease["id"],
        "fixed",
        "2026-03-01",
    )
    assert (fixed["amount"], fixed["percent"], fixed["note"], fixed["version"]) == (
        "12000.00",
        None,
        "year 2",
        1,
    )
    assert await current_rent(client, lease["id"]) == "12000.00"

    response = await client.post(
        steps_url, json={"kind": "percent", "effective": "2027-01-01", "percent": "3"}
    )
    assert response.status_code == 201, response.text
    percent = response.json()
    assert percent["percent"] == "3.00"
    assert [s["id"] for s in (await client.get(steps_url)).json()] == [fixed["id"], percent["id"]]
    schedule = (await client.get(f"/api/leases/{lease['id']}/schedule")).json()
    assert schedule["next_change"] == {
        "effective": "2027-01-01",
        "monthly_rent": "12360.00",  # 12,000.00 * 1.03
        "kind": "percent",
    }

    step_url = f"/api/rent-steps/{fixed['id']}"
    response = await client.patch(step_url, json={"amount": "12500.00", "version": 1})
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["amount"], changed["effective"], changed["note"], changed["version"]) == (
        "12500.00",
        "2026-03-01",
        "year 2",
        2,
    )
    assert await current_rent(client, lease["id"]) == "12500.00"
    problem(await client.patch(step_url, json={"amount": "1.00", "version": 1}), 409)

    response = await client.patch(
        step_url,
        json={"kind": "percent", "percent": "5", "amount": None, "version": 2},
    )
    assert response.status_code == 200, response.text
    assert (response.json()["kind"], response.json()["amount"]) == ("percent", None)
    assert await current_rent(client, lease["id"]) == "10500.00"

    problem(await client.delete(step_url, params={"version": 2}), 409)
    assert (await client.delete(step_url, params={"version": 3})).status_code == 204
    assert [s["id"] for s in (await client.get(steps_url)).json()] == [percent["id"]]
    assert await current_rent(client, lease["id"]) == "10000.00"
    problem(await client.delete(step_url, params={"version": 3}), 404)


async def test_rent_step_checks(client: AsyncClient, lease: dict[str, Any]) -> None:
    steps_url = f"/api/leases/{lease['id']}/rent-steps"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "fixed", "effective": "2028-01-01", "amount": "1.00"}, "effective"),
        ({"kind": "fixed", "effective": "2024-12-31", "amount": "1.00"}, "effective"),
        ({"kind": "fixed", "effective": "2026-01-01"}, "amount"),
        ({"kind": "fixed", "effective": "2026-01-01", "amount": "-1.00"}, "amount"),
        ({"kind": "fixed", "effective": "2026-01-01", "amount": "1.005"}, "amount"),
        ({"kind": "percent", "effective": "2026-01-01"}, "percent"),
        ({"kind": "percent", "effective": "2026-01-01", "percent": "-100"}, "percent"),
        ({"kind": "percent", "effective": "2026-01-01", "percent": "2.125"}, "percent"),
        (
            {"kind": "fixed", "effective": "2026-01-01", "amount": "1", "every_months": 12},
            "every_months",
        ),
        ({"kind": "free", "effective": "2026-01-01"}, "months"),
        ({"kind": "free", "effective": "2026-01-01", "months": 0}, "months"),
        ({"kind": "rebate", "effective": "2026-01-01"}, "kind"),
        ({"kind": "fixed", "effective": "2026-02-29", "amount": "1.00"}, "effective"),
    ]
    for step, field in cases:
        problem(await client.post(steps_url, json=step), 422, field)
    assert (await client.get(steps_url)).json() == []

    step = (
        await client.post(steps_url, json={"kind": "free", "effective": "2025-01-01", "months": 2})
    ).json()
    problem(
        await client.patch(
            f"/api/rent-steps/{step['id']}", json={"effective": "2030-01-01", "version": 1}
        ),
        422,
        "effective",
    )
    assert (await client.get(steps_url)).json() == [step]


async def test_unknown_lease_or_step_is_404(client: AsyncClient) -> None:
    step = {"kind": "fixed", "effective": "2026-01-01", "amount": "1.00"}
    problem(await client.post(f"/api/leases/{MISSING}/rent-steps", json=step), 404)
    problem(await client.patch(f"/api/rent-steps/{MISSING}", json={"note": "x", "version": 1}), 404)
    problem(await client.delete(f"/api/rent-steps/{MISSING}", params={"version": 1}), 404)


# --- schedules ----------------------------------------------------------------------------


async def make_lease(client: AsyncClient, **terms: Any) -> dict[str, Any]:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    return await make.lease(client, tenant["id"], [unit["id"]], **terms)


async def schedule_of(client: AsyncClient, lease_id: str, **params: Any) -> dict[str, Any]:
    response = await client.get(f"/api/leases/{lease_id}/schedule", params=params)
    assert response.status_code == 200, response.text
    schedule: dict[str, Any] = response.json()
    return schedule


async def test_schedule_with_free_month_and_fixed_step(client: AsyncClient) -> None:
    lease = await make_lease(
        client,
        start_date="2026-01-01",
        end_date="2026-06-30",
        base_rent="10000.00",
        incentive="6000.00",
        rent_steps=[
            {"kind": "free", "effective": "2026-01-01", "months": 1},
            {"kind": "fixed", "effective": "2026-04-01", "amount": "12000.00"},
        ],
    )
    schedule = await schedule_of(client, lease["id"])
    assert (schedule["lease"], schedule["currency"], schedule["on"]) == (
        lease["id"],
        "CNY",
        "2026-03-15",
    )
    assert schedule["current_rent"] == "10000.00"
    assert schedule["next_change"] == {
        "effective": "2026-04-01",
        "monthly_rent": "12000.00",
        "kind": "fixed",
    }
    lines = [
        (
            line["number"],
            line["start"],
            line["end"],
            line["monthly_rent"],
            line["rent"],
            line["free"],
            line["due"],
        )
        for line in schedule["lines"]
    ]
    assert lines == [
        (1, "2026-01-01", "2026-01-31", "10000.00", "10000.00", "10000.00", "0.00"),
        (2, "2026-02-01", "2026-02-28", "10000.00", "10000.00", "0.00", "10000.00"),
        (3, "2026-03-01", "2026-03-31", "10000.00", "10000.00", "0.00", "10000.00"),
        (4, "2026-04-01", "2026-04-30", "12000.00", "12000.00", "0.00", "12000.00"),
        (5, "2026-05-01", "2026-05-31", "12000.00", "12000.00", "0.00", "12000.00"),
        (6, "2026-06-01", "2026-06-30", "12000.00", "12000.00", "0.00", "12000.00"),
    ]
    # gross 3 * 10,000 + 3 * 12,000; one month free; NER (56,000 - 6,000) / 6
    assert schedule["summary"] == {
        "months": "6.0000",
        "gross_rent": "66000.00",
        "free_rent": "10000.00",
        "concessions": "0.00",
        "total_rent": "56000.00",
        "average_monthly_rent": "11000.00",
        "net_effective_rent": "8333.33",
    }
    later = await schedule_of(client, lease["id"], on="2026-05-10")
    assert (later["on"], later["current_rent"], later["next_change"]) == (
        "2026-05-10",
        "12000.00",
        None,
    )


async def test_schedule_prorates_part_months(client: AsyncClient) -> None:
    lease = await make_lease(
        client,
        start_date="2026-01-15",
        end_date="2026-03-20",
        base_rent="3100.00",
        rent_steps=[{"kind": "fixed", "effective": "2026-02-01", "amount": "6200.00"}],
    )
    schedule = await schedule_of(client, lease["id"])
    lines = [
        (line["start"], line["end"], line["monthly_rent"], line["rent"])
        for line in schedule["lines"]
    ]
    assert lines == [
        # 17 days at 3,100 and 14 at 6,200 of a 31-day period: 139,500 / 31
        ("2026-01-15", "2026-02-14", "3100.00", "4500.00"),
        ("2026-02-15", "2026-03-14", "6200.00", "6200.00"),
        # 6 of the 31 days from 15 March to 14 April: 6,200 * 6 / 31
        ("2026-03-15", "2026-03-20", "6200.00", "1200.00"),
    ]
    summary = schedule["summary"]
    # 2 + 6/31 months; 11,900 over 68/31 months is 5,425 exactly
    assert (summary["months"], summary["gross_rent"], summary["total_rent"]) == (
        "2.1935",
        "11900.00",
        "11900.00",
    )
    assert summary["average_monthly_rent"] == summary["net_effective_rent"] == "5425.00"


async def test_money_round_trip_to_the_cent(client: AsyncClient) -> None:
    steps = [
        {"kind": "free", "effective": "2026-01-01", "months": 3},
        {"kind": "percent", "effective": "2027-01-01", "percent": "3.5", "every_months": 12},
        {"kind": "fixed", "effective": "2030-07-15", "amount": "1500000.00"},
        {"kind": "percent", "effective": "2031-01-01", "percent": "2.75"},
        {"kind": "amount", "effective": "2032-03-10", "amount": "-1234.56", "every_months": 6},
        {"kind": "free", "effective": "2033-02-20", "months": 1},
        {"kind": "percent", "effective": "2034-05-17", "percent": "-7.33"},
        {"kind": "amount", "effective": "2035-11-30", "amount": "0.01"},
    ]
    lease = await make_lease(
        client,
        start_date="2026-01-01",
        end_date="2035-12-31",
        base_rent="1234567.89",
        deposit="3703703.67",
        incentive="987654.32",
        rent_steps=steps,
    )
    assert (lease["base_rent"], lease["deposit"], lease["incentive"]) == (
        "1234567.89",
        "3703703.67",
        "987654.32",
    )
    stored = sorted(lease["rent_steps"], key=lambda s: s["effective"])
    assert [s["amount"] for s in stored] == [
        None,
        None,
        "1500000.00",
        None,
        "-1234.56",
        None,
        None,
        "0.01",
    ]
    assert [s["percent"] for s in stored] == [None, "3.50", None, "2.75", None, None, "-7.33", None]

    schedule = await schedule_of(client, lease["id"])
    lines = schedule["lines"]
    assert len(lines) == 120
    assert lines[0]["start"] == "2026-01-01"
    assert lines[-1]["end"] == "2035-12-31"
    for before, after in pairwise(lines):
        gap = date.fromisoformat(after["start"]) - date.fromisoformat(before["end"])
        assert gap == timedelta(days=1), (before, after)
    # the first three months are free; then the first 3.5 % rise: 1,234,567.89 * 1.035
    assert (lines[0]["rent"], lines[0]["free"], lines[0]["due"]) == (
        "1234567.89",
        "1234567.89",
        "0.00",
    )
    assert lines[3]["due"] == "1234567.89"
    assert lines[12]["monthly_rent"] == "1277777.77"  # 1,277,777.76615 rounded half up

    for line in lines:
        rent, free, due = money(line["rent"]), money(line["free"]), money(line["due"])
        money(line["monthly_rent"])
        assert due == rent - free
        assert Decimal(0) <= free <= rent
    summary = schedule["summary"]
    gross = sum((money(line["rent"]) for line in lines), Decimal(0))
    free = sum((money(line["free"]) for line in lines), Decimal(0))
    due = sum((money(line["due"]) for line in lines), Decimal(0))
    assert money(summary["gross_rent"]) == gross
    assert money(summary["free_rent"]) == free
    assert money(summary["total_rent"]) == due == gross - free
    for name in ["average_monthly_rent", "net_effective_rent"]:
        money(summary[name])
    assert summary["months"] == "120.0000"


async def test_largest_amounts_survive_exactly(client: AsyncClient) -> None:
    lease = await make_lease(
        client,
        start_date="2026-01-01",
        end_date="2026-12-31",
        base_rent="9999999999999.99",
        deposit="9999999999999.99",
        rent_steps=[{"kind": "percent", "effective": "2026-07-01", "percent": "10"}],
    )
    assert (lease["base_rent"], lease["deposit"]) == ("9999999999999.99", "9999999999999.99")
    schedule = await schedule_of(client, lease["id"])
    # 9,999,999,999,999.99 * 1.1 = 10,999,999,999,999.989, rounded half up
    assert schedule["lines"][6]["monthly_rent"] == "10999999999999.99"
    # 6 * 9,999,999,999,999.99 + 6 * 10,999,999,999,999.99
    assert schedule["summary"]["total_rent"] == "125999999999999.88"
    too_big = {"kind": "fixed", "effective": "2026-02-01", "amount": "99999999999999.99"}
    problem(await client.post(f"/api/leases/{lease['id']}/rent-steps", json=too_big), 422, "amount")


async def test_no_amount_travels_as_a_json_number(client: AsyncClient) -> None:
    """Every amount, area and share in the responses is a string: no JSON number has a fraction."""
    lease = await make_lease(
        client,
        base_rent="8888.88",
        deposit="17777.76",
        rent_steps=[
            {"kind": "percent", "effective": "2026-01-01", "percent": "2.5"},
            {"kind": "free", "effective": "2025-01-01", "months": 1},
        ],
    )

    def numbers(node: object) -> list[object]:
        if isinstance(node, dict):
            return [n for value in node.values() for n in numbers(value)]
        if isinstance(node, list):
            return [n for value in node for n in numbers(value)]
        return [node] if isinstance(node, float) else []

    for url in [
        f"/api/leases/{lease['id']}",
        f"/api/leases/{lease['id']}/schedule",
        f"/api/leases/{lease['id']}/rent-steps",
        f"/api/tenants/{lease['tenant']}/view",
        f"/api/buildings/{lease['building']}/occupancy",
        f"/api/units?building={lease['building']}",
        "/api/leases",
    ]:
        response = await client.get(url)
        assert response.status_code == 200, response.text
        assert numbers(response.json()) == [], url
    view = (await client.get(f"/api/tenants/{lease['tenant']}/view")).json()
    assert view["current_rent"] == [
        {"currency": "CNY", "monthly_rent": "9111.10"}
    ]  # 8,888.88 * 1.025 = 9,111.102
