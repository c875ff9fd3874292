"""Churn, the lease expiry schedule and occupancy over time of a small portfolio counted by hand.

The portfolio ("today" is 2026-03-15; every amount in CNY; monthly rents):

North: N1 100.00, N2 200.00, N3 150.00, N4 50.00, N5 40.00 (N5 never let)   lettable 540
South: S1 300.00, S2 120.00, S3 80.00, S4 60.00                               lettable 560

  A1 Alder   N1+N4  2023-01-01..2025-08-31  10,500   renewed by A2
  A2 Alder   N1+N4  2025-09-01..2027-08-31  12,000   contraction: N4 given back from 2025-12-01
                                                     (rent 12,000 x 100/150 = 8,000 from then)
  B1 Birch   N2     2024-01-01..2026-12-31  15,000   moved out 2025-09-30, bankruptcy (hard)
  C1 Cedar   N3     2024-07-01..2027-06-30   9,000 -> 9,600 from 2025-07-01
                                                     moved out 2025-11-30, rent level (soft)
  D1 Dogwood S1     2022-01-01..2025-10-31  20,000   expansion: S4 from 2025-08-01
                                                     (rent 20,000 x 360/300 = 24,000 from then)
                                                     renewed by D2
  D2 Dogwood S1+S4  2025-11-01..2030-10-31  25,000 -> 26,000 from 2026-01-01
  E1 Elm     S2     2023-04-01..2026-03-31   8,000   moved out 2025-12-31, competitor offer (soft)
  G  Elm     S3     2022-08-01..2025-07-31   4,000   ended at expiry, no move-out recorded
  F1 Fir     S3     2025-08-15..2028-08-14   5,000
  H  Fir     N2     2026-06-01..2031-05-31  14,000   signed, not begun
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import problem

MISSING = str(uuid4())
H2_2025 = {"from": "2025-07-01", "to": "2025-12-31"}
Q4_2025 = {"from": "2025-10-01", "to": "2025-12-31"}
ZERO_CLASS = {
    "count": 0,
    "area": "0.00",
    "annual_rent": "0.00",
    "rate_by_count": "0.0000",
    "rate_by_area": "0.0000",
    "rate_by_rent": "0.0000",
}


async def ok(client: AsyncClient, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    response = await client.request(method, url, **kwargs)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


async def space_change(
    client: AsyncClient, lease: dict[str, Any], kind: str, unit: dict[str, Any], day: str
) -> None:
    """An expansion or contraction of ``lease`` by ``unit`` from ``day``, taken all the way."""
    request = await make.created(
        client,
        "/api/space-requests",
        {
            "tenant": lease["tenant"],
            "lease": lease["id"],
            "kind": kind,
            "desired_area": unit["area"],
            "desired_date": day,
        },
    )
    url = f"/api/space-requests/{request['id']}/transitions"
    await ok(client, "POST", url, json={"to": "evaluating"})
    await ok(client, "POST", url, json={"to": "offered", "units": [unit["id"]]})
    await ok(client, "POST", url, json={"to": "accepted"})
    await ok(client, "POST", url, json={"to": "executed", "effective_date": day})


async def moved_out(client: AsyncClient, lease: dict[str, Any], day: str, reason: str) -> None:
    await ok(
        client, "POST", "/api/move-outs", json={"lease": lease["id"], "day": day, "reason": reason}
    )


@pytest.fixture
async def portfolio(client: AsyncClient) -> dict[str, Any]:
    north = await make.building(client, name="North", currency="CNY")
    south = await make.building(client, name="South", currency="CNY")
    u: dict[str, dict[str, Any]] = {}
    for building, code, area in [
        (north, "N1", "100.00"),
        (north, "N2", "200.00"),
        (north, "N3", "150.00"),
        (north, "N4", "50.00"),
        (north, "N5", "40.00"),
        (south, "S1", "300.00"),
        (south, "S2", "120.00"),
        (south, "S3", "80.00"),
        (south, "S4", "60.00"),
    ]:
        u[code] = await make.unit(client, building["id"], code=code, area=area)
    t = {name: await make.tenant(client, name=name) for name in ("Alder", "Birch", "Cedar")}
    t |= {name: await make.tenant(client, name=name) for name in ("Dogwood", "Elm", "Fir")}

    async def lease(tenant: str, codes: list[str], start: str, end: str, rent: str, **more: Any):
        units = [u[code]["id"] for code in codes]
        return await make.lease(
            client, t[tenant]["id"], units, start_date=start, end_date=end, base_rent=rent, **more
        )

    a1 = await lease(
        "Alder", ["N1", "N4"], "2023-01-01", "2025-08-31", "10500.00", status="renewed"
    )
    a2 = await lease(
        "Alder", ["N1", "N4"], "2025-09-01", "2027-08-31", "12000.00", previous=a1["id"]
    )
    b1 = await lease("Birch", ["N2"], "2024-01-01", "2026-12-31", "15000.00")
    c1 = await lease(
        "Cedar",
        ["N3"],
        "2024-07-01",
        "2027-06-30",
        "9000.00",
        rent_steps=[{"kind": "fixed", "effective": "2025-07-01", "amount": "9600.00"}],
    )
    d1 = await lease("Dogwood", ["S1"], "2022-01-01", "2025-10-31", "20000.00")
    e1 = await lease("Elm", ["S2"], "2023-04-01", "2026-03-31", "8000.00")
    await lease("Elm", ["S3"], "2022-08-01", "2025-07-31", "4000.00", status="ended")
    await lease("Fir", ["S3"], "2025-08-15", "2028-08-14", "5000.00")

    await space_change(client, d1, "expansion", u["S4"], "2025-08-01")
    await space_change(client, a2, "contraction", u["N4"], "2025-12-01")
    # Dogwood's renewal: the next cycle, in force, marks the cycle it renews renewed.
    await lease(
        "Dogwood",
        ["S1", "S4"],
        "2025-11-01",
        "2030-10-31",
        "25000.00",
        previous=d1["id"],
        rent_steps=[{"kind": "fixed", "effective": "2026-01-01", "amount": "26000.00"}],
    )
    d1 = await ok(client, "GET", f"/api/leases/{d1['id']}")
    assert d1["area"] == "360.00"
    assert d1["status"] == "renewed"

    await moved_out(client, b1, "2025-09-30", "bankruptcy")
    await moved_out(client, c1, "2025-11-30", "rent_level")
    await moved_out(client, e1, "2025-12-31", "competitor_offer")
    await lease("Fir", ["N2"], "2026-06-01", "2031-05-31", "14000.00")
    return {"north": north, "south": south, "units": u, "tenants": t}


async def churn(client: AsyncClient, **params: Any) -> dict[str, Any]:
    return await ok(client, "GET", "/api/analytics/churn", params=params)


# --- churn ---------------------------------------------------------------------------------


async def test_churn_of_the_portfolio(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    figures = await churn(client, **H2_2025)
    assert (figures["building"], figures["currency"]) == (None, "CNY")
    assert (figures["period_start"], figures["period_end"]) == ("2025-07-01", "2025-12-31")
    # In force on 2025-07-01: A1 (150 m², 10,500), B1 (200, 15,000), C1 (150, 9,600 from that
    # very day), D1 (300, 20,000: S4 comes on 08-01), E1 (120, 8,000), G (80, 4,000).
    # Tenants Alder, Birch, Cedar, Dogwood, Elm = 5; area 1,000;
    # rent 12 x 67,100 = 805,200. Fir's first lease starts on 08-15: not in the base.
    assert figures["base"] == {"tenants": 5, "area": "1000.00", "annual_rent": "805200.00"}
    # Hard: Birch, 200 m², 12 x 15,000 = 180,000.
    # 1/5 = 0.2000; 200/1,000 = 0.2000; 180,000/805,200 = 0.22354... -> 0.2235
    assert figures["hard"] == {
        "churn_class": "hard",
        "count": 1,
        "area": "200.00",
        "annual_rent": "180000.00",
        "rate_by_count": "0.2000",
        "rate_by_area": "0.2000",
        "rate_by_rent": "0.2235",
    }
    # Soft: Cedar (150 m², 12 x 9,600 = 115,200) + Elm (120 m², 12 x 8,000 = 96,000).
    # 2/5 = 0.4000; 270/1,000 = 0.2700; 211,200/805,200 = 0.26229... -> 0.2623
    assert figures["soft"] == {
        "churn_class": "soft",
        "count": 2,
        "area": "270.00",
        "annual_rent": "211200.00",
        "rate_by_count": "0.4000",
        "rate_by_area": "0.2700",
        "rate_by_rent": "0.2623",
    }
    # Renewals: A1 (A2 from 09-01) and D1 (D2 from 11-01) = 2.
    # Decided: A1, D1 renewed; B1, C1, E1 moved out; G ended at 07-31 = 6. 2/6 = 0.3333
    assert (figures["renewals_signed"], figures["expiries_decided"]) == (2, 6)
    assert figures["renewal_rate"] == "0.3333"
    # One move-out each: the larger area first.
    assert figures["soft_reasons"] == [
        {
            "reason": "rent_level",
            "label": "Rent level",
            "count": 1,
            "area": "150.00",
            "annual_rent": "115200.00",
        },
        {
            "reason": "competitor_offer",
            "label": "Competitor's offer",
            "count": 1,
            "area": "120.00",
            "annual_rent": "96000.00",
        },
    ]
    lost = figures["soft_churned_tenants"]
    assert [
        (x["tenant_name"], x["day"], x["reason"], x["area"], x["annual_rent"]) for x in lost
    ] == [
        ("Elm", "2025-12-31", "competitor_offer", "120.00", "96000.00"),
        ("Cedar", "2025-11-30", "rent_level", "150.00", "115200.00"),
    ]
    assert lost[0]["tenant"] == portfolio["tenants"]["Elm"]["id"]
    assert lost[0]["building"] == portfolio["south"]["id"]
    assert all((x["last_care_contact"], x["open_complaints"]) == (None, 0) for x in lost)


async def test_soft_churned_tenants_show_their_care_and_complaints(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    cedar = portfolio["tenants"]["Cedar"]["id"]
    complaint = {
        "tenant": cedar,
        "building": portfolio["north"]["id"],
        "category": "maintenance",
        "severity": "high",
        "description": "Air conditioning failed for a week in August",
        "received_on": "2025-08-20",
    }
    await ok(client, "POST", "/api/complaints", json=complaint)
    call = {"tenant": cedar, "kind": "call", "day": "2025-10-02", "notes": "Rent too high"}
    await ok(client, "POST", "/api/care/contacts", json=call)
    lost = (await churn(client, **{"from": "2025-01-01", "to": "2025-12-31"}))[
        "soft_churned_tenants"
    ]
    assert {x["tenant_name"]: x["open_complaints"] for x in lost} == {"Elm": 0, "Cedar": 1}
    assert {x["tenant_name"]: x["last_care_contact"] for x in lost} == {
        "Elm": None,
        "Cedar": "2025-10-02",
    }


async def test_churn_per_building_adds_up_to_the_portfolio(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    north = await churn(client, building=portfolio["north"]["id"], **H2_2025)
    # North on 2025-07-01: A1 (150, 10,500), B1 (200, 15,000), C1 (150, 9,600):
    # 3 tenants, 500 m², 12 x 35,100 = 421,200.
    assert (north["building"], north["currency"]) == (portfolio["north"]["id"], "CNY")
    assert north["base"] == {"tenants": 3, "area": "500.00", "annual_rent": "421200.00"}
    # Hard (Birch): 1/3 = 0.3333; 200/500 = 0.4000; 180,000/421,200 = 0.42735... -> 0.4274
    assert (north["hard"]["count"], north["hard"]["area"], north["hard"]["annual_rent"]) == (
        1,
        "200.00",
        "180000.00",
    )
    assert [north["hard"][k] for k in ("rate_by_count", "rate_by_area", "rate_by_rent")] == [
        "0.3333",
        "0.4000",
        "0.4274",
    ]
    # Soft (Cedar): 1/3 = 0.3333; 150/500 = 0.3000; 115,200/421,200 = 0.27350... -> 0.2735
    assert (north["soft"]["count"], north["soft"]["area"], north["soft"]["annual_rent"]) == (
        1,
        "150.00",
        "115200.00",
    )
    assert [north["soft"][k] for k in ("rate_by_count", "rate_by_area", "rate_by_rent")] == [
        "0.3333",
        "0.3000",
        "0.2735",
    ]
    # A1 renewed; A1, B1, C1 decided: 1/3
    assert (north["renewals_signed"], north["expiries_decided"], north["renewal_rate"]) == (
        1,
        3,
        "0.3333",
    )
    assert [x["tenant_name"] for x in north["soft_churned_tenants"]] == ["Cedar"]

    south = await churn(client, building=portfolio["south"]["id"], **H2_2025)
    # South on 2025-07-01: D1 (300, 20,000), E1 (120, 8,000), G (80, 4,000):
    # Dogwood and Elm = 2 tenants, 500 m², 12 x 32,000 = 384,000.
    assert south["base"] == {"tenants": 2, "area": "500.00", "annual_rent": "384000.00"}
    assert south["hard"] == {"churn_class": "hard", **ZERO_CLASS}
    # Soft (Elm): 1/2 = 0.5000; 120/500 = 0.2400; 96,000/384,000 = 0.2500
    assert south["soft"] == {
        "churn_class": "soft",
        "count": 1,
        "area": "120.00",
        "annual_rent": "96000.00",
        "rate_by_count": "0.5000",
        "rate_by_area": "0.2400",
        "rate_by_rent": "0.2500",
    }
    # D1 renewed; D1, E1, G decided: 1/3
    assert (south["renewals_signed"], south["expiries_decided"], south["renewal_rate"]) == (
        1,
        3,
        "0.3333",
    )
    assert [r["reason"] for r in south["soft_reasons"]] == ["competitor_offer"]


async def test_churn_of_one_quarter(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    figures = await churn(client, **Q4_2025)
    # In force on 2025-10-01: A2 (N1+N4 150, 12,000), C1 (150, 9,600), D1 (S1+S4 360, 24,000
    # since the expansion), E1 (120, 8,000), F1 (80, 5,000); Birch left on 09-30.
    # 5 tenants; 860 m²; 12 x 58,600 = 703,200.
    assert figures["base"] == {"tenants": 5, "area": "860.00", "annual_rent": "703200.00"}
    assert figures["hard"] == {"churn_class": "hard", **ZERO_CLASS}
    # Cedar + Elm: 2/5 = 0.4000; 270/860 = 0.31395... -> 0.3140; 211,200/703,200 = 0.30034...
    assert [figures["soft"][k] for k in ("count", "area", "annual_rent")] == [
        2,
        "270.00",
        "211200.00",
    ]
    assert [figures["soft"][k] for k in ("rate_by_count", "rate_by_area", "rate_by_rent")] == [
        "0.4000",
        "0.3140",
        "0.3003",
    ]
    # D2 started 11-01 (A2 started in Q3): 1 renewal; D1, C1, E1 decided.
    assert (figures["renewals_signed"], figures["expiries_decided"]) == (1, 3)
    assert figures["renewal_rate"] == "0.3333"


async def test_reclassifying_a_move_out_moves_it_between_classes(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    listed = await ok(client, "GET", "/api/move-outs", params={"class": "hard"})
    (birch,) = listed["items"]
    await ok(
        client,
        "PATCH",
        f"/api/move-outs/{birch['id']}",
        json={
            "class_override": "soft",
            "justification": "The receiver chose to stay in our other tower: service issues",
            "version": 1,
        },
    )
    figures = await churn(client, **H2_2025)
    assert figures["hard"] == {"churn_class": "hard", **ZERO_CLASS}
    # Birch + Cedar + Elm: 3/5 = 0.6000; 470/1,000 = 0.4700; 391,200/805,200 = 0.48584... -> 0.4858
    assert [figures["soft"][k] for k in ("count", "area", "annual_rent", "rate_by_rent")] == [
        3,
        "470.00",
        "391200.00",
        "0.4858",
    ]
    # Bankruptcy counted soft by the override: 200 m², the largest, first among equals.
    assert [r["reason"] for r in figures["soft_reasons"]] == [
        "bankruptcy",
        "rent_level",
        "competitor_offer",
    ]


async def test_a_period_with_nothing_decided(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    figures = await churn(client, **{"from": "2026-01-01", "to": "2026-12-31"})
    # In force on 2026-01-01: A2 (N1 100, 8,000), D2 (360, 26,000), F1 (80, 5,000).
    assert figures["base"] == {"tenants": 3, "area": "540.00", "annual_rent": "468000.00"}
    # The terms of E1 (to 2026-03-31) and B1 (to 2026-12-31) end this year, but both were
    # decided when they moved out in 2025: not again now.
    assert (figures["renewals_signed"], figures["expiries_decided"]) == (0, 0)
    assert figures["renewal_rate"] is None
    assert (figures["soft_reasons"], figures["soft_churned_tenants"]) == ([], [])


async def test_churn_parameters_are_checked(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    url = "/api/analytics/churn"
    problem(await client.get(url, params={"from": "2025-12-31", "to": "2025-07-01"}), 422, "to")
    problem(await client.get(url, params={"from": "2025-02-30"}), 422, "from")
    problem(await client.get(url, params={"to": "0001-01-01"}), 422, "to")
    problem(await client.get(url, params={"building": MISSING}), 404)
    problem(await client.get(url, params={"building": "north"}), 422, "building")
    problem(
        await client.get(url, params={"building": portfolio["north"]["id"], "currency": "HKD"}),
        422,
        "currency",
    )
    # Default period: this year to date (2026-01-01 to 2026-03-15).
    figures = await churn(client)
    assert (figures["period_start"], figures["period_end"]) == ("2026-01-01", "2026-03-15")

    # Adding a building in another currency makes portfolio rent ambiguous until one is chosen.
    hk = await make.building(client, name="Harbour", currency="HKD")
    hk_unit = await make.unit(client, hk["id"], area="500.00")
    await make.lease(client, portfolio["tenants"]["Fir"]["id"], [hk_unit["id"]])
    body = problem(await client.get(url, params=H2_2025), 422, "currency")
    assert "CNY, HKD" in body["detail"]
    in_cny = await churn(client, currency="CNY", **H2_2025)
    assert in_cny["base"]["annual_rent"] == "805200.00"
    in_hkd = await churn(client, currency="HKD", **H2_2025)
    # 2025-01-01..2027-12-31 at 10,000: in force on 07-01, one tenant, no churn
    assert in_hkd["base"] == {"tenants": 1, "area": "500.00", "annual_rent": "120000.00"}
    assert in_hkd["soft"]["count"] == 0


# --- the lease expiry schedule ---------------------------------------------------------------


async def test_expiry_schedule(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    schedule = await ok(client, "GET", "/api/analytics/expiries")
    # Active on 2026-03-15 (E1 was moved out; A1, D1 renewed; G ended):
    #   A2 ends 2027-08-31: N1 100 m² (N4 given back), 8,000 -> 96,000 a year
    #   F1 ends 2028-08-14: 80 m², 5,000 -> 60,000
    #   D2 ends 2030-10-31: 360 m², 26,000 since 2026-01-01 -> 312,000
    #   H  ends 2031-05-31: not begun, read on 2026-06-01: 200 m², 14,000 -> 168,000
    # Totals: 4 leases, 740 m², 636,000.
    assert (schedule["building"], schedule["on"], schedule["currency"]) == (
        None,
        "2026-03-15",
        "CNY",
    )
    assert (schedule["leases"], schedule["occupied_area"], schedule["annual_rent"]) == (
        4,
        "740.00",
        "636000.00",
    )
    years = {row["year"]: row for row in schedule["years"]}
    assert list(years) == list(range(2026, 2036))
    # Shares are steps of the rounded cumulative share:
    # area  100/740 = 0.1351; 180/740 = 0.2432 (+0.1081); 540/740 = 0.7297 (+0.4865); 1 (+0.2703)
    # rent 96/636 = 0.1509; 156/636 = 0.2453 (+0.0944); 468/636 = 0.7358 (+0.4905); 1 (+0.2642)
    expected = {
        2027: (1, "100.00", "0.1351", "96000.00", "0.1509", "0.1351", "0.1509"),
        2028: (1, "80.00", "0.1081", "60000.00", "0.0944", "0.2432", "0.2453"),
        2030: (1, "360.00", "0.4865", "312000.00", "0.4905", "0.7297", "0.7358"),
        2031: (1, "200.00", "0.2703", "168000.00", "0.2642", "1.0000", "1.0000"),
    }
    cumulative = ("0.0000", "0.0000")
    for year, row in years.items():
        got = (
            row["leases"],
            row["area"],
            row["area_share"],
            row["annual_rent"],
            row["rent_share"],
            row["cumulative_area_share"],
            row["cumulative_rent_share"],
        )
        if year in expected:
            assert got == expected[year], year
            cumulative = got[5:]
        else:
            assert got == (0, "0.00", "0.0000", "0.00", "0.0000", *cumulative), year


async def test_expiry_schedule_per_building_and_from_a_year(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    north = await ok(
        client, "GET", "/api/analytics/expiries", params={"building": portfolio["north"]["id"]}
    )
    # A2 (100 m², 96,000) and H (200 m², 168,000): 300 m², 264,000
    assert (north["leases"], north["occupied_area"], north["annual_rent"]) == (
        2,
        "300.00",
        "264000.00",
    )
    rows = {row["year"]: row for row in north["years"] if row["leases"]}
    # 100/300 = 0.3333, 96/264 = 0.3636; then the rest to 1
    assert {y: (r["area_share"], r["rent_share"]) for y, r in rows.items()} == {
        2027: ("0.3333", "0.3636"),
        2031: ("0.6667", "0.6364"),
    }

    later = await ok(client, "GET", "/api/analytics/expiries", params={"from_year": 2028})
    assert [row["year"] for row in later["years"]] == list(range(2028, 2038))
    first = later["years"][0]
    # A2 (2027) is left out of the rows but not of the totals:
    # 80/740 = 0.10810... -> 0.1081; 60,000/636,000 = 0.09433... -> 0.0943
    assert (first["leases"], first["area_share"], first["rent_share"]) == (1, "0.1081", "0.0943")
    assert later["years"][-1]["cumulative_area_share"] == "0.8649"  # 640/740

    problem(await client.get("/api/analytics/expiries", params={"from_year": 1800}), 422)
    problem(await client.get("/api/analytics/expiries", params={"building": MISSING}), 404)


# --- occupancy over time -------------------------------------------------------------------


def period_figures(history: dict[str, Any]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each period as (start, end, lettable, occupied, rate) and (in, expansions, out,
    contractions, net)."""
    occupancy = ("start", "end", "lettable_area", "occupied_area", "occupancy_rate")
    absorption = ("move_ins", "expansions", "move_outs", "contractions", "net_absorption")
    return [
        (tuple(period[k] for k in occupancy), tuple(period[k] for k in absorption))
        for period in history["periods"]
    ]


async def test_occupancy_and_absorption_of_two_quarters(
    client: AsyncClient, portfolio: dict[str, Any]
) -> None:
    history = await ok(
        client, "GET", "/api/analytics/occupancy", params={**H2_2025, "grain": "quarter"}
    )
    assert (history["building"], history["grain"]) == (None, "quarter")
    # Close of 2025-06-30: A1 150, B1 200, C1 150, D1 300, E1 120, G 80 = 1,000 of 1,100.
    assert history["opening_occupied_area"] == "1000.00"
    # Q3: G expires 07-31 with no next cycle (move-out 80); S4 added to D1 08-01 (expansion
    # 60); Fir moves into S3 08-15 (move-in 80); A1 -> A2 on 09-01 is no event; Birch leaves
    # 09-30 (move-out 200). Net 80 + 60 - 280 = -140; at the close 860 of 1,100 = 0.7818.
    # Q4: D1 -> D2 on 11-01 is no event; N4 given back after 11-30 (contraction 50); Cedar
    # leaves 11-30 (150) and Elm 12-31 (120): net -320; 540 / 1,100 = 0.4909.
    assert period_figures(history) == [
        (
            ("2025-07-01", "2025-09-30", "1100.00", "860.00", "0.7818"),
            ("80.00", "60.00", "280.00", "0.00", "-140.00"),
        ),
        (
            ("2025-10-01", "2025-12-31", "1100.00", "540.00", "0.4909"),
            ("0.00", "0.00", "270.00", "50.00", "-320.00"),
        ),
    ]

    north = await ok(
        client,
        "GET",
        "/api/analytics/occupancy",
        params={**H2_2025, "building": portfolio["north"]["id"]},
    )
    # North opens at 500 of 540; Q3 -200 (Birch) -> 300 = 0.5556; Q4 -50 -150 -> 100 = 0.1852
    assert north["opening_occupied_area"] == "500.00"
    assert period_figures(north) == [
        (
            ("2025-07-01", "2025-09-30", "540.00", "300.00", "0.5556"),
            ("0.00", "0.00", "200.00", "0.00", "-200.00"),
        ),
        (
            ("2025-10-01", "2025-12-31", "540.00", "100.00", "0.1852"),
            ("0.00", "0.00", "150.00", "50.00", "-200.00"),
        ),
    ]
    south = await ok(
        client,
        "GET",
        "/api/analytics/occupancy",
        params={**H2_2025, "building": portfolio["south"]["id"]},
    )
    # South opens at 500 of 560; Q3 +80 +60 -80 -> 560 = 1.0000; Q4 -120 -> 440 = 0.7857
    assert period_figures(south) == [
        (
            ("2025-07-01", "2025-09-30", "560.00", "560.00", "1.0000"),
            ("80.00", "60.00", "80.00", "0.00", "60.00"),
        ),
        (
            ("2025-10-01", "2025-12-31", "560.00", "440.00", "0.7857"),
            ("0.00", "0.00", "120.00", "0.00", "-120.00"),
        ),
    ]
    # The close of 12-31 is what the building shows on the next morning.
    response = await client.get(
        f"/api/buildings/{portfolio['south']['id']}/occupancy", params={"on": "2026-01-01"}
    )
    assert response.json()["occupied_area"] == "440.00"


async def test_occupancy_by_month_and_year(client: AsyncClient, portfolio: dict[str, Any]) -> None:
    months = await ok(
        client,
        "GET",
        "/api/analytics/occupancy",
        params={"from": "2025-07-15", "to": "2025-09-30", "grain": "month"},
    )
    # The first month is cut to start on 07-15; July: G leaves (-80); August: +60 +80;
    # September: Birch leaves (-200).
    assert [(p["start"], p["end"], p["net_absorption"]) for p in months["periods"]] == [
        ("2025-07-15", "2025-07-31", "-80.00"),
        ("2025-08-01", "2025-08-31", "140.00"),
        ("2025-09-01", "2025-09-30", "-200.00"),
    ]
    assert [p["occupied_area"] for p in months["periods"]] == ["920.00", "1060.00", "860.00"]

    year = await ok(
        client,
        "GET",
        "/api/analytics/occupancy",
        params={"from": "2025-07-01", "to": "2025-12-31", "grain": "year"},
    )
    # The two quarters at once: -140 - 320 = -460, ending at 540.
    assert period_figures(year) == [
        (
            ("2025-07-01", "2025-12-31", "1100.00", "540.00", "0.4909"),
            ("80.00", "60.00", "550.00", "50.00", "-460.00"),
        )
    ]
    url = "/api/analytics/occupancy"
    problem(await client.get(url, params={"grain": "week"}), 422, "grain")
    problem(await client.get(url, params={"from": "2026-01-01", "to": "2025-01-01"}), 422, "to")
    problem(await client.get(url, params={"building": MISSING}), 404)
    problem(
        await client.get(url, params={"from": "1900-01-01", "to": "2199-12-31", "grain": "month"}),
        422,
        "grain",
    )
