"""Time `tenantcrm export` and `tenantcrm import-archive` over a generated portfolio.

    python -m bench.archive_roundtrip --tenants 10000
    python -m bench.archive_roundtrip --portfolio /tmp/p10000.sqlite3     # made by bench.generate
    python -m bench.archive_roundtrip --portfolio /tmp/p10000.sqlite3 --pg ''   # SQLite only

Takes a SQLite portfolio (generated with ``PortfolioSize.bench(tenants=N)`` into a scratch
file, or a copy of ``--portfolio``), then, each step in a fresh child process:

1. exports it (SQLite -> archive);
2. restores the archive into a new SQLite file;
3. restores it into a throwaway PostgreSQL database (``--pg`` server; created and dropped);
4. exports that PostgreSQL database again.

Prints per step the seconds, rows per second and, for exports, the archive's size; then
whether the table files of the three exports are byte-identical (they should be).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tenantcrm.devtools import pgadmin

ROOT = Path(__file__).resolve().parent.parent


async def _child(action: str, archive: Path) -> dict[str, Any]:
    # Imported here: the engine is chosen from the environment when tenantcrm loads.
    from tenantcrm.archive.export import export_archive
    from tenantcrm.archive.restore import restore_archive
    from tenantcrm.migrate import migrate

    await migrate()
    began = time.perf_counter()
    if action == "export":
        manifest = await export_archive(archive)
    else:
        manifest = await restore_archive(archive)
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "rows": manifest.total_rows, "tables": len(manifest.tables)}


def _run_child(action: str, url: str, archive: Path) -> dict[str, Any]:
    env = {**os.environ, "TENANTCRM_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.archive_roundtrip", "--child", action, str(archive)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if done.returncode != 0:
        raise SystemExit(f"{action} on {url} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _generate(url: str, tenants: int, today: date) -> None:
    env = {**os.environ, "TENANTCRM_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--tenants", str(tenants), "--today", str(today)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=7200,
    )


def _tables(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as opened:
        return {n: opened.read(n) for n in opened.namelist() if n.startswith("tables/")}


def _line(step: str, result: dict[str, Any], archive: Path | None = None) -> str:
    rate = result["rows"] / result["seconds"] if result["seconds"] else 0.0
    size = f"  archive {archive.stat().st_size / 1e6:8.1f} MB" if archive else ""
    return (
        f"{step:<28} {result['rows']:>9,} rows  {result['seconds']:7.2f} s  "
        f"{rate:>9,.0f} rows/s{size}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=10_000)
    parser.add_argument("--portfolio", type=Path, help="A SQLite portfolio to copy.")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 15))
    parser.add_argument(
        "--pg",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL maintenance URL ('' to skip PostgreSQL).",
    )
    parser.add_argument("--child", nargs=2, metavar=("ACTION", "ARCHIVE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        action, archive = args.child
        print(json.dumps(asyncio.run(_child(action, Path(archive)))))
        return

    scratch = Path(tempfile.mkdtemp(prefix="tenantcrm-archive-bench-"))
    try:
        source = scratch / "source.sqlite3"
        source_url = f"sqlite:///{source}"
        if args.portfolio:
            shutil.copyfile(args.portfolio, source)
        else:
            print(f"generating {args.tenants:,} tenants ...", flush=True)
            _generate(source_url, args.tenants, args.today)
        print(f"cores: {os.cpu_count()}  (shared with whatever else runs)")

        exported = scratch / "from-sqlite.zip"
        result = _run_child("export", source_url, exported)
        print(_line("export SQLite", result, exported), flush=True)
        archives = [exported]

        restored_url = f"sqlite:///{scratch / 'restored.sqlite3'}"
        print(_line("import-archive SQLite", _run_child("import", restored_url, exported)))

        if args.pg:
            name = f"archive_bench_{secrets.token_hex(4)}"
            pg_url = urlunsplit(urlsplit(args.pg)._replace(path=f"/{name}"))
            asyncio.run(pgadmin.run(args.pg, "create", name))
            try:
                print(_line("import-archive PostgreSQL", _run_child("import", pg_url, exported)))
                again = scratch / "from-postgres.zip"
                print(_line("export PostgreSQL", _run_child("export", pg_url, again), again))
                archives.append(again)
            finally:
                asyncio.run(pgadmin.run(args.pg, "drop", name))

        again = scratch / "from-restored-sqlite.zip"
        _run_child("export", restored_url, again)
        archives.append(again)
        first = _tables(archives[0])
        same = all(_tables(other) == first for other in archives[1:])
        print(f"table files byte-identical across {len(archives)} exports: {same}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
