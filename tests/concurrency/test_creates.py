"""Records a tenant may have only one of, created by many requests at once: one is made.

Each request checks that none exists and inserts; on PostgreSQL the race holds the tenant row,
which every insert must share-lock for its foreign key, so all the checks are done before any
insert goes in. The unique key then lets one in; the others are a 409 (or 428, for a request
that came late enough to find the record and named no version to replace).
"""

from __future__ import annotations

from functools import partial

from httpx import AsyncClient

from tenantcrm.audit.tables import AuditEntry
from tenantcrm.care.tables import CarePlanOverride
from tenantcrm.matchmaking.tables import BusinessProfile, Introduction
from tests.api import factories as make
from tests.api.checks import problem
from tests.concurrency.race import race

RACERS = 20


async def test_a_business_profile_is_created_once(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    url = f"/api/matchmaking/profiles/{tenant['id']}"
    result = await race(
        [
            lambda n=n: client.put(url, json={"offers": [f"offer {n}"], "needs": [], "markets": []})
            for n in range(RACERS)
        ],
        hold=("tenant", tenant["id"]),
    )
    assert result.statuses[200] == 1, result.texts()
    assert result.statuses[409] + result.statuses[428] == RACERS - 1, result.texts()
    for refused in result.responses:
        if refused.status_code != 200:
            problem(refused, refused.status_code)
    winner = result.with_status(200)[0].json()
    rows = await BusinessProfile.select(BusinessProfile.offers, BusinessProfile.version).output(
        load_json=True
    )
    assert rows == [{"offers": winner["offers"], "version": 1}]


async def test_a_care_plan_override_is_set_once(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    url = f"/api/care/plans/{tenant['id']}/overrides/call"
    result = await race(
        [lambda n=n: client.put(url, json={"interval_months": n % 12 + 1}) for n in range(RACERS)],
        hold=("tenant", tenant["id"]),
    )
    assert result.statuses[201] == 1, result.texts()
    assert result.statuses[409] + result.statuses[428] == RACERS - 1, result.texts()
    winner = result.with_status(201)[0].json()
    rows = await CarePlanOverride.select(CarePlanOverride.id, CarePlanOverride.interval_months)
    assert [r["interval_months"] for r in rows] == [winner["interval_months"]]
    entries = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.subject_id == rows[0]["id"]
    )
    assert sorted(e["action"] for e in entries) == ["insert", "set"], "the row and the event, once"


async def test_an_introduction_of_two_tenants_is_recorded_once(client: AsyncClient) -> None:
    first = await make.tenant(client)
    second = await make.tenant(client)
    # Half name the pair one way round, half the other: it is the same pair.
    pairs = [(first, second), (second, first)] * (RACERS // 2)
    result = await race(
        [
            lambda a=a, b=b: client.post(
                "/api/matchmaking/introductions", json={"tenant": a["id"], "other": b["id"]}
            )
            for a, b in pairs
        ],
        hold=("tenant", first["id"]),
    )
    assert result.statuses == {201: 1, 409: RACERS - 1}, result.texts()
    for loser in result.with_status(409):
        assert "already" in problem(loser, 409)["detail"]
    assert await Introduction.count() == 1


async def test_a_profile_made_for_a_tenant_being_deleted(client: AsyncClient) -> None:
    """A profile goes with its tenant (cascade): whichever commits first, the tenant is deleted
    and no profile is left; a PUT that lost is a 404, 409 or 428, never a 500 (it was, when its
    insert met the foreign key of a tenant deleted since its check)."""
    for _ in range(4):
        tenant = await make.tenant(client)
        profile = f"/api/matchmaking/profiles/{tenant['id']}"
        body = {"offers": ["tea"], "needs": [], "markets": []}
        calls = [
            partial(client.delete, f"/api/tenants/{tenant['id']}", params={"version": 1}),
            *[partial(client.put, profile, json=body) for _ in range(5)],
        ]
        result = await race(calls, hold=("tenant", tenant["id"]))
        deleted, *made = result.responses
        assert deleted.status_code == 204, result.texts()
        # 428: a PUT that found the profile another had just made, and named no version.
        assert {r.status_code for r in made} <= {200, 404, 409, 428}, result.texts()
        for refused in made:
            if refused.status_code != 200:
                problem(refused, refused.status_code)
        assert await BusinessProfile.count().where(BusinessProfile.tenant == tenant["id"]) == 0
