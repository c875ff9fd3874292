"""Demo complaints and surveys: a realistic mix, consistent with the rules, read through the API."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from tenantcrm.complaints.enums import OPEN_STATES
from tenantcrm.demo import PortfolioCounts, PortfolioSize
from tests.app_fixtures import TODAY, demo_portfolio


async def _all(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        response = await client.get(path, params={**params, "limit": 500, "offset": len(items)})
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if len(items) >= page["total"] or not page["items"]:
            return items


@pytest.fixture
async def demo(client: httpx.AsyncClient) -> PortfolioCounts:
    return await demo_portfolio(PortfolioSize.demo(), seed=7)


async def test_demo_complaints_are_mostly_closed_with_some_open_and_overdue(
    client: httpx.AsyncClient, demo: PortfolioCounts
) -> None:
    complaints = await _all(client, "/api/complaints")
    states = Counter(c["state"] for c in complaints)
    open_ = sum(states[s.value] for s in OPEN_STATES)
    assert states["closed"] > len(complaints) / 2
    assert 0 < open_ < len(complaints) / 2
    overdue = await _all(client, "/api/complaints", overdue="true")
    assert 0 < len(overdue) <= open_
    assert any(c["move_out"] is not None for c in complaints)
    assert all(c["sla"]["overdue"] for c in overdue)
    for complaint in complaints:
        assert complaint["received_on"] <= TODAY.isoformat()
        if complaint["state"] == "closed":
            assert complaint["corrective_action"]
            assert complaint["satisfied"] is not None
            assert complaint["closed_on"] >= complaint["received_on"]
        if complaint["move_out"] is not None:
            move_out = (await client.get(f"/api/move-outs/{complaint['move_out']}")).json()
            assert (move_out["tenant"], move_out["churn_class"]) == (complaint["tenant"], "soft")
            assert complaint["received_on"] < move_out["day"]
        if complaint["approval_level"] is not None:
            # whoever approved had the authority for the amount
            assert complaint["approval_level"] == complaint["required_level"]


async def test_demo_surveys_give_trends(client: httpx.AsyncClient, demo: PortfolioCounts) -> None:
    surveys = await _all(client, "/api/satisfaction/surveys")
    assert len({s["tenant"] for s in surveys}) > demo.tenants / 2
    assert all(0 <= s["overall"] <= 10 and s["answered_on"] <= TODAY.isoformat() for s in surveys)
    building = surveys[0]["building"]
    response = await client.get(
        "/api/satisfaction/trends", params={"building": building, "period": "year"}
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["periods"]) >= 2
