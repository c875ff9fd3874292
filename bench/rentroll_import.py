"""Rent roll import speed: lines per second to read, check and import a large rent roll.

    python -m bench.rentroll_import                     # 10,000 lines, SQLite
    python -m bench.rentroll_import --db postgres --lines 10000

Makes a rent roll of ``--lines`` lines (leases of two units each, 40 units a floor, buildings of
2,000 units, a rent step on every lease and free rent on every third: ``--lines`` units and
half as many tenants and leases) as an .xlsx workbook and as CSV, then prints, each as
seconds and lines/s:

1. read + check the file alone (no database), .xlsx and CSV;
2. a dry run against an empty database (everything would be created, then rolled back);
3. the import itself (everything created, one transaction);
4. the same file imported again (everything matched and left as it is: nothing created).

The database is a fresh SQLite file in a temp dir, or a throwaway PostgreSQL database
``tenantcrm_bench_rentroll`` on ``--pg`` (dropped at the end). Figures, not asserts: they
move with whatever else runs on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2026, 3, 15)
PG_NAME = "tenantcrm_bench_rentroll"


def rent_roll(count: int) -> list[dict[str, Any]]:
    """``count`` lines of leases of two units each (see the module's docstring)."""
    rows = []
    for index in range(count):
        lease = index // 2
        building, place = divmod(index, 2_000)
        floor, slot = divmod(place, 40)
        rows.append(
            {
                "building": f"Tower {building + 1}",
                "unit": f"{floor + 1}-{slot + 1:02d}",
                "floor": floor + 1,
                "area": 100 + index % 50 + 0.25,
                "tenant": f"租户 {lease + 1} 有限公司",
                "industry": "technology",
                "lease_start": date(2025, 7, 1),
                "lease_end": date(2028, 6, 30),
                "currency": "CNY",
                "monthly_rent": 20_000 + lease % 1_000,
                "free_months": 2 if lease % 3 == 0 else None,
                "step1_date": date(2027, 7, 1),
                "step1_rent": "4%",
            }
        )
    return rows


def as_xlsx(rows: list[dict[str, Any]]) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rent roll")
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        sheet.append([row[key] for key in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    header = list(rows[0])
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row[k] is None else str(row[k]) for k in header])
    return ("\ufeff" + buffer.getvalue()).encode()


def _figure(label: str, lines: int, seconds: float) -> None:
    print(f"{label:<44} {seconds:8.2f} s {lines / seconds:10,.0f} lines/s")


async def _measure(lines: int, xlsx: bytes, csv: bytes) -> None:
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.migrate import migrate
    from tenantcrm.rentroll import service
    from tenantcrm.rentroll.parsing import parse_rent_roll
    from tenantcrm.rentroll.reading import read_sheet
    from tenantcrm.settings import get_settings

    for name, content in (("xlsx", xlsx), ("csv", csv)):
        started = time.perf_counter()
        roll = parse_rent_roll(read_sheet(content, f"roll.{name}").lines, TODAY)
        assert roll.clean, roll.problems[:5]
        _figure(f"read + check the {name} file (no database)", lines, time.perf_counter() - started)

    await migrate()
    await open_pool(get_settings())
    try:
        for label, dry_run in (
            ("dry run, empty database", True),
            ("import, empty database", False),
            ("import again (all matched, nothing new)", False),
        ):
            started = time.perf_counter()
            report = await service.import_rent_roll(csv, "roll.csv", dry_run=dry_run, today=TODAY)
            seconds = time.perf_counter() - started
            assert report.clean, report.problems[:5]
            _figure(f"{label} (csv)", lines, seconds)
            print(f"    created {report.created}; existing {report.existing}")
    finally:
        await close_pool()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    rows = rent_roll(args.lines)
    started = time.perf_counter()
    xlsx, csv = as_xlsx(rows), as_csv(rows)
    print(
        f"{args.lines:,} lines: .xlsx {len(xlsx) / 1e6:.1f} MB, CSV {len(csv) / 1e6:.1f} MB "
        f"(made in {time.perf_counter() - started:.1f} s); {os.cpu_count()} cores; {args.db}"
    )
    scratch = Path(tempfile.mkdtemp(prefix="bench-rentroll-"))
    if args.db == "sqlite":
        os.environ["TENANTCRM_DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    else:
        from tenantcrm.devtools import pgadmin

        asyncio.run(pgadmin.run(f"{args.pg}/postgres", "create", PG_NAME))
        os.environ["TENANTCRM_DATABASE_URL"] = f"{args.pg}/{PG_NAME}"
    os.environ["PICCOLO_CONF"] = "tenantcrm.piccolo_conf"
    try:
        asyncio.run(_measure(args.lines, xlsx, csv))
    finally:
        if args.db == "postgres":
            from tenantcrm.devtools import pgadmin

            asyncio.run(pgadmin.run(f"{args.pg}/postgres", "drop", PG_NAME))


if __name__ == "__main__":
    main()
