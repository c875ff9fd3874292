"""Lease options and critical dates: of one lease, and across the portfolio within a window.

Today is 2026-03-15 in every API test.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import problem

MISSING = str(uuid4())


async def add_option(client: AsyncClient, lease_id: str, **body: Any) -> dict[str, Any]:
    return await make.created(client, f"/api/leases/{lease_id}/options", body)


@pytest.fixture
async def portfolio(client: AsyncClient) -> dict[str, Any]:
    """Lease A (notice 6 months, steps, a break and a renewal option) in one tower; lease B,
    whose notice deadline is today, in another; and leases that have no date ahead."""
    tower = await make.building(client, name="Tower")
    annex = await make.building(client, name="Annex")
    alpha = await make.tenant(client, name="Alpha Ltd")
    beta = await make.tenant(client, name="Beta Co")
    a = await make.lease(
        client,
        alpha["id"],
        [(await make.unit(client, tower["id"]))["id"]],
        start_date="2025-01-01",
        end_date="2027-12-31",
        notice_months=6,
        base_rent="10000.00",
        rent_steps=[
            {"kind": "fixed", "effective": "2026-07-01", "amount": "10500.00"},
            {"kind": "percent", "effective": "2027-01-01", "percent": "3.00", "every_months": 12},
        ],
    )
    brk = await add_option(
        client, a["id"], kind="break", opens="2026-04-01", closes="2026-06-30", note="Group"
    )
    renew = await add_option(client, a["id"], kind="renew", opens="2027-01-01", closes="2027-06-30")
    # B: expires 2026-09-15; 6 months of notice put its deadline on today, 2026-03-15.
    b = await make.lease(
        client,
        beta["id"],
        [(await make.unit(client, annex["id"]))["id"]],
        start_date="2024-09-16",
        end_date="2026-09-15",
        notice_months=6,
    )
    # Nothing ahead: a draft, an ended lease, one that expired, one that starts in 2031.
    for status, start, end in [
        ("draft", "2025-05-01", "2026-04-30"),
        ("ended", "2023-01-01", "2026-05-31"),
        ("active", "2024-02-01", "2026-01-31"),
        ("active", "2031-01-01", "2033-12-31"),
    ]:
        await make.lease(
            client,
            beta["id"],
            [(await make.unit(client, tower["id"]))["id"]],
            start_date=start,
            end_date=end,
            status=status,
        )
    return {"tower": tower, "annex": annex, "a": a, "b": b, "break": brk, "renew": renew}


def brief(items: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [(d["day"], d["kind"], d["option_kind"]) for d in items]


async def test_critical_dates_of_a_lease(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    a = portfolio["a"]
    response = await client.get(f"/api/leases/{a['id']}/critical-dates")
    assert response.status_code == 200, response.text
    dates = response.json()
    # Notice deadline: 2027-12-31 less 6 months = 2027-06-30. The percent step raises
    # 10,500 by 3 % to 10,815.00 on 2027-01-01; its next yearly rise (2028) is after expiry.
    # On one day: expiry, notice deadline, rent step, option opens, option closes.
    assert brief(dates) == [
        ("2026-04-01", "option_opens", "break"),
        ("2026-06-30", "option_closes", "break"),
        ("2026-07-01", "rent_step", None),
        ("2027-01-01", "rent_step", None),
        ("2027-01-01", "option_opens", "renew"),
        ("2027-06-30", "notice_deadline", None),
        ("2027-06-30", "option_closes", "renew"),
        ("2027-12-31", "expiry", None),
    ]
    labels = [d["label"] for d in dates]
    assert labels[0] == "Break option opens: Group"
    assert labels[2] == "Rent becomes 10,500.00 a month"
    assert labels[3] == "Rent becomes 10,815.00 a month"
    assert labels[5] == "Last day to give notice (6 months before expiry)"
    assert all(
        (d["lease"], d["tenant_name"], d["building_name"]) == (a["id"], "Alpha Ltd", "Tower")
        for d in dates
    )

    # Within 120 days of today (to 2026-07-13); and from another day.
    response = await client.get(f"/api/leases/{a['id']}/critical-dates", params={"within": 120})
    assert [d["day"] for d in response.json()] == ["2026-04-01", "2026-06-30", "2026-07-01"]
    response = await client.get(
        f"/api/leases/{a['id']}/critical-dates", params={"on": "2027-07-01"}
    )
    assert brief(response.json()) == [("2027-12-31", "expiry", None)]
    problem(await client.get(f"/api/leases/{MISSING}/critical-dates"), 404)


async def test_a_shorter_notice_moves_the_deadline(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    a = portfolio["a"]
    response = await client.patch(
        f"/api/leases/{a['id']}", json={"notice_months": 3, "version": a["version"]}
    )
    assert response.status_code == 200, response.text
    dates = (await client.get(f"/api/leases/{a['id']}/critical-dates")).json()
    # 2027-12-31 less 3 months = 2027-09-30
    assert [d["day"] for d in dates if d["kind"] == "notice_deadline"] == ["2027-09-30"]


async def test_portfolio_dates_within_a_window(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    a, b = portfolio["a"]["id"], portfolio["b"]["id"]

    async def listed(**params: Any) -> dict[str, Any]:
        response = await client.get("/api/critical-dates", params=params)
        assert response.status_code == 200, response.text
        page: dict[str, Any] = response.json()
        return page

    # within=0: only today, B's notice deadline.
    today = await listed(within=0)
    assert [(d["day"], d["kind"], d["lease"]) for d in today["items"]] == [
        ("2026-03-15", "notice_deadline", b)
    ]
    # 90 days, to 2026-06-13 (also the default window).
    page = await listed(within=90)
    assert [(d["day"], d["kind"], d["lease"]) for d in page["items"]] == [
        ("2026-03-15", "notice_deadline", b),
        ("2026-04-01", "option_opens", a),
    ]
    assert page["total"] == 2
    assert (await listed())["items"] == page["items"]
    # 200 days, to 2026-10-01: A's break closes, its rent step, then B expires.
    page = await listed(within=200)
    assert [(d["day"], d["kind"], d["lease"]) for d in page["items"]] == [
        ("2026-03-15", "notice_deadline", b),
        ("2026-04-01", "option_opens", a),
        ("2026-06-30", "option_closes", a),
        ("2026-07-01", "rent_step", a),
        ("2026-09-15", "expiry", b),
    ]
    assert page["items"][3]["label"] == "Rent becomes 10,500.00 a month"
    assert [d["tenant_name"] for d in page["items"]][:2] == ["Beta Co", "Alpha Ltd"]

    assert [d["lease"] for d in (await listed(within=200, kind="expiry"))["items"]] == [b]
    assert brief((await listed(within=200, kind="option_opens"))["items"]) == [
        ("2026-04-01", "option_opens", "break")
    ]
    assert brief((await listed(within=200, kind="rent_step"))["items"]) == [
        ("2026-07-01", "rent_step", None)
    ]
    by_tower = await listed(within=200, building=portfolio["tower"]["id"])
    assert {d["lease"] for d in by_tower["items"]} == {a}
    assert by_tower["total"] == 3
    second = await listed(within=200, limit=2, offset=2)
    assert [d["day"] for d in second["items"]] == ["2026-06-30", "2026-07-01"]
    assert (second["total"], second["limit"], second["offset"]) == (5, 2, 2)
    # Far enough ahead to reach the lease that starts in 2031: its notice deadline
    # (2033-12-31 less 6 months = 2033-06-30) is 2664 days away.
    far = await listed(within=2664, kind="notice_deadline")
    assert [d["day"] for d in far["items"]][-1] == "2033-06-30"
    nearly = await listed(within=2663, kind="notice_deadline")
    assert [d["day"] for d in nearly["items"]][-1] == "2027-06-30"  # lease A's

    problem(await client.get("/api/critical-dates", params={"within": -1}), 422, "within")
    problem(await client.get("/api/critical-dates", params={"kind": "birthday"}), 422, "kind")


async def test_only_active_leases_count(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    """Only active leases count: when B's tenant moves out its dates leave the list."""
    b = portfolio["b"]
    response = await client.post(
        "/api/move-outs", json={"lease": b["id"], "day": "2026-03-10", "reason": "bankruptcy"}
    )
    assert response.status_code == 201, response.text
    page = (await client.get("/api/critical-dates", params={"within": 200})).json()
    assert b["id"] not in {d["lease"] for d in page["items"]}
    assert page["total"] == 3


async def test_lease_option_crud(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    a, brk = portfolio["a"], portfolio["break"]
    assert (brk["kind"], brk["opens"], brk["closes"], brk["note"], brk["version"]) == (
        "break",
        "2026-04-01",
        "2026-06-30",
        "Group",
        1,
    )
    assert brk["lease"] == a["id"]
    listed = (await client.get(f"/api/leases/{a['id']}/options")).json()
    assert [o["kind"] for o in listed] == ["break", "renew"], "by opening day"
    assert (await client.get(f"/api/lease-options/{brk['id']}")).json() == brk

    url = f"/api/lease-options/{brk['id']}"
    problem(await client.patch(url, json={"closes": "2026-05-31"}), 428)
    response = await client.patch(url, json={"closes": "2026-05-31", "version": 1})
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["closes"], changed["opens"], changed["version"]) == (
        "2026-05-31",
        "2026-04-01",
        2,
    )
    problem(await client.patch(url, json={"note": "x", "version": 1}), 409)
    dates = (await client.get(f"/api/leases/{a['id']}/critical-dates")).json()
    assert ("2026-05-31", "option_closes", "break") in brief(dates)

    problem(await client.delete(url, params={"version": 1}), 409)
    response = await client.delete(url, headers={"If-Match": "2"})
    assert response.status_code == 204, response.text
    problem(await client.get(url), 404)
    assert [o["kind"] for o in (await client.get(f"/api/leases/{a['id']}/options")).json()] == [
        "renew"
    ]


async def test_lease_option_checks(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    a = portfolio["a"]
    url = f"/api/leases/{a['id']}/options"
    # outside the term (2025-01-01 to 2027-12-31), and closing before it opens
    response = await client.post(
        url, json={"kind": "expand", "opens": "2024-12-31", "closes": "2028-01-01"}
    )
    problem(response, 422, "opens", "closes")
    response = await client.post(
        url, json={"kind": "contract", "opens": "2026-06-01", "closes": "2026-05-01"}
    )
    problem(response, 422, "closes")
    response = await client.post(url, json={"kind": "sublet", "opens": "2026-06-01"})
    problem(response, 422, "kind", "closes")
    problem(
        await client.post(
            f"/api/leases/{MISSING}/options",
            json={"kind": "renew", "opens": "2026-06-01", "closes": "2026-07-01"},
        ),
        404,
    )
    response = await client.patch(
        f"/api/lease-options/{portfolio['renew']['id']}",
        json={"opens": "2027-07-01", "version": 1},
    )
    problem(response, 422, "closes")
    problem(await client.patch(f"/api/lease-options/{MISSING}", json={"version": 1}), 404)
    problem(await client.get(f"/api/leases/{MISSING}/options"), 404)
    assert len((await client.get(url)).json()) == 2


async def test_a_notice_deadline_before_the_lease_starts_is_listed(client: AsyncClient) -> None:
    """A short lease signed ahead with a long notice period: its deadline comes first."""
    building = await make.building(client)
    tenant = await make.tenant(client)
    lease = await make.lease(
        client,
        tenant["id"],
        [(await make.unit(client, building["id"]))["id"]],
        start_date="2026-09-01",
        end_date="2027-02-28",
        notice_months=9,
    )
    # 2027-02-28 less 9 months = 2026-05-28, inside 90 days of 2026-03-15 (to 2026-06-13),
    # although the lease starts after that.
    page = (await client.get("/api/critical-dates", params={"within": 90})).json()
    assert [(d["day"], d["kind"], d["lease"]) for d in page["items"]] == [
        ("2026-05-28", "notice_deadline", lease["id"])
    ]


async def test_a_recurring_step_counts_from_its_first_day(client: AsyncClient) -> None:
    """A rise every 6 months from 31 Aug 2025 falls on 28 Feb and 31 Aug: the one ahead is
    listed with the rent all earlier rises made."""
    building = await make.building(client)
    tenant = await make.tenant(client)
    lease = await make.lease(
        client,
        tenant["id"],
        [(await make.unit(client, building["id"]))["id"]],
        start_date="2025-01-01",
        end_date="2028-12-31",
        rent_steps=[
            {"kind": "percent", "effective": "2025-08-31", "percent": "2.00", "every_months": 6}
        ],
    )
    params = {"kind": "rent_step"}
    # to 2026-04-14: the rises of 2025-08-31 and 2026-02-28 are past, the next is 2026-08-31
    assert (await client.get("/api/critical-dates", params={**params, "within": 30})).json()[
        "items"
    ] == []
    # to 2026-09-01: 10,000 x 1.02 = 10,200; x 1.02 = 10,404; x 1.02 = 10,612.08 on 2026-08-31
    page = (await client.get("/api/critical-dates", params={**params, "within": 170})).json()
    assert [(d["day"], d["label"], d["lease"]) for d in page["items"]] == [
        ("2026-08-31", "Rent becomes 10,612.08 a month", lease["id"])
    ]
