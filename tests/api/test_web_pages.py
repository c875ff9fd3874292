"""The web pages over HTTP (both engines): each screen renders from the services, forms
come back filled in with messages when wrong, owners cannot write, errors are pages."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.api import factories as make

PASSWORD = "correct horse"
SignIn = Callable[[str], Awaitable[httpx.AsyncClient]]


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found, "the page carries a CSRF token"
    return found.group(1)


def field_message(page: httpx.Response, field: str) -> str:
    found = re.search(rf'<span class="msg" id="{re.escape(field)}-error">([^<]*)</span>', page.text)
    assert found, f"a message next to {field}"
    return found.group(1)


@pytest.fixture
async def sign_in(
    client: httpx.AsyncClient, transport: httpx.ASGITransport
) -> AsyncIterator[SignIn]:
    """Sign a new user of a role in through the sign-in form, like a browser."""
    opened: list[httpx.AsyncClient] = []

    async def signed(role: str) -> httpx.AsyncClient:
        user = await make.user(client, role=role, password=PASSWORD)
        browser = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        opened.append(browser)
        page = await browser.get("/login")
        form = {"username": user["username"], "password": PASSWORD, "_csrf_token": csrf_of(page)}
        assert (await browser.post("/login", data=form)).status_code == 303
        return browser

    yield signed
    for browser in opened:
        await browser.aclose()


@pytest.fixture
async def portfolio(client: httpx.AsyncClient) -> dict[str, Any]:
    building = await make.building(client, name="Pacific Square")
    units = [await make.unit(client, building["id"], floor=f, code=f"{f}01") for f in (3, 4)]
    tenant = await make.tenant(
        client, name="上海华景置业有限公司", is_anchor=True, anchor_category="listed_company"
    )
    await make.contact(client, tenant["id"], name="王芳", role="Office Manager")
    lease = await make.lease(client, tenant["id"], [units[1]["id"]], end_date="2026-12-31")
    other = await make.tenant(client, name="Harbour Capital")
    await make.lease(client, other["id"], [units[0]["id"]])
    return {"building": building, "tenant": tenant, "lease": lease}


def _html(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


async def test_every_screen_renders(sign_in: SignIn, portfolio: dict[str, Any]) -> None:
    browser = await sign_in("manager")
    tenant, lease, building = portfolio["tenant"], portfolio["lease"], portfolio["building"]

    today = _html(await browser.get("/"))
    assert "Leases ending within 12 months" in today
    assert f'href="/leases/{lease["id"]}"' in today, "the lease ends this year"
    assert "Pacific Square" in today

    found = _html(await browser.get("/tenants", params={"q": "华景"}))
    assert "上海华景置业有限公司" in found
    assert "Harbour Capital" not in found
    partial = await browser.get("/tenants", params={"q": "华景"}, headers={"HX-Request": "true"})
    assert "上海华景置业有限公司" in partial.text
    assert "<html" not in partial.text, "htmx gets the results only"

    view = _html(await browser.get(f"/tenants/{tenant['id']}"))
    assert "Anchor" in view
    assert "王芳" in view
    assert "10,000.00" in view, "the rent in force"
    assert "<svg" in view, "the rent chart"

    plan = _html(await browser.get(f"/buildings/{building['id']}"))
    floors = re.findall(r'class="level"[^>]*>(\d+)F<', plan)
    assert floors == ["4", "3"], "top floor first"
    assert f'href="/tenants/{tenant["id"]}"' in plan
    assert "Harbour Capital" in plan
    assert "Pacific Square" in _html(await browser.get("/buildings"))

    page = _html(await browser.get(f"/leases/{lease['id']}"))
    assert "Record move-out" in page
    assert "Open a renewal" in page
    assert '<optgroup label="Hard churn">' in page
    assert '<optgroup label="Soft churn">' in page
    for path in ("/renewals", "/space-requests", "/move-outs"):
        _html(await browser.get(path))


async def test_a_bad_move_out_comes_back_filled_in_then_a_good_one_is_recorded(
    sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    browser = await sign_in("manager")
    lease_id = portfolio["lease"]["id"]
    page = await browser.get(f"/leases/{lease_id}")
    form = {
        "_csrf_token": csrf_of(page),
        "reason": "rent_level",
        "day": "2030-01-01",
        "class_override": "hard",
        "justification": "short",
        "notes": "Asked twice about the rent",
    }
    refused = await browser.post(f"/leases/{lease_id}/move-out", data=form)
    assert refused.status_code == 422
    assert "within the lease term" in field_message(refused, "day")
    assert "10 characters" in field_message(refused, "justification")
    assert 'value="2030-01-01"' in refused.text
    assert ">Asked twice about the rent</textarea>" in refused.text
    assert '<option value="rent_level" selected>' in refused.text
    assert '<option value="hard" selected>' in refused.text

    empty = await browser.post(
        f"/leases/{lease_id}/move-out", data={"_csrf_token": form["_csrf_token"]}
    )
    assert empty.status_code == 422
    assert field_message(empty, "reason") == "is required"

    good = {**form, "day": "2026-03-15", "class_override": "", "justification": ""}
    recorded = await browser.post(f"/leases/{lease_id}/move-out", data=good)
    assert recorded.status_code == 303
    listing = _html(await browser.get(recorded.headers["location"]))
    assert "The move-out was recorded" in listing
    assert "上海华景置业有限公司" in listing
    assert '<span class="badge soft">Soft</span>' in listing
    after = _html(await browser.get(f"/leases/{lease_id}"))
    assert "Record move-out" not in after
    assert "Moved out on 2026-03-15" in after


async def test_a_renewal_from_opening_to_signing(
    sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    browser = await sign_in("manager")
    lease_id = portfolio["lease"]["id"]
    token = csrf_of(await browser.get(f"/leases/{lease_id}"))

    bad = await browser.post(
        f"/leases/{lease_id}/renewal", data={"_csrf_token": token, "market_rent": "lots"}
    )
    assert bad.status_code == 422
    assert field_message(bad, "market_rent") == "should be a number, e.g. 12500.00"
    assert 'value="lots"' in bad.text

    opened = await browser.post(
        f"/leases/{lease_id}/renewal", data={"_csrf_token": token, "market_rent": "11000"}
    )
    assert opened.status_code == 303
    renewal = opened.headers["location"]

    async def move(to: str, **extra: str) -> httpx.Response:
        return await browser.post(
            f"{renewal}/transitions", data={"_csrf_token": token, "to": to, **extra}
        )

    assert (await move("in_discussion")).status_code == 303
    proposal = {
        "_csrf_token": token,
        "market_rent": "11000",
        "term_months": "36",
        "policy.max_step_percent": "5",
        "policy.steps": "0",
        "policy.step_every_months": "12",
        "policy.index_rate_percent": "3",
        "policy.index_floor_percent": "1",
        "policy.index_cap_percent": "5",
    }
    refused = await browser.post(f"{renewal}/proposals", data=proposal)
    assert refused.status_code == 422
    assert "greater than or equal to 1" in field_message(refused, "policy.steps")
    assert 'name="term_months" type="number" value="36"' in refused.text

    built = await browser.post(f"{renewal}/proposals", data={**proposal, "policy.steps": "2"})
    assert built.status_code == 303
    page = _html(await browser.get(renewal))
    assert page.count('<article class="option') == 4
    assert "Net effective" in page
    assert 'name="option" value="fixed_step"' not in page, "chosen only once the proposal is sent"

    assert (await move("proposal_sent")).status_code == 303
    assert (await move("agreed", option="fixed_step")).status_code == 303
    page = _html(await browser.get(renewal))
    assert '<article class="option chosen" aria-labelledby="opt-fixed_step">' in page
    lost = await move("lost")
    assert lost.status_code == 422
    assert field_message(lost, "reason") == "is required to mark a renewal lost"
    assert (await move("signed")).status_code == 303
    signed = _html(await browser.get(renewal))
    assert "the next lease cycle" in signed
    assert "Build proposals" not in signed, "a signed renewal takes no more proposals"


async def test_an_owner_reads_but_every_write_is_refused(
    sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    owner = await sign_in("owner")
    lease_id = portfolio["lease"]["id"]
    response = await owner.get(f"/leases/{lease_id}")
    page = _html(response)
    assert "Record move-out" not in page
    assert "Open a renewal" not in page
    form = {"_csrf_token": csrf_of(response), "reason": "rent_level", "day": "2026-03-15"}
    refused = await owner.post(f"/leases/{lease_id}/move-out", data=form)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "may read this but not change it" in refused.text
    assert "Record move-out" in _html(await (await sign_in("manager")).get(f"/leases/{lease_id}"))


async def test_errors_are_pages_and_assets_are_public(
    sign_in: SignIn, transport: httpx.ASGITransport
) -> None:
    browser = await sign_in("manager")
    missing = await browser.get(f"/tenants/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "does not exist" in missing.text
    assert (await browser.get("/no-such-page")).status_code == 404
    api = await browser.get(f"/api/tenants/{uuid.uuid4()}")
    assert api.headers["content-type"].startswith("application/problem+json")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        assert (await anonymous.get("/tenants")).status_code in (302, 303)
        for asset in ("/static/htmx.min.js", "/static/app.css", "/static/htmx.LICENSE"):
            assert (await anonymous.get(asset)).status_code == 200, asset
