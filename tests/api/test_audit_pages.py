"""The History of a tenant and of a lease in the web UI: the latest changes on the tenant and
lease pages, a full page with filters and paging; the leasing team only, never owners."""

from __future__ import annotations

import html
from typing import Any

import httpx
import pytest

from tenantcrm.auth import service as users
from tests.api import factories as make
from tests.web_fixtures import PASSWORD, SignIn


def _text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return html.unescape(response.text)


@pytest.fixture
async def portfolio(client: httpx.AsyncClient) -> dict[str, Any]:
    building = await make.building(client, name="IFC")
    unit = await make.unit(client, building["id"], code="30-A")
    tenant = await make.tenant(client, name="Harbour Capital")
    lease = await make.lease(client, tenant["id"], [unit["id"]])
    return {"building": building, "tenant": tenant, "lease": lease}


async def test_a_manager_reads_the_history_of_a_tenant_and_a_lease(
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    tenant, lease = portfolio["tenant"], portfolio["lease"]
    ann = await make.user(client, display_name="Ann Manager", role="manager", password=PASSWORD)
    browser = await sign_in("manager", ann)
    token = await users.create_token(ann["username"])
    api = {"Authorization": f"Bearer {token}"}
    changed = await client.patch(
        f"/api/leases/{lease['id']}",
        json={"base_rent": "12500.00", "version": lease["version"]},
        headers=api,
    )
    assert changed.status_code == 200, changed.text
    for n in range(30):
        await make.contact(client, tenant["id"], name=f"Person {n}")

    page = _text(await browser.get(f"/tenants/{tenant['id']}"))
    assert 'id="history"' in page
    assert f'hx-get="/tenants/{tenant["id"]}/history?section=1"' in page
    section = _text(await browser.get(f"/tenants/{tenant['id']}/history", params={"section": "1"}))
    assert section.count('<li class="change">') == 10, "the latest ten"
    assert "Contact Person 29 added" in section, "newest first"
    changes = section.split("</ol>")[0]
    assert tenant["id"] not in changes, "a record's link to the tenant goes without saying here"
    assert "<li>name" in changes, "the contact's own fields are shown"
    assert f"All {30 + 4} changes \u203a" in section

    lease_page = _text(await browser.get(f"/leases/{lease['id']}"))
    assert f'hx-get="/leases/{lease["id"]}/history?section=1"' in lease_page
    full = _text(await browser.get(f"/leases/{lease['id']}/history"))
    assert "Lease of Harbour Capital" in full
    assert "Ann Manager" in full
    assert "base rent" in full
    assert "10,000.00" in full
    assert "12,500.00" in full
    assert "Contact" not in full.split('id="results"')[1], "contacts are the tenant's"

    everything = _text(await browser.get(f"/tenants/{tenant['id']}/history"))
    assert "1\u201325 of 34" in everything
    older = _text(
        await browser.get(
            f"/tenants/{tenant['id']}/history",
            params={"offset": "25"},
            headers={"HX-Request": "true"},
        )
    )
    assert "26\u201334 of 34" in older
    assert "<h1>" not in older, "htmx gets the list alone"
    only_leases = _text(
        await browser.get(
            f"/tenants/{tenant['id']}/history", params={"kind": "lease", "actor": "ann"}
        )
    )
    assert "1\u20131 of 1" in only_leases
    odd = _text(
        await browser.get(
            f"/tenants/{tenant['id']}/history",
            params={"kind": "nope", "since": "yesterday", "offset": "x"},
        )
    )
    assert "1\u201325 of 34" in odd, "odd filters are ignored, as in the other lists"


async def test_owners_never_see_a_history(
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    owner_user = await make.user(client, role="owner", password=PASSWORD)
    await users.grant_buildings(owner_user["id"], [portfolio["building"]["id"]])
    owner = await sign_in("owner", owner_user)
    tenant, lease = portfolio["tenant"]["id"], portfolio["lease"]["id"]
    assert 'id="history"' not in _text(await owner.get(f"/tenants/{tenant}"))
    assert 'id="history"' not in _text(await owner.get(f"/leases/{lease}"))
    for url in (f"/tenants/{tenant}/history", f"/leases/{lease}/history"):
        assert (await owner.get(url)).status_code == 403
    token = await users.create_token(owner_user["username"])
    api = {"Authorization": f"Bearer {token}"}
    for url in (f"/api/tenants/{tenant}/history", f"/api/leases/{lease}/history"):
        assert (await client.get(url, headers=api)).status_code == 403
