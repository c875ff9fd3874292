"""Matchmaking through HTTP: profiles, suggestions with reasons, exclusions, outcomes that
change later rankings, building ties and relations. Scores are worked out by hand (see
tenantcrm/matchmaking/scoring.py for the weights)."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import problem


async def profile(client: AsyncClient, tenant_id: str, **body: Any) -> dict[str, Any]:
    response = await client.put(f"/api/matchmaking/profiles/{tenant_id}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


async def suggested(client: AsyncClient, tenant_id: str) -> list[tuple[str, str]]:
    response = await client.get(f"/api/matchmaking/tenants/{tenant_id}/suggestions")
    assert response.status_code == 200, response.text
    return [(s["other_name"], s["score"]) for s in response.json()["items"]]


async def portfolio(client: AsyncClient) -> dict[str, dict[str, Any]]:
    """A (technology) needs legal advice and offers cloud hosting, serving fintech; B (legal)
    offers legal advice to fintech; C (media) needs cloud hosting; E and F have no profile."""
    a = await make.tenant(client, name="A Cloud", industry="technology")
    b = await make.tenant(client, name="B Law", industry="legal")
    c = await make.tenant(client, name="C Media", industry="media")
    e = await make.tenant(client, name="E Soft", industry="technology")
    f = await make.tenant(client, name="F Studio", industry="media")
    await profile(
        client, a["id"], offers=["cloud hosting"], needs=["legal advice"], markets=["fintech"]
    )
    await profile(client, b["id"], offers=["legal advice"], markets=["fintech"])
    await profile(client, c["id"], offers=["video production"], needs=["cloud hosting"])
    return {"a": a, "b": b, "c": c, "e": e, "f": f}


async def test_profiles_are_kept_and_changes_need_the_version(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    empty = (await client.get(f"/api/matchmaking/profiles/{tenant['id']}")).json()
    assert (empty["offers"], empty["version"]) == ([], 0)
    made = await profile(client, tenant["id"], offers=["跨境支付 cross-border payments"])
    assert (made["offers"], made["version"]) == (["跨境支付 cross-border payments"], 1)
    url = f"/api/matchmaking/profiles/{tenant['id']}"
    problem(await client.put(url, json={"needs": ["catering"]}), 428)
    changed = await client.put(url, json={"needs": ["catering"], "version": 1})
    assert (changed.json()["needs"], changed.json()["offers"]) == (["catering"], [])
    problem(await client.put(url, json={"needs": [""], "version": 2}), 422, "needs[0]")


async def test_suggestions_are_scored_and_explained(client: AsyncClient) -> None:
    t = await portfolio(client)
    # B: its need meets B's offer (cos 1) 0.40 + shared market fintech (cos 1) 0.10 = 50.
    # C: C's need is A's offer 0.25 + technology-media neighbours 0.15 = 40.
    # F: technology-media neighbours only, 15. E: no reason (same industry, no text).
    assert await suggested(client, t["a"]["id"]) == [
        ("B Law", "50.00"),
        ("C Media", "40.00"),
        ("F Studio", "15.00"),
    ]
    top = (await client.get(f"/api/matchmaking/tenants/{t['a']['id']}/suggestions")).json()
    assert top["items"][0]["reasons"] == [
        "Its needs meet their offers: needs “legal advice”, they offer “legal advice”",
        "Shared markets: fintech",
    ]
    assert top["candidates"] == 4


async def test_suggestions_exclude_dismissed_pairs(client: AsyncClient) -> None:
    t = await portfolio(client)
    dismissed = await make.created(
        client,
        "/api/matchmaking/introductions",
        {"tenant": t["a"]["id"], "other": t["b"]["id"], "state": "dismissed"},
    )
    assert dismissed["state"] == "dismissed"
    assert dismissed["score"] == "50.00"
    assert [name for name, _ in await suggested(client, t["a"]["id"])] == ["C Media", "F Studio"]
    assert "A Cloud" not in [name for name, _ in await suggested(client, t["b"]["id"])]
    # A pair has one introduction, whichever side records it.
    again = {"tenant": t["b"]["id"], "other": t["a"]["id"]}
    problem(await client.post("/api/matchmaking/introductions", json=again), 409)


async def test_an_outcome_changes_later_rankings(client: AsyncClient) -> None:
    t = await portfolio(client)
    intro = await make.created(
        client,
        "/api/matchmaking/introductions",
        {"tenant": t["e"]["id"], "other": t["f"]["id"]},
    )
    assert (intro["state"], intro["allowed"]) == ("introduced", ["met", "no_fit"])
    url = f"/api/matchmaking/introductions/{intro['id']}/transitions"
    body = problem(await client.post(url, json={"to": "doing_business"}), 409)
    assert body["conflicts"][0]["allowed"] == ["met", "no_fit"]
    for step in ("met", "doing_business"):
        moved = await client.post(url, json={"to": step, "notes": f"{step} in March"})
        assert moved.status_code == 200, moved.text
    assert moved.json()["allowed"] == []
    # Technology-media worked once: x 2 (1 + 1) / (1 + 0 + 2) = 4/3.
    # C: 40 x 4/3 = 53.33 now beats B's 50; F: 15 x 4/3 = 20.
    assert await suggested(client, t["a"]["id"]) == [
        ("C Media", "53.33"),
        ("B Law", "50.00"),
        ("F Studio", "20.00"),
    ]
    listed = await client.get(
        "/api/matchmaking/introductions",
        params={"tenant": t["f"]["id"], "tie_state": "doing_business"},
    )
    assert listed.json()["total"] == 1


async def test_a_failed_introduction_lowers_the_pair_of_industries(client: AsyncClient) -> None:
    t = await portfolio(client)
    intro = await make.created(
        client,
        "/api/matchmaking/introductions",
        {"tenant": t["e"]["id"], "other": t["f"]["id"]},
    )
    url = f"/api/matchmaking/introductions/{intro['id']}/transitions"
    assert (await client.post(url, json={"to": "no_fit"})).status_code == 200
    # x 2 (0 + 1) / (0 + 1 + 2) = 2/3: C 40 -> 26.67, F 15 -> 10.
    assert await suggested(client, t["a"]["id"]) == [
        ("B Law", "50.00"),
        ("C Media", "26.67"),
        ("F Studio", "10.00"),
    ]


async def test_best_ties_across_a_building(client: AsyncClient) -> None:
    t = await portfolio(client)
    building = await make.building(client)
    for key, floor in (("a", 12), ("b", 12), ("c", 3)):
        unit = await make.unit(client, building["id"], floor=floor)
        await make.lease(client, t[key]["id"], [unit["id"]])
    ties = (await client.get(f"/api/matchmaking/buildings/{building['id']}/ties")).json()
    # A-B: A -> B 50 + same building and floor 10 = 60 (B -> A: 25 + 10 + 10 = 45).
    # A-C: C -> A 0.40 + 0.15 + same building 0.05 = 60 (A -> C: 0.25 + 0.15 + 0.05 = 45).
    # B-C: no business reason.
    assert sorted((x["tenant_name"], x["other_name"], x["score"]) for x in ties) == [
        ("A Cloud", "B Law", "60.00"),
        ("C Media", "A Cloud", "60.00"),
    ]
    assert "Same building, same floor (12)" in next(
        x["reasons"] for x in ties if x["other_name"] == "B Law"
    )


async def test_ties_of_an_empty_or_unknown_building(client: AsyncClient) -> None:
    """Found by fuzzing: a building without tenants was a 500 (an empty SQL IN list)."""
    building = await make.building(client)
    response = await client.get(f"/api/matchmaking/buildings/{building['id']}/ties")
    assert response.status_code == 200, response.text
    assert response.json() == []
    unknown = "/api/matchmaking/buildings/e3e70682-c209-1cac-a29f-6fbed82c07cd/ties"
    problem(await client.get(unknown), 404)


async def test_relations_of_a_tenant(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    other = await make.tenant(client)
    made = await make.created(
        client,
        "/api/matchmaking/relations",
        {"tenant": tenant["id"], "name": "深圳华信 Huaxin Shenzhen", "kind": "affiliate"},
    )
    assert made["tenant_name"] == tenant["name"]
    problem(
        await client.post(
            "/api/matchmaking/relations",
            json={
                "tenant": tenant["id"],
                "name": "x",
                "kind": "partner",
                "related_tenant": tenant["id"],
            },
        ),
        422,
        "related_tenant",
    )
    changed = await client.patch(
        f"/api/matchmaking/relations/{made['id']}",
        json={"related_tenant": other["id"], "version": 1},
    )
    assert changed.json()["related_tenant"] == other["id"]
    listed = await client.get("/api/matchmaking/relations", params={"tenant": tenant["id"]})
    assert listed.json()["total"] == 1
