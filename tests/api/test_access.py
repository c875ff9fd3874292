"""Sign-in and roles: bearer tokens for the API, sessions with CSRF for the web pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tenantcrm.auth import service as users
from tests.api import factories as make
from tests.web_fixtures import PASSWORD, csrf_of


@pytest.fixture
async def browser(
    client: httpx.AsyncClient, transport: httpx.ASGITransport
) -> AsyncIterator[httpx.AsyncClient]:
    """A client with no token, keeping cookies like a browser."""
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        yield anonymous


async def token_client(
    transport: httpx.ASGITransport, client: httpx.AsyncClient, role: str
) -> httpx.AsyncClient:
    user = await make.user(client, role=role, password=PASSWORD)
    token = await users.create_token(user["username"])
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)


async def test_the_api_wants_a_token(client: httpx.AsyncClient, browser: httpx.AsyncClient) -> None:
    anonymous = await browser.get("/api/tenants")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    forged = await browser.get("/api/tenants", headers={"Authorization": "Bearer tcrm_nope"})
    assert forged.status_code == 401
    assert (await browser.get("/schema/openapi.json")).status_code == 200


async def test_owners_read_managers_edit_admins_manage_users(
    client: httpx.AsyncClient, transport: httpx.ASGITransport
) -> None:
    tenant: dict[str, Any] = {"name": "Harbour Capital", "industry": "banking"}
    mine, theirs = await make.building(client), await make.building(client)
    async with await token_client(transport, client, "owner") as owner:
        identity = await users.identity_for_token(owner.headers["Authorization"][7:])
        assert identity is not None
        await users.grant_buildings(identity.id, [mine["id"]])
        assert (await owner.get(f"/api/buildings/{mine['id']}")).status_code == 200
        assert (await owner.get(f"/api/buildings/{mine['id']}/occupancy")).status_code == 200
        assert (await owner.get(f"/api/buildings/{theirs['id']}")).status_code == 403
        churn = "/api/analytics/churn"
        assert (await owner.get(churn, params={"building": mine["id"]})).status_code == 200
        assert (await owner.get(churn, params={"building": theirs["id"]})).status_code == 403
        assert (await owner.get(churn)).status_code == 403, "the portfolio is not an owner's"
        assert (await owner.get("/api/tenants")).status_code == 403
        assert (await owner.post("/api/tenants", json=tenant)).status_code == 403
        assert (await owner.get("/api/users")).status_code == 403
    async with await token_client(transport, client, "manager") as manager:
        assert (await manager.post("/api/tenants", json=tenant)).status_code == 201
        assert (await manager.get("/api/users")).status_code == 403
        new_user = {"username": "intruder", "password": "abcd"}
        assert (await manager.post("/api/users", json=new_user)).status_code == 403
    assert (await client.get("/api/users")).status_code == 200
    assert (await make.total(client, "/api/tenants")) == 1


async def test_sign_in_out_with_csrf(client: httpx.AsyncClient, browser: httpx.AsyncClient) -> None:
    user = await make.user(client, password=PASSWORD, display_name="Li Wei")

    first = await browser.get("/")
    assert first.status_code in (302, 303)
    assert first.headers["location"] == "/login?next=/"

    page = await browser.get("/login", params={"next": "/"})
    assert page.status_code == 200
    form = {"username": user["username"], "password": PASSWORD, "next": "/"}
    refused = await browser.post("/login", data=form)
    assert refused.status_code == 403, "a form without its CSRF token is refused"

    wrong = await browser.post(
        "/login", data={**form, "password": "nope", "_csrf_token": csrf_of(page)}
    )
    assert wrong.status_code == 401
    assert f'value="{user["username"]}"' in wrong.text, "the form comes back filled in"
    assert "wrong password" in wrong.text

    signed = await browser.post("/login", data={**form, "_csrf_token": csrf_of(wrong)})
    assert signed.status_code == 303
    assert signed.headers["location"] == "/"
    home = await browser.get("/")
    assert home.status_code == 200
    assert "Li Wei" in home.text

    api = await browser.get("/api/tenants")
    assert api.status_code == 401, "the API never takes the session cookie"

    out = await browser.post("/logout", data={"_csrf_token": csrf_of(home)})
    assert out.status_code == 303
    assert (await browser.get("/")).status_code in (302, 303)


async def test_sign_in_never_redirects_off_site(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    page = await browser.get("/login")
    form = {
        "username": user["username"],
        "password": PASSWORD,
        "next": "//evil.example/",
        "_csrf_token": csrf_of(page),
    }
    signed = await browser.post("/login", data=form)
    assert signed.headers["location"] == "/"
