"""The Content-Security-Policy breaks nothing: no page logs a violation, the behaviours moved
out of inline handlers (a select submitting its form) still work, and an owner signs out."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import sign_in

PAGES = (
    "/",
    "/tenants",
    "/buildings",
    "/renewals",
    "/move-outs",
    "/space-requests",
    "/complaints",
    "/care",
    "/anchors",
    "/reports",
    "/matchmaking",
    "/referrals",
)


def _violations(page: Any) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_no_page_breaks_the_policy(manager_page: Any) -> None:
    seen = _violations(manager_page)
    for path in PAGES:
        manager_page.goto(path)
        expect(manager_page.locator("h1").first).to_be_visible()
    manager_page.goto("/tenants")
    manager_page.locator("#q").fill("Tech")
    manager_page.wait_for_timeout(800)  # htmx swaps the results in
    assert seen == []


def test_a_select_still_submits_its_form(manager_page: Any) -> None:
    seen = _violations(manager_page)
    manager_page.goto("/move-outs")
    manager_page.locator("select#churn").select_option(index=1)
    expect(manager_page).to_have_url(re.compile(r"/move-outs\?.*churn="))
    assert seen == []


def test_an_owner_signs_out(new_page: Any) -> None:
    page = new_page()
    sign_in(page, "owner")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
