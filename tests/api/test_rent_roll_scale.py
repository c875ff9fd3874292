"""Long rent rolls: 1,200 lines imported whole with progress; one bad line in 1,000 stops all.

Larger files are timed by bench/rentroll_import.py (10,000 lines).
"""

from __future__ import annotations

import httpx

from tenantcrm.rentroll import service
from tests.api import factories as make
from tests.app_fixtures import TODAY
from tests.rentroll.files import csv_bytes, portfolio, xlsx_bytes

LINES = 1_200


async def test_a_long_rent_roll_imports_whole_with_progress(client: httpx.AsyncClient) -> None:
    rows = portfolio(LINES)
    seen: list[tuple[int, int]] = []
    report = await service.import_rent_roll(
        xlsx_bytes(rows),
        "big.xlsx",
        dry_run=False,
        today=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.problems == []
    assert report.imported
    assert report.rows == LINES
    assert report.created.units == LINES
    assert report.created.leases == LINES // 2
    assert report.created.tenants == LINES // 2
    assert report.created.buildings == -(-LINES // 2_000), "2,000 units a building"
    total = report.created.buildings + LINES + LINES // 2 + LINES // 2
    assert seen[-1] == (total, total)
    assert len(seen) == total, "one call per record"
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert await make.total(client, "/api/leases") == LINES // 2
    assert await make.total(client, "/api/units") == LINES


async def test_one_bad_line_in_a_thousand_imports_nothing(client: httpx.AsyncClient) -> None:
    rows = portfolio(1_000)
    rows[321]["lease_end"] = "2028-02-30"
    report = await service.import_rent_roll(csv_bytes(rows), "big.csv", dry_run=False, today=TODAY)
    assert [(p.line, p.column, p.cell) for p in report.problems] == [(323, "lease_end", "J323")]
    assert not report.imported
    assert report.created.leases == 499, "the other leases were checked all the same"
    assert await make.total(client, "/api/leases") == 0
    assert await make.total(client, "/api/buildings") == 0
