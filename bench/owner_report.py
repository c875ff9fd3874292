"""Time the owner report of one large building, and how much of it is WeasyPrint.

    python -m bench.owner_report                 # a 500-tenant building, SQLite
    python -m bench.owner_report --tenants 1000 --period 2026-Q1

Generates one building with about ``--tenants`` occupiers (the demo generator, with its
renewals, move-outs, care, complaints and reminders) into a scratch SQLite file, then, in a
fresh child process, renders the report ``--repeat`` times and prints per run: seconds to
gather the figures (the services), to lay out the HTML (Jinja and the SVG charts) and to make
the PDF (WeasyPrint), the pages and bytes, and the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


async def _generate(tenants: int, today: date) -> None:
    from tenantcrm.demo import PortfolioSize, generate_portfolio
    from tenantcrm.migrate import migrate

    await migrate()
    floors = max(4, tenants // 12)
    size = PortfolioSize(
        buildings=1, floors=(floors, floors), units_per_floor=(14, 16), tenants=tenants
    )
    await generate_portfolio(size, today)


def _pages(pdf: bytes) -> int:
    """Pages of a PDF, by poppler's pdfinfo (0 when it is not installed)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        try:
            done = subprocess.run(
                ["pdfinfo", handle.name], capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return 0
    return next(
        int(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("Pages:")
    )


async def _render(period_text: str, today: date, repeat: int) -> list[dict[str, Any]]:
    from tenantcrm.buildings.tables import Building
    from tenantcrm.reports import service
    from tenantcrm.reports.period import parse_period
    from tenantcrm.settings import get_settings

    settings = get_settings()
    period = parse_period(period_text)
    building = await Building.select(Building.id).first()
    assert building is not None
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        report = await service.owner_report(building["id"], period, today)
        gathered = time.perf_counter()
        html = service.report_html(report, settings.templates_dir)
        laid_out = time.perf_counter()
        pdf = await asyncio.to_thread(service._pdf, html, settings.templates_dir)
        rendered = time.perf_counter()
        runs.append(
            {
                "tenants_in_rent_roll": len(report.rent_roll),
                "figures_s": round(gathered - began, 2),
                "html_s": round(laid_out - gathered, 2),
                "weasyprint_s": round(rendered - laid_out, 2),
                "total_s": round(rendered - began, 2),
                "pdf_bytes": len(pdf),
                "pages": _pages(pdf),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--period", default="2026-Q1")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 15))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(_render(args.period, args.today, args.repeat))))
        return
    scratch = Path(tempfile.mkdtemp(prefix="tenantcrm-report-bench-"))
    env = {
        **os.environ,
        "TENANTCRM_DATABASE_URL": f"sqlite:///{scratch / 'report.sqlite3'}",
        "PICCOLO_CONF": "tenantcrm.piccolo_conf",
        "TENANTCRM_TODAY": args.today.isoformat(),
    }
    os.environ.update(env)
    began = time.perf_counter()
    asyncio.run(_generate(args.tenants, args.today))
    print(
        f"generated one building for {args.tenants} tenants in {time.perf_counter() - began:.0f} s"
    )
    command = [sys.executable, "-m", "bench.owner_report", "--child", f"--period={args.period}"]
    command += [f"--today={args.today}", f"--repeat={args.repeat}"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"owner report, {args.period}, {runs[0]['tenants_in_rent_roll']} leases in the rent roll:"
    )
    for number, run in enumerate(runs, 1):
        share = run["weasyprint_s"] / run["total_s"] if run["total_s"] else 0
        print(
            f"  run {number}: {run['total_s']:.2f} s = figures {run['figures_s']:.2f} + html "
            f"{run['html_s']:.2f} + WeasyPrint {run['weasyprint_s']:.2f} ({share:.0%}); "
            f"{run['pages']} pages, {run['pdf_bytes']:,} bytes; peak RSS {run['peak_rss_mb']} MB"
        )


if __name__ == "__main__":
    main()
