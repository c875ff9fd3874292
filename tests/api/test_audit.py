"""The audit trail: every change of a business record is recorded with who, when, what,
before and after, in the change's own transaction, and read back per tenant and per lease."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from httpx import AsyncClient

from tenantcrm.audit.actor import Actor, acting_as, current_actor
from tenantcrm.audit.tables import AuditEntry
from tenantcrm.auth import service as users
from tenantcrm.db import write_transaction
from tenantcrm.reminders import scheduler
from tenantcrm.settings import Settings
from tenantcrm.tenants.tables import Tenant
from tests.api import factories as make
from tests.api.checks import problem
from tests.app_fixtures import ADMIN, TODAY

PASSWORD = "manager-secret"


@pytest.fixture
async def manager(
    client: AsyncClient, transport: httpx.ASGITransport
) -> AsyncIterator[tuple[AsyncClient, dict[str, Any]]]:
    """A manager's API client (every change below is made by this user, not the admin)."""
    user = await make.user(client, display_name="Ann Manager", role="manager", password=PASSWORD)
    token = await users.create_token(user["username"])
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers
    ) as api:
        yield api, user


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    building = await make.building(client, name="IFC", currency="HKD")
    unit = await make.unit(client, building["id"], code="30-A")
    tenant = await make.tenant(client, name="Harbour Capital")
    lease = await make.lease(client, tenant["id"], [unit["id"]])
    return {"building": building, "unit": unit, "tenant": tenant, "lease": lease}


async def history(
    client: AsyncClient, scope: str, ident: str, **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(f"/api/{scope}/{ident}/history", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@dataclass(frozen=True)
class Case:
    """A kind of record: how to make one, which field to change and how to delete it."""

    kind: str
    create: Callable[[AsyncClient, dict[str, Any]], Awaitable[dict[str, Any]]]
    url: Callable[[dict[str, Any]], str]
    field: str
    before: Any
    after: Any
    deletable: bool = True
    in_lease: bool = False


def _post(path: str, body: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    async def create(api: AsyncClient, site: dict[str, Any]) -> dict[str, Any]:
        ids = {name: record["id"] for name, record in site.items()}
        return await make.created(api, path.format(**ids), body(site))

    return create


CASES = [
    Case(
        "contact",
        _post(
            "/api/contacts", lambda s: {"tenant": s["tenant"]["id"], "name": "Mei", "role": "CFO"}
        ),
        lambda r: f"/api/contacts/{r['id']}",
        "role",
        "CFO",
        "CEO",
    ),
    Case(
        "rent_step",
        _post(
            "/api/leases/{lease}/rent-steps",
            lambda s: {"kind": "fixed", "effective": "2026-01-01", "amount": "12000.00"},
        ),
        lambda r: f"/api/rent-steps/{r['id']}",
        "amount",
        "12000.00",
        "12500.00",
        in_lease=True,
    ),
    Case(
        "lease_option",
        _post(
            "/api/leases/{lease}/options",
            lambda s: {"kind": "break", "opens": "2026-06-01", "closes": "2026-09-30"},
        ),
        lambda r: f"/api/lease-options/{r['id']}",
        "note",
        "",
        "landlord agreed",
        in_lease=True,
    ),
    Case(
        "care_contact",
        _post(
            "/api/care/contacts",
            lambda s: {"tenant": s["tenant"]["id"], "kind": "call", "day": "2026-03-01"},
        ),
        lambda r: f"/api/care/contacts/{r['id']}",
        "notes",
        "",
        "asked about parking",
    ),
    Case(
        "complaint",
        _post(
            "/api/complaints",
            lambda s: {
                "tenant": s["tenant"]["id"],
                "building": s["building"]["id"],
                "lease": s["lease"]["id"],
                "category": "air_conditioning",
                "severity": "high",
                "description": "29 °C every afternoon",
            },
        ),
        lambda r: f"/api/complaints/{r['id']}",
        "description",
        "29 °C every afternoon",
        "30 °C every afternoon",
        deletable=False,
        in_lease=True,
    ),
    Case(
        "survey",
        _post(
            "/api/satisfaction/surveys",
            lambda s: {
                "tenant": s["tenant"]["id"],
                "building": s["building"]["id"],
                "overall": 7,
                "renewal_intent": "likely",
            },
        ),
        lambda r: f"/api/satisfaction/surveys/{r['id']}",
        "overall",
        7,
        9,
        deletable=False,
    ),
    Case(
        "business_relation",
        _post(
            "/api/matchmaking/relations",
            lambda s: {"tenant": s["tenant"]["id"], "name": "Huaxin Shenzhen", "kind": "affiliate"},
        ),
        lambda r: f"/api/matchmaking/relations/{r['id']}",
        "notes",
        "",
        "met at the fair",
    ),
    Case(
        "lease",
        lambda api, s: _same(s["lease"]),
        lambda r: f"/api/leases/{r['id']}",
        "base_rent",
        "10000.00",
        "12500.00",
        deletable=False,
        in_lease=True,
    ),
    Case(
        "tenant",
        lambda api, s: _same(s["tenant"]),
        lambda r: f"/api/tenants/{r['id']}",
        "headcount",
        None,
        120,
        deletable=False,
    ),
]


async def _same(record: dict[str, Any]) -> dict[str, Any]:
    return record


class RollbackError(Exception):
    """Raised to roll a transaction back."""


@pytest.mark.parametrize("case", CASES, ids=[case.kind for case in CASES])
async def test_each_change_records_who_what_before_and_after(
    client: AsyncClient,
    manager: tuple[AsyncClient, dict[str, Any]],
    site: dict[str, Any],
    case: Case,
) -> None:
    api, user = manager
    record = await case.create(api, site)
    url = case.url(record)
    version = record["version"]
    changed = await api.patch(url, json={case.field: case.after, "version": version})
    assert changed.status_code == 200, changed.text
    if case.deletable:
        deleted = await api.delete(url, params={"version": version + 1})
        assert deleted.status_code == 204, deleted.text

    tenant = site["tenant"]["id"]
    mine = [e for e in await history(client, "tenants", tenant) if e["record"] == record["id"]]
    actions = [e["action"] for e in mine]
    created_here = case.kind not in ("lease", "tenant")  # those two were made by the admin
    expected = ["delete"] if case.deletable else []
    assert actions == [*expected, "update", "insert"], "newest first"
    assert {e["kind"] for e in mine} == {case.kind}
    for entry in mine:
        if entry["action"] == "insert" and not created_here:
            assert (entry["actor"], entry["actor_id"] == user["id"]) == (ADMIN, False)
        else:
            assert (entry["actor"], entry["actor_id"]) == ("Ann Manager", user["id"])
        assert entry["tenant_id"] == tenant
        assert entry["lease_id"] == (site["lease"]["id"] if case.in_lease else None)
    update = next(e for e in mine if e["action"] == "update")
    assert update["changes"] == {case.field: {"before": case.before, "after": case.after}}, (
        "an update lists only the fields it changed"
    )
    insert = mine[-1]
    assert insert["changes"][case.field] == {"before": None, "after": case.before}
    assert not {"id", "version", "created_at"} & set(insert["changes"])
    if case.deletable:
        delete = mine[0]
        assert delete["changes"][case.field] == {"before": case.after, "after": None}
    if case.in_lease:
        in_lease = await history(client, "leases", site["lease"]["id"], kind=case.kind)
        assert [e["id"] for e in in_lease if e["record"] == record["id"]] == [e["id"] for e in mine]


async def test_money_reads_exactly_and_the_summary_is_readable(
    client: AsyncClient, manager: tuple[AsyncClient, dict[str, Any]], site: dict[str, Any]
) -> None:
    api, _ = manager
    lease = site["lease"]
    response = await api.patch(
        f"/api/leases/{lease['id']}", json={"base_rent": "12500.00", "version": lease["version"]}
    )
    assert response.status_code == 200, response.text
    [entry] = await history(client, "leases", lease["id"], kind="lease", actor="ann")
    assert entry["changes"] == {"base_rent": {"before": "10000.00", "after": "12500.00"}}
    assert entry["summary"] == "Lease 2025-01-01 to 2027-12-31: base rent 10,000.00 -> 12,500.00"


async def test_refused_changes_record_nothing(
    client: AsyncClient, manager: tuple[AsyncClient, dict[str, Any]], site: dict[str, Any]
) -> None:
    api, _ = manager
    tenant = site["tenant"]
    before = await AuditEntry.count()
    stale = await api.patch(f"/api/tenants/{tenant['id']}", json={"notes": "x", "version": 99})
    problem(stale, 409)
    bad = await api.post(
        f"/api/leases/{site['lease']['id']}/rent-steps",
        json={"kind": "fixed", "effective": "2031-01-01", "amount": "12000.00"},
    )
    problem(bad, 422)
    referenced = await api.delete(f"/api/buildings/{site['building']['id']}", params={"version": 1})
    problem(referenced, 409)
    assert await AuditEntry.count() == before


async def test_a_rolled_back_transaction_leaves_no_entry(client: AsyncClient) -> None:
    tenant = await make.tenant(client, name="Rollback Ltd")
    before = await AuditEntry.count()

    seen: list[int] = []

    async def change_then_fail() -> None:
        async with write_transaction():
            await Tenant.update({Tenant.notes: "never"}).where(Tenant.id == UUID(tenant["id"]))
            seen.append(await AuditEntry.count())
            raise RollbackError

    with acting_as(Actor("test")), pytest.raises(RollbackError):
        await change_then_fail()
    assert seen == [before + 1], "written with the change..."
    assert await AuditEntry.count() == before, "...and rolled back with it"
    assert (await client.get(f"/api/tenants/{tenant['id']}")).json()["notes"] == ""


async def test_histories_include_child_records_and_page_and_filter(
    client: AsyncClient, manager: tuple[AsyncClient, dict[str, Any]], site: dict[str, Any]
) -> None:
    api, _ = manager
    tenant, lease = site["tenant"], site["lease"]
    await make.contact(api, tenant["id"], name="Mei")
    await make.created(
        api,
        f"/api/leases/{lease['id']}/rent-steps",
        {"kind": "fixed", "effective": "2026-01-01", "amount": "12000.00"},
    )
    other = await make.tenant(client, name="Other Ltd")
    await make.contact(api, other["id"], name="Not here")

    everything = await history(client, "tenants", tenant["id"], limit=500)
    kinds = [e["kind"] for e in everything]
    assert kinds[:2] == ["rent_step", "contact"], "newest first"
    assert {"tenant", "lease", "lease_unit", "rent_step", "contact"} <= set(kinds)
    assert all(e["tenant_id"] == tenant["id"] for e in everything)
    in_lease = await history(client, "leases", lease["id"], limit=500)
    assert {e["kind"] for e in in_lease} >= {"lease", "lease_unit", "rent_step"}
    assert "contact" not in {e["kind"] for e in in_lease}, "a contact is the tenant's"

    first = (await client.get(f"/api/tenants/{tenant['id']}/history", params={"limit": 2})).json()
    second = (
        await client.get(f"/api/tenants/{tenant['id']}/history", params={"limit": 2, "offset": 2})
    ).json()
    assert first["total"] == second["total"] == len(everything)
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in everything[:4]]
    by_manager = await history(client, "tenants", tenant["id"], actor="ANN", limit=500)
    assert {e["kind"] for e in by_manager} == {"rent_step", "contact"}
    assert len(await history(client, "tenants", tenant["id"], kind="contact")) == 1
    assert await history(client, "tenants", tenant["id"], since="2199-12-31") == []
    assert len(await history(client, "tenants", tenant["id"], until="2199-12-31")) == len(
        everything
    )


async def test_history_input_is_checked(client: AsyncClient, site: dict[str, Any]) -> None:
    tenant = site["tenant"]["id"]
    url = f"/api/tenants/{tenant}/history"
    problem(await client.get(url, params={"kind": "spaceship"}), 422)
    problem(await client.get(url, params={"since": "not-a-day"}), 422)
    problem(await client.get(url, params={"until": "2200-01-01"}), 422)
    problem(await client.get(url, params={"limit": 0}), 422)
    missing = "00000000-0000-4000-8000-000000000000"
    problem(await client.get(f"/api/tenants/{missing}/history"), 404)
    problem(await client.get(f"/api/leases/{missing}/history"), 404)


async def test_secrets_never_reach_the_trail(client: AsyncClient) -> None:
    user = await make.user(client, password="very-secret-1")
    await users.create_token(user["username"], "script")
    rows = await AuditEntry.select(AuditEntry.changes).where(
        AuditEntry.subject_kind.is_in(["app_user", "api_token"])
    )
    text = str(rows)
    assert "[secret]" in text
    assert "very-secret-1" not in text
    assert "$" not in text, "no password hash"


async def test_the_daily_run_records_itself_as_the_actor(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Actor] = []

    async def step(*_: Any) -> None:
        seen.append(current_actor())

    for name in ("sweep", "deliver_email", "mail_owner_reports"):
        monkeypatch.setattr(scheduler, name, step)
    await scheduler.run_once(Settings(today=TODAY))
    assert seen == [Actor("system: daily run")] * 3
    assert current_actor() == Actor("system"), "and only while it runs"
