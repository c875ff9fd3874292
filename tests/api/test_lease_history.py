"""A lease's past is kept: status moves only forward, ended leases take notes only, option
windows stay inside the term, a later cycle's units are renewals, a move-out closes its renewal."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import field_names


@pytest.fixture
async def site(client: AsyncClient) -> dict[str, Any]:
    """One building with units A, B, C; Harbour holds A and B on 2025-01-01..2027-12-31."""
    building = await make.building(client)
    a = await make.unit(client, building["id"], code="A")
    b = await make.unit(client, building["id"], code="B")
    c = await make.unit(client, building["id"], code="C")
    harbour = await make.tenant(client, name="Harbour Capital")
    lease = await make.lease(client, harbour["id"], [a["id"], b["id"]])
    return {"units": [a, b, c], "tenant": harbour, "lease": lease}


async def patch(client: AsyncClient, lease: dict[str, Any], **body: Any) -> Any:
    return await client.patch(
        f"/api/leases/{lease['id']}", json=body, headers={"If-Match": str(lease["version"])}
    )


async def move_out(client: AsyncClient, lease_id: str, day: str = "2026-03-01") -> None:
    body = {"lease": lease_id, "day": day, "reason": "bankruptcy"}
    await make.created(client, "/api/move-outs", body)


async def test_a_draft_is_signed_but_never_goes_back(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"])
    tenant = await make.tenant(client)
    draft = await make.lease(client, tenant["id"], [unit["id"]], status="draft")

    signed = await patch(client, draft, status="active")
    assert signed.status_code == 200
    back = await patch(client, signed.json(), status="draft")
    assert back.status_code == 409
    assert back.json()["conflicts"][0]["allowed"] == ["active"]
    ended = await patch(client, signed.json(), status="ended")
    assert ended.status_code == 409
    assert (await client.get(f"/api/leases/{draft['id']}")).json()["status"] == "active"


async def test_a_moved_out_lease_is_history(client: AsyncClient, site: dict[str, Any]) -> None:
    await move_out(client, site["lease"]["id"])
    ended = (await client.get(f"/api/leases/{site['lease']['id']}")).json()
    assert ended["status"] == "ended"

    reactivate = await patch(client, ended, status="active")
    assert reactivate.status_code == 409
    assert reactivate.json()["conflicts"][0]["allowed"] == []
    longer = await patch(client, ended, end_date="2030-12-31")
    assert longer.status_code == 409
    assert [c["field"] for c in longer.json()["conflicts"]] == ["end_date"]

    step = {"kind": "fixed", "effective": "2027-01-01", "amount": "12000.00"}
    added = await client.post(f"/api/leases/{ended['id']}/rent-steps", json=step)
    assert added.status_code == 409
    assert [c["field"] for c in added.json()["conflicts"]] == ["rent_steps"]

    noted = await patch(client, ended, notes="Keys returned on the day")
    assert noted.status_code == 200
    assert noted.json()["notes"] == "Keys returned on the day"
    assert noted.json()["status"] == "ended"
    assert noted.json()["end_date"] == ended["end_date"]


async def test_a_shorter_term_must_keep_its_option_windows(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    lease = site["lease"]
    option = {"kind": "renew", "opens": "2027-01-01", "closes": "2027-06-30"}
    await make.created(client, f"/api/leases/{lease['id']}/options", option)

    shorter = await patch(client, lease, end_date="2026-12-31")
    assert shorter.status_code == 422
    assert field_names(shorter.json()) == ["end_date"]
    assert (await client.get(f"/api/leases/{lease['id']}")).json()["end_date"] == "2027-12-31"
    dates = await client.get(f"/api/leases/{lease['id']}/critical-dates")
    assert dates.status_code == 200

    still_holds = await patch(client, lease, end_date="2027-09-30")
    assert still_holds.status_code == 200


async def test_a_later_cycle_renews_its_units_and_expands_into_others(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    a, _, c = (u["id"] for u in site["units"])
    fresh = await make.tenant(client)
    letting = await make.lease(
        client, fresh["id"], [c], start_date="2028-01-01", end_date="2028-06-30"
    )
    next_cycle = await make.lease(
        client,
        site["tenant"]["id"],
        [a, c],
        previous=site["lease"]["id"],
        start_date="2028-07-01",
        end_date="2030-12-31",
        status="draft",
    )
    assert next_cycle["cycle"] == 2
    assert [u["added_by"] for u in letting["units"]] == ["letting"]
    assert {u["unit"]: u["added_by"] for u in next_cycle["units"]} == {
        a: "renewal",
        c: "expansion",
    }


async def test_a_move_out_closes_the_open_renewal(
    client: AsyncClient, site: dict[str, Any]
) -> None:
    lease_id = site["lease"]["id"]
    renewal = await make.created(client, "/api/renewals", {"lease": lease_id})
    moved = await client.post(
        f"/api/renewals/{renewal['id']}/transitions", json={"to": "in_discussion"}
    )
    assert moved.status_code == 200, moved.text

    await move_out(client, lease_id)

    closed = (await client.get(f"/api/renewals/{renewal['id']}")).json()
    assert closed["state"] == "lost"
    assert closed["lost_reason"] == "tenant moved out on 2026-03-01: bankruptcy"
    assert closed["history"][-1]["to_state"] == "lost"
