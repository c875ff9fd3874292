"""A leasing manager's day in the web UI, in headless Chromium on the demo portfolio."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import TODAY, sign_in

CJK = re.compile(r"[\u4e00-\u9fff]{4,}")


def test_sign_in_lands_on_today_and_sign_out_ends_it(new_page: Any) -> None:
    page = new_page()
    page.goto("/tenants")
    expect(page).to_have_url(re.compile(r"/login\?next=/tenants$"))
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong password")
    expect(page.get_by_label("Username")).to_have_value("manager")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Space requests")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_find_a_tenant_by_part_of_its_chinese_name(manager_page: Any) -> None:
    page = manager_page
    page.goto("/tenants")
    links = page.locator("#results tbody td:first-child a")
    while not any(CJK.search(n) for n in links.all_inner_texts()):
        page.get_by_role("navigation", name="Tenant pages", exact=True).get_by_role(
            "link", name="Next"
        ).click()
        expect(page).to_have_url(re.compile(r"offset="))
    name = next(n for n in links.all_inner_texts() if CJK.search(n))
    part = CJK.search(name).group(0)[1:3]  # two characters from inside the name
    page.get_by_label("Search by name").fill(part)
    # htmx swaps the results in place and puts the search in the address bar.
    expect(page).to_have_url(re.compile(r"q=%"))
    expect(page.locator("#results caption")).to_contain_text(part)
    shown = page.locator("#results tbody td:first-child a").all_inner_texts()
    assert name in shown
    assert len(shown) < 10, "the search narrows the list"
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()


def test_build_a_renewal_proposal_agree_and_sign(manager_page: Any) -> None:
    page = manager_page
    page.goto("/")
    page.get_by_role("link", name="Not opened").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lease in")
    page.get_by_label("Market rent / month").fill("250000")
    page.get_by_role("button", name="Open a renewal").click()
    expect(page.locator("#renewal-state")).to_have_text("Not started")
    page.get_by_role("button", name="Start discussing").click()
    expect(page.locator("#renewal-state")).to_have_text("In discussion")
    page.get_by_label("Term (months)").fill("36")
    page.get_by_label("Largest step (%)").fill("8")
    page.get_by_role("button", name="Build proposals").click()
    options = page.locator("article.option")
    expect(options).to_have_count(4)
    expect(options.first).to_contain_text("Net effective")
    expect(page.get_by_role("heading", name="Fixed steps")).to_be_visible()
    page.get_by_role("button", name="Mark proposal sent").click()
    page.get_by_role("button", name="Agree on Fixed steps").click()
    expect(page.locator("#renewal-state")).to_have_text("Agreed")
    expect(page.locator("article.option.chosen")).to_contain_text("Fixed steps")
    page.get_by_role("button", name="Sign: create the next lease").click()
    expect(page.locator("#renewal-state")).to_have_text("Signed")
    page.get_by_role("link", name="the next lease cycle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lease in")
    expect(page.locator(".sub")).to_contain_text("Cycle")


def test_a_form_error_keeps_what_was_typed(manager_page: Any) -> None:
    page = manager_page
    page.goto("/")
    page.get_by_role("link", name="Not opened").last.click()
    form = page.locator("#move-out form")
    form.get_by_label("Reason").select_option(label="Rent level")
    form.get_by_label("Count as").select_option("hard")
    form.get_by_label("Justification").fill("short")
    form.get_by_label("Notes").fill("Keep this note")
    form.get_by_role("button", name="Record move-out").click()
    justification = page.locator("#move-out").get_by_label("Justification")
    expect(page.locator("#justification-error")).to_contain_text("10 characters")
    expect(justification).to_have_attribute("aria-invalid", "true")
    expect(justification).to_have_value("short")
    expect(page.locator("#move-out").get_by_label("Notes")).to_have_value("Keep this note")
    expect(page.locator("#move-out").get_by_label("Reason")).to_have_value("rent_level")
    expect(page.locator("#move-out").get_by_label("Last day of occupancy")).to_have_value(TODAY)


def test_record_a_soft_churn_move_out(manager_page: Any) -> None:
    page = manager_page
    page.goto("/")
    page.get_by_role("link", name="Not opened").nth(1).click()
    tenant = page.locator("main p.muted a").first.inner_text()
    form = page.locator("#move-out form")
    form.get_by_label("Reason").select_option(label="Service quality")
    form.get_by_label("Last day of occupancy").fill(TODAY)
    form.get_by_role("button", name="Record move-out").click()
    expect(page).to_have_url(re.compile(r"/move-outs\?recorded="))
    expect(page.get_by_role("status")).to_contain_text("recorded")
    row = page.locator("tbody tr", has_text=tenant).first
    expect(row).to_contain_text("Service quality")
    expect(row).to_contain_text("Soft")


def test_stacking_plan_clicks_through_to_the_tenant(manager_page: Any) -> None:
    page = manager_page
    page.goto("/buildings")
    page.locator("tbody a").first.click()
    expect(page.get_by_role("heading", name="Lease expiry")).to_be_visible()
    floors = page.locator(".floor .level").all_inner_texts()
    numbers = [int(f.removesuffix("F")) for f in floors]
    assert numbers == sorted(numbers, reverse=True), "top floor first"
    block = page.locator("a.unit").first
    name = block.locator(".name").inner_text()
    block.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_an_owner_reads_but_cannot_edit(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "owner")
    page.get_by_role("link", name="Not opened").first.click()
    expect(page.get_by_role("heading", name="Move-out")).to_be_visible()
    expect(page.get_by_role("button", name="Record move-out")).to_have_count(0)
    expect(page.get_by_role("button", name="Open a renewal")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(
        page.url.split("#")[0] + "/move-out",
        form={"_csrf_token": token, "reason": "rent_level", "day": TODAY},
    )
    assert refused.status == 403
    assert "may read this but not change it" in refused.text()
    page.goto("/space-requests")
    expect(page.get_by_role("heading", name="Space requests")).to_be_visible()
    expect(page.locator("article.card button")).to_have_count(0)
