"""The web pages over HTTP (both engines): each screen renders from the services, forms
come back filled in with messages when wrong, owners cannot write, errors are pages."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tenantcrm.auth import service as users
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.db import write_transaction
from tenantcrm.reminders import service as reminders
from tests.api import factories as make
from tests.app_fixtures import TODAY
from tests.web_fixtures import PASSWORD, SignIn, csrf_of, field_message


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
    for path in ("/renewals", "/space-requests", "/move-outs", "/care", "/complaints", "/reports"):
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
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    user = await make.user(client, role="owner", password=PASSWORD)
    await users.grant_buildings(user["id"], [portfolio["building"]["id"]])
    owner = await sign_in("owner", user)
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


# --- Today, the tenant's care, complaints, care, reports, owners ----------------------------


async def register_complaint(
    client: httpx.AsyncClient, portfolio: dict[str, Any], **overrides: Any
) -> dict[str, Any]:
    body = {
        "tenant": portfolio["tenant"]["id"],
        "building": portfolio["building"]["id"],
        "category": "air_conditioning",
        "severity": "high",
        "description": "Floor 4 is 29 °C every afternoon",
        **overrides,
    }
    return await make.created(client, "/api/complaints", body)


def section(page: str, heading_id: str) -> str:
    """The HTML of the section a heading opens (up to the next section)."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


async def test_today_lists_my_reminders_overdue_care_complaints_and_risk(
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    me = await make.user(client, role="manager", password=PASSWORD)
    tenant = portfolio["tenant"]
    await client.patch(
        f"/api/tenants/{tenant['id']}", json={"manager": me["id"], "version": tenant["version"]}
    )
    late = await register_complaint(client, portfolio, received_on="2026-03-01")
    drafts = [
        ReminderDraft(
            "lease.test",
            uuid.UUID(portfolio["lease"]["id"]),
            due,
            title,
            "",
            uuid.UUID(me["id"]),
            uuid.UUID(tenant["id"]),
        )
        for due, title in (
            (TODAY.replace(day=18), "Call about the renewal"),
            (TODAY.replace(month=5), "Far off: not on Today"),
        )
    ]
    async with write_transaction():
        await reminders.store(drafts)
    browser = await sign_in("manager", me)

    today = _html(await browser.get("/"))
    mine = section(today, "reminders-h")
    assert "Call about the renewal" in mine
    assert "Far off" not in mine, "only what falls due within 14 days"
    assert tenant["name"] in section(today, "care-h"), "no contact since the lease began"
    assert f'href="/complaints/{late["id"]}"' in section(today, "late-h")
    assert "Complaints past SLA" in today
    assert "Tenants at risk" in today

    reminder_id = re.search(r'id="reminder-([0-9a-f-]+)"', mine)
    assert reminder_id
    token = csrf_of(await browser.get("/tenants"))
    path = f"/reminders/{reminder_id.group(1)}/transition"
    headers = {"x-csrftoken": token, "hx-request": "true"}
    acknowledged = await browser.post(path, data={"to": "acknowledged"}, headers=headers)
    assert acknowledged.status_code == 200
    assert acknowledged.text.lstrip().startswith(f'<tr id="reminder-{reminder_id.group(1)}"')
    assert '<span class="badge state">Acknowledged</span>' in acknowledged.text
    snoozed = await browser.post(path, data={"to": "snoozed"}, headers=headers)
    assert "Snoozed until 2026-03-22" in snoozed.text, "a week from today"
    assert "Call about the renewal" not in section(_html(await browser.get("/")), "reminders-h")


async def test_a_care_contact_is_logged_in_place_on_the_tenant_page(
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    tenant_id = portfolio["tenant"]["id"]
    await register_complaint(client, portfolio)
    await make.created(
        client,
        "/api/satisfaction/surveys",
        {
            "tenant": tenant_id,
            "building": portfolio["building"]["id"],
            "answered_on": "2026-02-10",
            "overall": 4,
            "renewal_intent": "unsure",
        },
    )
    browser = await sign_in("manager")
    page = await browser.get(f"/tenants/{tenant_id}")
    view = _html(page)
    assert 'id="health-h"' in view
    assert "Plan: next contacts" in view
    assert "overdue" in section(view, "care-h")
    assert "Air conditioning" in section(view, "complaints-h")
    assert "2026-02-10" in section(view, "satisfaction-h")
    assert "No contact logged yet." in view

    headers = {"x-csrftoken": csrf_of(page), "hx-request": "true"}
    path = f"/tenants/{tenant_id}/care-contacts"
    bad = {"kind": "visit", "day": "2026-04-01", "notes": "Walked the fourth floor"}
    refused = await browser.post(path, data=bad, headers=headers)
    assert refused.status_code == 422
    assert "<html" not in refused.text, "htmx gets the care section only"
    assert "must not be after today" in field_message(refused, "day")
    assert ">Walked the fourth floor</textarea>" in refused.text
    assert 'value="2026-04-01"' in refused.text
    empty = await browser.post(path, data={"kind": "", "day": ""}, headers=headers)
    assert field_message(empty, "kind") == "is required"

    logged = await browser.post(path, data={**bad, "day": "2026-03-14"}, headers=headers)
    assert logged.status_code == 200
    history = logged.text[logged.text.index('id="care-history"') :]
    assert "2026-03-14" in history
    assert "Walked the fourth floor" in history
    assert ">Walked the fourth floor</textarea>" not in logged.text, "the form is reset"
    assert "Walked the fourth floor" in _html(await browser.get(f"/tenants/{tenant_id}"))


async def test_a_complaint_moves_on_with_what_each_stage_needs(
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    complaint = await register_complaint(client, portfolio, received_on="2026-03-01")
    other = await register_complaint(client, portfolio, category="noise", severity="low")
    browser = await sign_in("manager")
    late = _html(await browser.get("/complaints", params={"overdue": "yes"}))
    assert f'href="/complaints/{complaint["id"]}"' in late
    assert f'href="/complaints/{other["id"]}"' not in late
    listed = _html(await browser.get("/complaints", params={"stage": "registered"}))
    assert f'href="/complaints/{other["id"]}"' in listed

    path = f"/complaints/{complaint['id']}"
    page = await browser.get(path)
    token = csrf_of(page)
    assert "Start investigating" in _html(page)
    started = await browser.post(
        f"{path}/transitions", data={"_csrf_token": token, "to": "investigating"}
    )
    assert started.status_code == 303
    form = _html(await browser.get(path, params={"to": "proposing"}))
    assert 'name="cause"' in form
    assert 'name="responsible_department"' in form
    assert 'name="approver"' not in form
    refused = await browser.post(
        f"{path}/transitions", data={"_csrf_token": token, "to": "proposing", "cause": "A seal"}
    )
    assert refused.status_code == 422
    assert "is required" in field_message(refused, "responsible_department")
    assert ">A seal</textarea>" in refused.text
    moved = await browser.post(
        f"{path}/transitions",
        data={
            "_csrf_token": token,
            "to": "proposing",
            "cause": "A seal",
            "responsible_department": "engineering",
        },
    )
    assert moved.status_code == 303
    done = _html(await browser.get(path))
    assert '<li class="current" aria-current="step">Proposing</li>' in done
    assert "Investigating → Proposing" in done


async def test_the_care_page_and_the_owner_report_download(
    sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    browser = await sign_in("admin")
    care = _html(await browser.get("/care", params={"within": "0"}))
    assert portfolio["tenant"]["name"] in section(care, "due-h")
    assert "Pacific Square" in section(care, "byb-h")
    building = portfolio["building"]["id"]
    assert f'<option value="{building}" selected>' in _html(await browser.get("/reports"))
    pdf = await browser.get("/reports/owner", params={"building": building, "period": "2026-02"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    bad = await browser.get("/reports/owner", params={"building": building, "period": "2026-13"})
    assert bad.status_code == 422
    assert "a month (2026-03)" in field_message(bad, "period")


async def test_an_owner_sees_only_its_own_building(
    client: httpx.AsyncClient, sign_in: SignIn, portfolio: dict[str, Any]
) -> None:
    theirs = await make.building(client, name="Other Tower")
    unit = await make.unit(client, theirs["id"], floor=9, code="901")
    stranger = await make.tenant(client, name="Stranger Holdings")
    await make.lease(client, stranger["id"], [unit["id"]])
    foreign = await register_complaint(
        client, portfolio, tenant=stranger["id"], building=theirs["id"], received_on="2026-03-01"
    )
    user = await make.user(client, role="owner", password=PASSWORD)
    await users.grant_buildings(user["id"], [portfolio["building"]["id"]])
    owner = await sign_in("owner", user)

    listing = _html(await owner.get("/buildings"))
    assert "Pacific Square" in listing
    assert "Other Tower" not in listing
    refused = await owner.get(f"/buildings/{theirs['id']}")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "its own buildings" in refused.text
    assert (await owner.get(f"/tenants/{stranger['id']}")).status_code == 403
    assert (await owner.get(f"/complaints/{foreign['id']}")).status_code == 403
    tenants = _html(await owner.get("/tenants"))
    assert "Harbour Capital" in tenants
    assert "Stranger Holdings" not in tenants
    tried = _html(await owner.get("/tenants", params={"building": theirs["id"]}))
    assert "Stranger Holdings" not in tried, "another owner's building cannot be picked"
    today = _html(await owner.get("/"))
    assert "Other Tower" not in today
    assert "Stranger Holdings" not in today
    assert 'id="reminders-h"' not in today
    assert "Stranger Holdings" not in _html(await owner.get("/complaints"))
    report = await owner.get("/reports/owner", params={"building": theirs["id"], "period": "2026"})
    assert report.status_code == 403

    page = await owner.get(f"/tenants/{portfolio['tenant']['id']}")
    assert "Log a care contact" not in _html(page)
    assert "Start investigating" not in _html(
        await owner.get(f"/complaints/{(await register_complaint(client, portfolio))['id']}")
    )
    logged = await owner.post(
        f"/tenants/{portfolio['tenant']['id']}/care-contacts",
        data={"_csrf_token": csrf_of(page), "kind": "call", "day": "2026-03-14"},
    )
    assert logged.status_code == 403
