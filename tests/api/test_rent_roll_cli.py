"""`tenantcrm import-rentroll`, run as a command against the tests' database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.api import factories as make
from tests.rentroll.files import csv_bytes, line, xlsx_bytes

COMMAND = [sys.executable, "-c", "from tenantcrm.cli import main; main()", "import-rentroll"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "TENANTCRM_TODAY": "2026-03-15"}
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


async def test_check_refuse_import_and_import_again(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    assert run(str(template), "--template").returncode == 0
    assert template.read_bytes().startswith(b"PK")

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([line(), line(unit="1301", tenant="Other", lease_end="2028-02-30")]))
    refused = run(str(bad))
    assert refused.returncode == 1
    assert "J3" in refused.stdout
    assert "is not a day of the calendar" in refused.stdout
    assert "nothing was imported" in refused.stdout
    assert await make.total(client, "/api/leases") == 0

    good = tmp_path / "good.xlsx"
    good.write_bytes(
        xlsx_bytes([line(tenant="瀚海资本有限公司"), line(unit="1301", tenant="Other")])
    )
    checked = run(str(good), "--dry-run")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "the file is clean" in checked.stdout
    assert await make.total(client, "/api/leases") == 0

    imported = run(str(good))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Imported 2 lines of good.xlsx" in imported.stdout
    assert await make.total(client, "/api/leases") == 2
    lease = (await client.get("/api/leases")).json()["items"][0]
    trail = (await client.get(f"/api/leases/{lease['id']}/history")).json()["items"]
    assert trail, "the imported records are in the audit trail"
    assert {e["actor"] for e in trail} == {"cli: import-rentroll"}
    again = run(str(good))
    assert "Nothing new" in again.stdout
    assert await make.total(client, "/api/leases") == 2
