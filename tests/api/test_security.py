"""Security basics: failed sign-ins slowed down, cookie flags, security headers, no secret in
the logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from uvicorn.logging import AccessFormatter

from tenantcrm.app import create_app
from tenantcrm.auth import service as users
from tenantcrm.core import log_redaction
from tenantcrm.settings import Settings
from tests.api import factories as make
from tests.app_fixtures import TODAY
from tests.web_fixtures import PASSWORD, csrf_of

BASE = "http://testserver"


@pytest.fixture
async def browser(transport: httpx.ASGITransport) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as anonymous:
        yield anonymous


async def _try(browser: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    page = await browser.get("/login")
    form = {"username": username, "password": password, "_csrf_token": csrf_of(page)}
    return await browser.post("/login", data=form)


# --- failed sign-ins ----------------------------------------------------------------------


async def test_wrong_passwords_for_a_name_make_it_wait(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    for _ in range(5):
        assert (await _try(browser, user["username"], "guess")).status_code == 401
    blocked = await _try(browser, user["username"].upper(), PASSWORD)
    assert blocked.status_code == 429, "even the right password waits, whatever the case"
    assert 840 <= int(blocked.headers["retry-after"]) <= 900
    assert "Too many failed sign-ins" in blocked.text
    assert "try again in 15 minutes" in blocked.text
    assert f'value="{user["username"].upper()}"' in blocked.text, "the form comes back filled"
    other = await make.user(client, password=PASSWORD)
    assert (await _try(browser, other["username"], PASSWORD)).status_code == 303


async def test_a_good_sign_in_clears_its_names_failures(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    for _ in range(4):
        assert (await _try(browser, user["username"], "guess")).status_code == 401
    assert (await _try(browser, user["username"], PASSWORD)).status_code == 303
    for _ in range(4):
        assert (await _try(browser, user["username"], "guess")).status_code == 401
    assert (await _try(browser, user["username"], PASSWORD)).status_code == 303


async def test_many_names_from_one_address_make_it_wait(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    for n in range(20):
        assert (await _try(browser, f"nobody{n}", "guess")).status_code == 401
    blocked = await _try(browser, user["username"], PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0


async def test_unknown_bearer_tokens_make_the_address_wait(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    token = await users.create_token(user["username"])
    assert (await browser.get("/api/tenants", headers=_bearer(token))).status_code == 200
    for n in range(20):
        forged = await browser.get("/api/tenants", headers=_bearer(f"tcrm_forged{n}"))
        assert forged.status_code == 401
    blocked = await browser.get("/api/tenants", headers=_bearer(token))
    assert blocked.status_code == 429
    assert blocked.headers["content-type"].startswith("application/problem+json")
    assert int(blocked.headers["retry-after"]) > 0


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- cookies and headers -------------------------------------------------------------------


def _cookie(response: httpx.Response, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert found, f"{name} is set"
    return found[-1].lower()


async def test_cookies_are_http_only_and_same_site(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    page = await browser.get("/login")
    csrf = _cookie(page, "csrftoken")
    signed = await _try(browser, user["username"], PASSWORD)
    session = _cookie(signed, "tenantcrm_session")
    for cookie in (csrf, session):
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie, "the local demo over http://127.0.0.1 keeps working"
    assert "strict-transport-security" not in signed.headers


async def test_behind_tls_cookies_are_secure_and_hsts_is_sent(client: httpx.AsyncClient) -> None:
    user = await make.user(client, password=PASSWORD)
    app = create_app(Settings(today=TODAY, secure_cookies=True))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://crm.example") as tls:
        page = await tls.get("/login")
        assert "secure" in _cookie(page, "csrftoken")
        signed = await _try(tls, user["username"], PASSWORD)
        assert signed.status_code == 303
        assert "secure" in _cookie(signed, "tenantcrm_session")
        assert signed.headers["strict-transport-security"].startswith("max-age=31536000")


def test_off_the_loopback_cookies_are_secure_unless_said_otherwise() -> None:
    assert Settings(host="127.0.0.1").https_only is False
    assert Settings(host="0.0.0.0").https_only is True
    assert Settings(host="0.0.0.0", secure_cookies=False).https_only is False
    assert Settings(host="127.0.0.1", secure_cookies=True).https_only is True


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/login", 200),
        ("/", 302),
        ("/api/tenants", 401),
        ("/static/app.css", 200),
        ("/no-such-page", 404),
        ("/schema/openapi.json", 200),
    ],
)
async def test_every_response_carries_the_security_headers(
    client: httpx.AsyncClient, browser: httpx.AsyncClient, path: str, status: int
) -> None:
    response = await browser.get(path)
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    if not path.startswith("/schema"):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-eval" not in policy


async def test_the_api_reference_pages_load_their_viewer(browser: httpx.AsyncClient) -> None:
    swagger = await browser.get("/schema/swagger")
    assert swagger.status_code == 200
    assert "content-security-policy" not in swagger.headers, "its viewer is inline and on a CDN"
    assert swagger.headers["x-frame-options"] == "DENY"


async def test_pages_have_no_inline_script(
    client: httpx.AsyncClient, sign_in: Any, browser: httpx.AsyncClient
) -> None:
    """What the policy would block: inline <script>, on* handlers, javascript: links."""
    manager = await sign_in("manager")
    await make.building(client)
    for path in ("/", "/tenants", "/buildings", "/renewals", "/move-outs", "/anchors", "/care"):
        page = await manager.get(path)
        assert page.status_code == 200, path
        text = page.text.lower()
        for inline in ("<script>", "javascript:", " onchange=", " onclick=", " onsubmit="):
            assert inline not in text, f"{path}: {inline}"
    missing = await manager.get("/tenants/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert "javascript:" not in missing.text


# --- no secret in the logs ----------------------------------------------------------------


async def test_no_secret_reaches_the_logs(
    client: httpx.AsyncClient, browser: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = await make.user(client, password=PASSWORD)
    token = await users.create_token(user["username"])

    assert (await _try(browser, user["username"], "wrong horse")).status_code == 401
    signed = await _try(browser, user["username"], PASSWORD)
    assert signed.status_code == 303
    session = browser.cookies["tenantcrm_session"]
    assert (await browser.get("/api/tenants", headers=_bearer(token))).status_code == 200
    feed = await browser.get(f"/api/reminders/feed/{user['id']}.ics", params={"key": token})
    assert feed.status_code == 200
    logging.getLogger("tenantcrm.test").warning(
        "SMTP failed for smtp://mailer:%s@mail.example", "smtp-pass-123"
    )
    logging.getLogger("tenantcrm.test").info("request headers: %s", dict(signed.request.headers))

    logged = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert "/api/reminders/feed/" in logged, "the requests were logged"
    for secret in (PASSWORD, token, token.removeprefix("tcrm_"), session, "smtp-pass-123"):
        assert secret not in logged
    assert "[redacted]" in logged


def test_the_access_log_hides_the_feed_key() -> None:
    """uvicorn's access log writes the path with its query string, the feed's key included."""
    log_redaction.install()  # as create_app does
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/reminders/feed/u.ics?key=tcrm_s3cr3t&x=1", "1.1", 200),
        None,
    )
    line = AccessFormatter(fmt="%(client_addr)s - %(request_line)s %(status_code)s").format(record)
    assert "s3cr3t" not in line
    assert "/api/reminders/feed/u.ics?key=[redacted]&x=1" in line


def test_settings_never_show_their_secrets() -> None:
    settings = Settings(
        secret_key="k" * 40,
        smtp_password="smtp-pass-123",
        database_url="postgresql://crm:db-pass-456@db/crm",
    )
    shown = repr(settings) + str(settings)
    for secret in ("k" * 40, "smtp-pass-123", "db-pass-456"):
        assert secret not in shown


# --- holes the authorization walk led to ----------------------------------------------------


@pytest.mark.parametrize(
    ("target", "lands"),
    [
        ("/\\evil.example/", "/"),
        ("/\\/evil.example/", "/"),
        ("\\\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/tenants?q=Harbour", "/tenants?q=Harbour"),
    ],
)
async def test_sign_in_goes_back_only_to_this_site(
    client: httpx.AsyncClient, browser: httpx.AsyncClient, target: str, lands: str
) -> None:
    """Browsers read ``/\\evil.example`` as ``//evil.example``: another site."""
    user = await make.user(client, password=PASSWORD)
    page = await browser.get("/login")
    form = {
        "username": user["username"],
        "password": PASSWORD,
        "next": target,
        "_csrf_token": csrf_of(page),
    }
    signed = await browser.post("/login", data=form)
    assert signed.status_code == 303
    assert signed.headers["location"] == lands


async def test_a_repeated_building_is_refused_to_an_owner(
    client: httpx.AsyncClient, transport: httpx.ASGITransport
) -> None:
    """The policy checked one value of ``?building=`` and the handler read one: a repeated
    parameter with two values is refused rather than trusted to pick the same one."""
    mine, theirs = await make.building(client), await make.building(client)
    owner = await make.user(client, role="owner", password=PASSWORD)
    await users.grant_buildings(UUID(owner["id"]), [UUID(mine["id"])])
    token = await users.create_token(owner["username"])
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as asker:
        asker.headers.update(_bearer(token))
        path = "/api/analytics/expiries"
        for pair in ((theirs, mine), (mine, theirs)):
            query = f"building={pair[0]['id']}&building={pair[1]['id']}"
            assert (await asker.get(f"{path}?{query}")).status_code == 403
        same = f"building={mine['id']}&building={mine['id']}"
        assert (await asker.get(f"{path}?{same}")).status_code == 200


async def test_unknown_feed_keys_count_as_unknown_tokens(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    user = await make.user(client, password=PASSWORD)
    token = await users.create_token(user["username"])
    feed = f"/api/reminders/feed/{user['id']}.ics"
    assert (await browser.get(feed, params={"key": token})).status_code == 200
    for n in range(20):
        assert (await browser.get(feed, params={"key": f"tcrm_guess{n}"})).status_code == 401
    blocked = await browser.get(feed, params={"key": token})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0


async def test_an_unknown_name_costs_a_password_check_too(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else a wrong name answers faster than a wrong password, and names can be guessed."""
    checked: list[str] = []

    def verify(password_hash: str, password: str) -> bool:
        checked.append(password)
        return False

    monkeypatch.setattr(users, "verify_password", verify)
    await make.user(client, username="known", password=PASSWORD)
    assert await users.sign_in("known", "guess one") is None
    assert await users.sign_in("unknown", "guess two") is None
    assert checked == ["guess one", "guess two"]
