"""Time the daily reminder sweep over a generated portfolio, and over one twice its size.

    python -m bench.reminder_sweep --tenants 50000 100000
    python -m bench.reminder_sweep --portfolio /tmp/p50000.sqlite3 --portfolio /tmp/p100000.sqlite3
    python -m bench.reminder_sweep --tenants 50000 100000 --pg postgresql://postgres@127.0.0.1:5432/postgres

For each portfolio (generated with ``PortfolioSize.bench(tenants=N)`` into a scratch SQLite
file, or a copy of a file made by ``bench.generate``; or a throwaway PostgreSQL database that
is created and dropped) it times, in a child process with the database migrated:

1. ``first``: the first sweep on ``--today`` (nothing stored yet, window from settings);
2. ``again``: the same day once more (creates nothing);
3. ``next_day``: the next day (the daily case: one new day enters the window);
4. ``catch_up``: ten days later (nine missed days caught up at once);
5. ``year``: a sweep a year on that catches up the whole year (fills the store), then
   ``after_year``: the next day's sweep with a year of reminders stored.

Each line reports seconds, the drafts the sources returned and the reminders created. The
sweep should grow with what falls due, not with what is stored: compare the two portfolios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any


async def _measure(today: date, generate: int | None) -> list[dict[str, Any]]:
    # Imported here: the engine is chosen from the environment when tenantcrm loads.
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.migrate import migrate
    from tenantcrm.reminders.service import sweep
    from tenantcrm.reminders.tables import Reminder, SweepRun
    from tenantcrm.settings import get_settings
    from tenantcrm.tenants.tables import Tenant

    settings = get_settings()
    await migrate()
    await open_pool(settings)
    try:
        if generate:
            from tenantcrm.demo import PortfolioSize, generate_portfolio

            await generate_portfolio(PortfolioSize.bench(tenants=generate), today, 7)
            # The demo sweeps its day once; start from an empty store, as a first sweep would.
            await Reminder.delete(force=True)
            await SweepRun.delete(force=True)
        tenants = await Tenant.count()
        lines = []
        for label, day in (
            ("first", today),
            ("again", today),
            ("next_day", today + timedelta(days=1)),
            ("catch_up", today + timedelta(days=11)),
        ):
            began = time.perf_counter()
            result = await sweep(day, settings)
            seconds = time.perf_counter() - began
            lines.append(_line(tenants, label, day, result, seconds))
        year = settings.model_copy(update={"reminder_catch_up_days": 400})
        for label, day in (
            ("year", today + timedelta(days=376)),
            ("after_year", today + timedelta(days=377)),
        ):
            began = time.perf_counter()
            result = await sweep(day, year)
            lines.append(_line(tenants, label, day, result, time.perf_counter() - began))
        lines[-1]["stored"] = await Reminder.count()
        return lines
    finally:
        await close_pool()


def _line(tenants: int, label: str, day: date, result: Any, seconds: float) -> dict[str, Any]:
    return {
        "tenants": tenants,
        "sweep": label,
        "day": day.isoformat(),
        "span": f"{result.first}..{result.last}",
        "seconds": round(seconds, 3),
        "drafts": result.drafts,
        "created": result.created,
    }


def _child(args: argparse.Namespace) -> None:
    lines = asyncio.run(_measure(args.today, args.generate))
    for line in lines:
        print(json.dumps(line), flush=True)


def _run(url: str, today: date, generate: int | None) -> list[dict[str, Any]]:
    env = {
        **os.environ,
        "TENANTCRM_DATABASE_URL": url,
        "PICCOLO_CONF": "tenantcrm.piccolo_conf",
        "TENANTCRM_TODAY": today.isoformat(),
    }
    command = [sys.executable, "-m", "bench.reminder_sweep", "--child", "--today", str(today)]
    if generate:
        command += ["--generate", str(generate)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-4000:])
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the reminder sweep.")
    parser.add_argument("--tenants", type=int, nargs="*", default=[])
    parser.add_argument("--portfolio", type=Path, action="append", default=[])
    parser.add_argument(
        "--pg", help="a PostgreSQL URL (.../postgres): a throwaway database is made beside it"
    )
    parser.add_argument("--pg-db", default="tcrm_reminders_bench", help="its name (dropped)")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 15))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    lines: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="tenantcrm-remind-bench-") as scratch:
        for path in args.portfolio:
            copy = Path(scratch) / path.name
            shutil.copyfile(path, copy)
            lines += _run(f"sqlite:///{copy}", args.today, None)
            copy.unlink()
        for tenants in args.tenants:
            if args.pg:
                lines += _run_pg(args.pg, args.pg_db, tenants, args.today)
            else:
                url = f"sqlite:///{Path(scratch) / f'p{tenants}.sqlite3'}"
                lines += _run(url, args.today, tenants)
    for line in lines:
        print(json.dumps(line))
    print()
    print(f"{'tenants':>8} {'sweep':>9} {'seconds':>8} {'drafts':>7} {'created':>8}")
    for line in lines:
        print(
            f"{line['tenants']:>8} {line['sweep']:>9} {line['seconds']:>8.3f} "
            f"{line['drafts']:>7} {line['created']:>8}"
        )


def _run_pg(server: str, name: str, tenants: int, today: date) -> list[dict[str, Any]]:
    base = server.rsplit("/", 1)[0]
    pgadmin_url = f"{base}/postgres"
    subprocess.run(
        [sys.executable, "-m", "tenantcrm.devtools.pgadmin", pgadmin_url, "create", name],
        check=True,
    )
    try:
        return _run(f"{base}/{name}", today, tenants)
    finally:
        subprocess.run(
            [sys.executable, "-m", "tenantcrm.devtools.pgadmin", pgadmin_url, "drop", name],
            check=False,
        )


if __name__ == "__main__":
    main()
