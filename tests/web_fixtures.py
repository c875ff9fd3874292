"""Signing in through the sign-in form like a browser, for the web page tests (a pytest
plugin), and reading what pages carry: their CSRF token, a field's message."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.api import factories as make

PASSWORD = "correct horse"
SignIn = Callable[..., Awaitable[httpx.AsyncClient]]


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

    async def signed(role: str, user: dict[str, Any] | None = None) -> httpx.AsyncClient:
        if user is None:
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
