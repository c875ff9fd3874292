"""Satisfaction surveys through HTTP: record, correct, list; trends per tenant and building;
the latest score per tenant for tenant health. Today is 2026-03-15."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import AsyncClient

from tenantcrm.satisfaction import service as satisfaction
from tenantcrm.satisfaction.enums import RenewalIntent
from tests.api import factories as make
from tests.api.checks import ids, problem

MISSING = str(uuid4())


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    tower = await make.building(client, name="Tower")
    annex = await make.building(client, name="Annex")
    harbour = await make.tenant(client, name="Harbour Capital")
    lantern = await make.tenant(client, name="Lantern Labs")
    return {"tower": tower, "annex": annex, "harbour": harbour, "lantern": lantern}


async def survey(
    client: AsyncClient, site: dict[str, Any], day: str, overall: int, **extra: Any
) -> dict[str, Any]:
    body = {
        "tenant": site["harbour"]["id"],
        "building": site["tower"]["id"],
        "answered_on": day,
        "overall": overall,
        "renewal_intent": "likely",
        **extra,
    }
    return await make.created(client, "/api/satisfaction/surveys", body)


async def test_a_survey_is_recorded_and_read_back(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    made = await survey(
        client, site, "2026-03-01", 8, cleaning=4, security=5, future_space="grow", comment="ok"
    )
    assert (made["tenant_name"], made["building_name"], made["overall"]) == (
        "Harbour Capital",
        "Tower",
        8,
    )
    assert (made["cleaning"], made["security"], made["management"]) == (4, 5, None)
    assert (made["renewal_intent"], made["future_space"], made["version"]) == ("likely", "grow", 1)
    assert (await client.get(f"/api/satisfaction/surveys/{made['id']}")).json() == made
    problem(await client.get(f"/api/satisfaction/surveys/{MISSING}"), 404)


async def test_scores_out_of_range_unknown_records_and_future_days_are_refused(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    base = {
        "tenant": site["harbour"]["id"],
        "building": site["tower"]["id"],
        "overall": 7,
        "renewal_intent": "unsure",
    }
    url = "/api/satisfaction/surveys"
    for bad in ({"overall": 11}, {"overall": -1}, {"cleaning": 0}, {"amenities": 6}):
        response = await client.post(url, json={**base, **bad})
        problem(response, 422, next(iter(bad)))
    response = await client.post(
        url, json={**base, "tenant": MISSING, "building": MISSING, "answered_on": "2026-03-16"}
    )
    problem(response, 422, "tenant", "building", "answered_on")
    assert await make.total(client, url) == 0


async def test_a_survey_is_corrected_with_its_version(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    made = await survey(client, site, "2026-03-01", 8, cleaning=4)
    url = f"/api/satisfaction/surveys/{made['id']}"
    problem(await client.patch(url, json={"overall": 6}), 428)
    fixed = await client.patch(url, json={"overall": 6, "cleaning": None, "version": 1})
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["overall"], fixed.json()["cleaning"], fixed.json()["version"]) == (
        6,
        None,
        2,
    )
    problem(await client.patch(url, json={"overall": 5, "version": 1}), 409)
    problem(await client.patch(url, json={"overall": None, "version": 2}), 422)
    response = await client.patch(url, json={"answered_on": "2027-01-01", "version": 2})
    problem(response, 422, "answered_on")


async def test_lists_latest_first_by_tenant_or_building(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    old = await survey(client, site, "2025-06-01", 7)
    new = await survey(client, site, "2026-02-01", 8)
    other = await survey(
        client, site, "2026-01-01", 5, tenant=site["lantern"]["id"], building=site["annex"]["id"]
    )

    async def listed(**params: Any) -> list[str]:
        response = await client.get("/api/satisfaction/surveys", params=params)
        assert response.status_code == 200, response.text
        return ids(response.json()["items"])

    assert await listed() == [new["id"], other["id"], old["id"]]
    assert await listed(tenant=site["harbour"]["id"]) == [new["id"], old["id"]]
    assert await listed(building=site["annex"]["id"]) == [other["id"]]
    assert await listed(limit=1, offset=1) == [other["id"]]


async def test_trends_per_tenant_and_building(client: AsyncClient, site: dict[str, Any]) -> None:
    await survey(client, site, "2025-11-02", 6, cleaning=3)
    await survey(client, site, "2025-12-20", 7, cleaning=2)
    await survey(client, site, "2026-01-15", 8, cleaning=5)
    await survey(client, site, "2026-02-01", 9)
    await survey(client, site, "2026-03-01", 3, tenant=site["lantern"]["id"])

    response = await client.get(
        "/api/satisfaction/trends", params={"tenant": site["harbour"]["id"]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    # Q4 2025: (6 + 7) / 2 = 6.50, cleaning 2.50; Q1 2026: (8 + 9) / 2 = 8.50, cleaning 5.00
    assert [(p["label"], p["surveys"], p["overall"], p["cleaning"]) for p in body["periods"]] == [
        ("2025-Q4", 2, "6.50", "2.50"),
        ("2026-Q1", 2, "8.50", "5.00"),
    ]
    assert (body["period"], body["direction"], body["change"]) == ("quarter", "rising", "2.00")
    # the building's Q1 2026 also counts Lantern's 3: (8 + 9 + 3) / 3 = 6.67 -> +0.17: flat
    response = await client.get(
        "/api/satisfaction/trends", params={"building": site["tower"]["id"], "period": "quarter"}
    )
    body = response.json()
    assert [p["overall"] for p in body["periods"]] == ["6.50", "6.67"]
    assert (body["direction"], body["change"]) == ("flat", "0.17")
    response = await client.get(
        "/api/satisfaction/trends", params={"tenant": site["harbour"]["id"], "period": "year"}
    )
    assert [p["label"] for p in response.json()["periods"]] == ["2025", "2026"]


async def test_trends_need_exactly_one_of_tenant_and_building(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    problem(await client.get("/api/satisfaction/trends"), 422, "tenant")
    both = {"tenant": site["harbour"]["id"], "building": site["tower"]["id"]}
    problem(await client.get("/api/satisfaction/trends", params=both), 422, "tenant")
    response = await client.get(
        "/api/satisfaction/trends", params={"tenant": site["harbour"]["id"], "period": "week"}
    )
    problem(response, 422, "period")


async def test_latest_satisfaction_per_tenant(client: AsyncClient, site: dict[str, Any]) -> None:
    await survey(client, site, "2025-06-01", 9)
    await survey(client, site, "2026-02-01", 5, renewal_intent="unlikely")
    await survey(client, site, "2025-12-01", 7)
    await survey(client, site, "2026-01-10", 6, tenant=site["lantern"]["id"])
    harbour, lantern = UUID(site["harbour"]["id"]), UUID(site["lantern"]["id"])
    latest = await satisfaction.latest_satisfaction([harbour, lantern, uuid4()])
    assert latest == {
        harbour: satisfaction.LatestSatisfaction(
            date(2026, 2, 1), 5, previous_overall=7, renewal_intent=RenewalIntent.UNLIKELY
        ),
        lantern: satisfaction.LatestSatisfaction(
            date(2026, 1, 10), 6, previous_overall=None, renewal_intent=RenewalIntent.LIKELY
        ),
    }
    assert await satisfaction.latest_satisfaction([]) == {}
