"""The anchors, matchmaking and referrals pages over HTTP (both engines)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.api import factories as make
from tests.web_fixtures import SignIn, csrf_of


@pytest.fixture
async def ties(client: httpx.AsyncClient) -> dict[str, Any]:
    """A bank that needs cloud hosting, a cloud company offering it, in one building."""
    building = await make.building(client, name="Pacific Square")
    units = [await make.unit(client, building["id"], code=f"U{n}") for n in range(2)]
    bank = await make.tenant(
        client,
        name="Harbour Bank",
        industry="banking",
        is_anchor=True,
        anchor_category="fortune_global_500",
    )
    cloud = await make.tenant(client, name="星云数据科技", industry="technology")
    for tenant, unit in ((bank, units[0]), (cloud, units[1])):
        await make.lease(client, tenant["id"], [unit["id"]])
    profiles = {
        bank["id"]: {"needs": ["cloud hosting", "data centre"], "offers": ["trade finance"]},
        cloud["id"]: {"offers": ["cloud hosting", "data centre"], "needs": ["trade finance"]},
    }
    for tenant_id, body in profiles.items():
        response = await client.put(f"/api/matchmaking/profiles/{tenant_id}", json=body)
        assert response.status_code in (200, 201), response.text
    grant = {
        "tenant": bank["id"],
        "kind": "parking_space",
        "building": building["id"],
        "start_date": "2026-01-01",
        "end_date": "2026-04-30",
        "annual_cost": "9600.00",
    }
    await make.created(client, "/api/benefits", grant)
    referral = {
        "referrer": bank["id"],
        "name": "Harbour Bank Asset Management",
        "relation": "affiliate",
    }
    await make.created(client, "/api/referrals", referral)
    return {"building": building, "bank": bank, "cloud": cloud}


async def test_anchors_page_shows_benefits_and_their_cost(
    sign_in: SignIn, ties: dict[str, Any]
) -> None:
    browser = await sign_in("manager")
    page = await browser.get("/anchors")
    assert page.status_code == 200
    assert "Harbour Bank" in page.text
    assert "9,600.00" in page.text
    assert "Ending within 90 days" in page.text  # the bay is granted until 30 April


async def test_a_suggestion_is_introduced_then_its_outcome_recorded(
    sign_in: SignIn, ties: dict[str, Any]
) -> None:
    browser = await sign_in("manager")
    bank, cloud = ties["bank"]["id"], ties["cloud"]["id"]
    page = await browser.get("/matchmaking", params={"tenant": bank})
    assert page.status_code == 200
    assert "星云数据科技" in page.text
    form = {"tenant": bank, "other": cloud, "state": "introduced", "_csrf_token": csrf_of(page)}
    done = await browser.post("/matchmaking/introductions", data=form)
    assert done.status_code == 303
    after = await browser.get(done.headers["location"])
    # Introduced pairs leave the suggestions and show among the introductions.
    assert re.search(r"Harbour Bank</a> and <a[^>]*>星云数据科技", after.text)
    assert "Introduce</button>" not in after.text
    introduction = re.search(r'action="/matchmaking/introductions/([0-9a-f-]{36})"', after.text)
    assert introduction
    moved = await browser.post(
        f"/matchmaking/introductions/{introduction.group(1)}",
        data={"to": "met", "tenant": bank, "_csrf_token": csrf_of(after)},
    )
    assert moved.status_code == 303
    assert ">Met<" in (await browser.get(moved.headers["location"])).text


async def test_referrals_pipeline_and_owners_cannot_introduce(
    sign_in: SignIn, ties: dict[str, Any]
) -> None:
    manager = await sign_in("manager")
    pipeline = await manager.get("/referrals")
    assert pipeline.status_code == 200
    assert "Harbour Bank Asset Management" in pipeline.text
    assert "1 leads" in pipeline.text
    owner = await sign_in("owner")
    page = await owner.get("/matchmaking", params={"tenant": ties["bank"]["id"]})
    assert page.status_code == 403
    assert (await owner.get("/referrals")).status_code == 403
    anchors = await owner.get("/anchors")
    assert anchors.status_code == 200
    assert "Harbour Bank" not in anchors.text, "an owner of no building sees no grant"
    form = {
        "tenant": ties["bank"]["id"],
        "other": ties["cloud"]["id"],
        "_csrf_token": csrf_of(anchors),
    }
    refused = await owner.post("/matchmaking/introductions", data=form)
    assert refused.status_code == 403
