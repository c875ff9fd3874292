"""Browser tests: a real server on the demo portfolio, driven by headless Chromium.

The server runs in a subprocess (uvicorn) on a free port of 127.0.0.1, on a fresh SQLite
file loaded with ``tenantcrm demo`` and "today" pinned, so every run sees the same portfolio.
Chromium is Debian's (``/usr/bin/chromium``, installed by ``.ci/run``); Playwright never
downloads a browser. Without Chromium the tests are skipped, except under CI (``CI=true``),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tenantcrm.devtools.ports import free_port

CHROMIUM = Path(os.environ.get("TENANTCRM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TODAY = "2026-11-23"
PASSWORD = "demo"
ROOT = Path(__file__).resolve().parents[2]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """A server on the demo portfolio, for the whole session."""
    scratch = Path(tempfile.mkdtemp(prefix="tenantcrm-browser-"))
    env = {
        **os.environ,
        "TENANTCRM_DATABASE_URL": f"sqlite:///{scratch / 'demo.sqlite3'}",
        "TENANTCRM_TODAY": TODAY,
        "TENANTCRM_SECRET_KEY": "browser-tests-only-not-a-secret-0123456789",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("TENANTCRM_TEST_DATABASE_URL", None)
    cli = [sys.executable, "-c", "from tenantcrm.cli import main; main()"]
    subprocess.run([*cli, "demo"], env=env, check=True, capture_output=True, cwd=ROOT)
    port = free_port()
    log = (scratch / "server.log").open("wb")
    uvicorn = [sys.executable, "-m", "uvicorn", "--factory", "tenantcrm.app:create_app"]
    server = subprocess.Popen(
        [*uvicorn, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((scratch / "server.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Chromium for one test module: Playwright's sync API runs an event loop while it is
    open, so it is closed before the async tests of other modules run."""
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium: Any, base_url: str) -> Iterator[Any]:
    """Open pages in a fresh browser context (its own cookies) at laptop width."""
    contexts: list[Any] = []

    def open_page(width: int = 1366, height: int = 768) -> Any:
        context = chromium.new_context(
            base_url=base_url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page: Any, username: str = "manager") -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


@pytest.fixture
def manager_page(new_page: Any) -> Any:
    page = new_page()
    sign_in(page, "manager")
    return page
