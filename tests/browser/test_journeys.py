"""A leasing manager's day in the web UI, in headless Chromium on the demo portfolio."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import TODAY, sign_in

LONG_CJK = re.compile(r"[\u4e00-\u9fff]{8,}")


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
    while not any(LONG_CJK.search(n) for n in links.all_inner_texts()):
        page.get_by_role("navigation", name="Tenant pages", exact=True).get_by_role(
            "link", name="Next"
        ).click()
        expect(page).to_have_url(re.compile(r"offset="))
    # Three characters from inside a long Chinese name: its own words, not a suffix such as
    # 有限公司 that many names share.
    name = next(n for n in links.all_inner_texts() if LONG_CJK.search(n))
    part = LONG_CJK.search(name).group(0)[1:4]
    page.get_by_label("Search by name").fill(part)
    # htmx swaps the results in place and puts the search in the address bar.
    expect(page).to_have_url(re.compile(r"q=%"))
    expect(page.locator("#results caption")).to_contain_text(part)
    shown = page.locator("#results tbody td:first-child a").all_inner_texts()
    assert name in shown
    assert len(shown) < 10, "the search narrows the list"
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("heading", name="Contacts", exact=True)).to_be_visible()


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


def test_log_a_care_contact_and_see_it_in_the_history(manager_page: Any) -> None:
    page = manager_page
    page.goto("/care?within=0")
    page.locator("#due-h ~ .table-wrap tbody a").first.click()
    expect(page.get_by_role("heading", name="Care", exact=True)).to_be_visible()
    form = page.locator("#care form")
    # A day after today comes back with the message, and what was typed is kept.
    form.get_by_label("Kind").select_option("visit")
    form.get_by_label("Day").fill("2030-01-01")
    form.get_by_label("Notes").fill("Walked the floor with the office manager")
    form.get_by_role("button", name="Log contact").click()
    expect(page.locator("#day-error")).to_contain_text("must not be after today")
    expect(page.locator("#care form").get_by_label("Notes")).to_have_value(
        "Walked the floor with the office manager"
    )
    page.locator("#care form").get_by_label("Day").fill(TODAY)
    page.locator("#care form").get_by_role("button", name="Log contact").click()
    expect(page.get_by_role("status")).to_contain_text("The contact was logged")
    latest = page.locator("#care-history li").first
    expect(latest).to_contain_text(TODAY)
    expect(latest).to_contain_text("Walked the floor with the office manager")
    expect(page.locator("#care form").get_by_label("Notes")).to_have_value("")
    page.reload()
    expect(page.locator("#care-history li").first).to_contain_text("Walked the floor")


def test_an_owner_cannot_see_another_owners_building(new_page: Any) -> None:
    manager = new_page()
    sign_in(manager, "manager")
    manager.goto("/buildings")
    every = manager.locator("tbody a").evaluate_all("links => links.map(a => a.pathname)")
    assert len(every) > 1
    page = new_page()
    sign_in(page, "owner")
    page.goto("/buildings")
    mine = page.locator("tbody a").evaluate_all("links => links.map(a => a.pathname)")
    assert mine == [every[0]], "the owner owns the first building by name"
    others = [path for path in every if path not in mine]
    response = page.goto(others[0])
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    page.goto("/")
    figures = page.locator("#figures-h ~ .table-wrap tbody tr")
    expect(figures).to_have_count(1)
    page.goto("/reports")
    expect(page.get_by_role("button", name="Download the PDF")).to_be_visible()
    expect(page.get_by_label("Building").locator("option")).to_have_count(1)
