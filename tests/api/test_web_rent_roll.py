"""The Import page: upload, the dry run's report as it comes, then the import; owners kept out."""

from __future__ import annotations

import asyncio
import re

import httpx

from tests.api import factories as make
from tests.rentroll.files import csv_bytes, line, xlsx_bytes
from tests.web_fixtures import SignIn, csrf_of


async def finished(browser: httpx.AsyncClient, job: str) -> httpx.Response:
    """The job's status part once it no longer polls (the job is done)."""
    for _ in range(400):
        part = await browser.get(f"{job}/status")
        assert part.status_code == 200, part.text
        if 'hx-trigger="every 1s"' not in part.text:
            return part
        await asyncio.sleep(0.05)
    raise AssertionError("the job did not finish")


async def upload(browser: httpx.AsyncClient, content: bytes, name: str) -> str:
    page = await browser.get("/imports")
    assert page.status_code == 200
    sent = await browser.post(
        "/imports", data={"_csrf_token": csrf_of(page)}, files={"file": (name, content)}
    )
    assert sent.status_code == 303, sent.text
    job = sent.headers["location"]
    assert re.fullmatch(r"/imports/[0-9a-f-]{36}", job)
    return job


async def test_upload_check_then_import(client: httpx.AsyncClient, sign_in: SignIn) -> None:
    manager = await sign_in("manager")
    rows = [
        line(tenant="瀚海资本有限公司", step1_date="2027-01-01", step1_rent="136,000.00"),
        line(unit="1301", floor="13", tenant="Blue Ocean Law", industry="legal"),
    ]
    job = await upload(manager, xlsx_bytes(rows), "roll.xlsx")

    page = await manager.get(job)
    assert page.status_code == 200
    assert "Import of roll.xlsx" in page.text
    report = await finished(manager, job)
    assert "The file is clean" in report.text
    assert "Import 2 leases" in report.text
    assert await make.total(client, "/api/leases") == 0, "a check imports nothing"

    page = await manager.get(job)
    started = await manager.post(f"{job}/import", data={"_csrf_token": csrf_of(page)})
    assert started.status_code == 303
    done = await finished(manager, job)
    assert "Imported" in done.text
    assert await make.total(client, "/api/leases") == 2
    tenants = (await client.get("/api/tenants", params={"q": "瀚海"})).json()["items"]
    assert len(tenants) == 1

    again = await manager.post(f"{job}/import", data={"_csrf_token": csrf_of(page)})
    assert again.status_code == 303
    assert await make.total(client, "/api/leases") == 2, "an upload imports once"

    listing = await manager.get("/imports")
    assert "roll.xlsx" in listing.text


async def test_a_file_with_problems_shows_them_and_no_import_button(
    client: httpx.AsyncClient, sign_in: SignIn
) -> None:
    manager = await sign_in("manager")
    rows = [line(), line(unit="1301", floor="13", tenant="Other", lease_end="2028-02-30")]
    job = await upload(manager, csv_bytes(rows), "roll.csv")
    report = await finished(manager, job)
    assert "1 problem: nothing can be imported" in report.text
    assert "<td>J3</td><td>lease_end</td><td>2028-02-30</td>" in report.text
    assert f'action="{job}/import"' not in report.text
    page = await manager.get(job)
    refused = await manager.post(f"{job}/import", data={"_csrf_token": csrf_of(page)})
    assert refused.status_code == 303
    assert await make.total(client, "/api/leases") == 0


async def test_an_empty_upload_is_refused_on_the_form(
    client: httpx.AsyncClient, sign_in: SignIn
) -> None:
    manager = await sign_in("manager")
    page = await manager.get("/imports")
    sent = await manager.post(
        "/imports", data={"_csrf_token": csrf_of(page)}, files={"file": ("roll.csv", b"")}
    )
    assert sent.status_code == 422
    assert "the file is empty" in sent.text


async def test_owners_and_other_users_are_kept_out(
    client: httpx.AsyncClient, sign_in: SignIn
) -> None:
    manager = await sign_in("manager")
    job = await upload(manager, csv_bytes([line()]), "roll.csv")
    owner = await sign_in("owner")
    assert (await owner.get("/imports")).status_code == 403
    assert (await owner.get("/imports/template.xlsx")).status_code == 403
    other = await sign_in("manager")
    assert (await other.get(job)).status_code == 404, "a job is its uploader's"
    assert "Import" not in (await owner.get("/")).text.split("<main")[0]
    nav = (await manager.get("/")).text.split("<main")[0]
    assert '<a href="/imports"' in nav


async def test_the_templates_download_from_the_page(
    client: httpx.AsyncClient, sign_in: SignIn
) -> None:
    manager = await sign_in("manager")
    xlsx = await manager.get("/imports/template.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    assert "rent-roll-template.xlsx" in xlsx.headers["content-disposition"]
    csv = await manager.get("/imports/template.csv")
    assert csv.text.lstrip("\ufeff").startswith("building,unit,floor,area,tenant,industry")
