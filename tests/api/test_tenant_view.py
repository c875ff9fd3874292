"""The tenant 360: profile, contacts, current and past lease cycles, current rent and area."""

from __future__ import annotations

from httpx import AsyncClient

from tests.api import factories as make
from tests.api.checks import ids, money, problem


async def test_tenant_360(client: AsyncClient) -> None:
    building = await make.building(client)
    u1 = await make.unit(client, building["id"], area="250.00", floor=20, code="20-01")
    u2 = await make.unit(client, building["id"], area="120.50", floor=21, code="21-01")
    u3 = await make.unit(client, building["id"], area="80.00", floor=22, code="22-01")
    tenant = await make.tenant(client, name="上海星河数据科技有限公司")
    other = await make.tenant(client)
    await make.contact(client, tenant["id"], name="Li Na", is_admin_head=True)
    await make.contact(client, tenant["id"], name="Zhang Wei", is_executive=True)
    await make.contact(client, tenant["id"], name="anna")
    await make.contact(client, other["id"], name="Someone Else")

    cycle1 = await make.lease(
        client,
        tenant["id"],
        [u1["id"]],
        start_date="2023-01-01",
        end_date="2025-12-31",
        status="renewed",
        base_rent="10000.00",
    )
    cycle2 = await make.lease(
        client,
        tenant["id"],
        [u1["id"], u2["id"]],
        start_date="2026-01-01",
        end_date="2028-12-31",
        status="active",
        previous=cycle1["id"],
        base_rent="15000.00",
        rent_steps=[
            {"kind": "fixed", "effective": "2026-03-01", "amount": "16000.00"},
            {"kind": "percent", "effective": "2027-01-01", "percent": "5"},
        ],
    )
    draft = await make.lease(
        client,
        tenant["id"],
        [u3["id"]],
        start_date="2026-07-01",
        end_date="2027-06-30",
        status="draft",
        base_rent="4000.00",
    )
    assert (cycle1["cycle"], cycle1["previous"]) == (1, None)
    assert (cycle2["cycle"], cycle2["previous"]) == (2, cycle1["id"]), "cycle follows previous"

    response = await client.get(f"/api/tenants/{tenant['id']}/view")
    assert response.status_code == 200, response.text
    view = response.json()
    assert view["on"] == "2026-03-15"
    assert view["tenant"]["name"] == "上海星河数据科技有限公司"
    # executives first, then by name ignoring case
    assert [c["name"] for c in view["contacts"]] == ["Zhang Wei", "anna", "Li Na"]
    assert sorted(ids(view["current_leases"])) == sorted([cycle2["id"], draft["id"]])
    assert ids(view["past_leases"]) == [cycle1["id"]]

    current = next(lease for lease in view["current_leases"] if lease["id"] == cycle2["id"])
    assert current["cycle"] == 2
    assert current["previous"] == cycle1["id"]
    assert [u["code"] for u in current["units"]] == ["20-01", "21-01"]
    assert money(current["area"]) == money("370.50")
    # the fixed step of 2026-03-01 has taken effect by 2026-03-15; next: +5 % on 2027-01-01
    assert current["current_rent"] == "16000.00"
    assert current["next_change"] == {
        "effective": "2027-01-01",
        "monthly_rent": "16800.00",
        "kind": "percent",
    }
    # only the lease in force counts: not the renewed cycle 1, not the draft
    assert view["current_rent"] == [{"currency": "CNY", "monthly_rent": "16000.00"}]
    assert view["leased_area"] == "370.50"


async def test_view_on_another_day(client: AsyncClient) -> None:
    building = await make.building(client)
    unit = await make.unit(client, building["id"], area="99.99")
    tenant = await make.tenant(client)
    await make.lease(
        client,
        tenant["id"],
        [unit["id"]],
        start_date="2026-01-01",
        end_date="2027-12-31",
        base_rent="15000.00",
        rent_steps=[{"kind": "fixed", "effective": "2026-03-01", "amount": "16000.00"}],
    )
    before_step = (await client.get(f"/api/tenants/{tenant['id']}/view?on=2026-02-28")).json()
    assert (before_step["on"], before_step["current_rent"]) == (
        "2026-02-28",
        [{"currency": "CNY", "monthly_rent": "15000.00"}],
    )
    assert before_step["leased_area"] == "99.99"
    after_term = (await client.get(f"/api/tenants/{tenant['id']}/view?on=2028-01-01")).json()
    assert (after_term["current_rent"], after_term["leased_area"]) == ([], "0.00")


async def test_view_of_a_tenant_without_leases(client: AsyncClient) -> None:
    tenant = await make.tenant(client)
    view = (await client.get(f"/api/tenants/{tenant['id']}/view")).json()
    assert (view["contacts"], view["current_leases"], view["past_leases"]) == ([], [], [])
    assert (view["current_rent"], view["leased_area"]) == ([], "0.00")
    problem(await client.get(f"/api/tenants/{tenant['id']}/view?on=2026-13-01"), 422, "on")
