"""Every screen at laptop and tablet width: it renders, and nothing but a table scrolls
sideways. Set TENANTCRM_SCREENSHOTS=<folder> to keep a PNG of each screen for a look."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

WIDTHS = {"laptop": (1366, 768), "tablet": (820, 1180)}


def _screens(page: Any) -> dict[str, str]:
    """Name -> path of every screen, found by following the app's own links."""
    screens = {"today": "/", "tenants": "/tenants", "buildings": "/buildings"}
    page.goto("/buildings")
    screens["stacking-plan"] = page.locator("tbody a").first.get_attribute("href")
    page.goto("/tenants?anchor=yes")
    screens["tenant-360"] = page.locator("#results tbody a").first.get_attribute("href")
    page.goto("/")
    screens["lease"] = page.locator("tbody a[href^='/leases/']").first.get_attribute("href")
    screens["renewals"] = "/renewals"
    page.goto("/renewals?stage=proposal_sent")
    screens["renewal"] = page.locator("tbody a").first.get_attribute("href")
    screens["space-requests"] = "/space-requests"
    screens["move-outs"] = "/move-outs"
    screens["care"] = "/care"
    screens["complaints"] = "/complaints"
    page.goto("/complaints?stage=awaiting_approval")
    screens["complaint"] = page.locator("tbody a[href^='/complaints/']").first.get_attribute("href")
    screens["reports"] = "/reports"
    screens["not-found"] = "/no-such-page"
    return screens


@pytest.mark.parametrize("width", WIDTHS)
def test_every_screen_fits_the_width(new_page: Any, width: str) -> None:
    shots = os.environ.get("TENANTCRM_SCREENSHOTS")
    page = new_page(*WIDTHS[width])
    sign_in(page)
    for name, path in _screens(page).items():
        response = page.goto(path)
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), name
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width} width"
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/{name}-{width}.png", full_page=True)
    page.goto("/login")
    if shots:
        login = new_page(*WIDTHS[width])
        login.goto("/login")
        login.screenshot(path=f"{shots}/login-{width}.png")
