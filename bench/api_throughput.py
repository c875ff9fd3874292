"""API throughput at scale: the real app against a bare-framework floor.

    python -m bench.api_throughput --db sqlite --tenants 50000 --seconds 20 --concurrency 16

1. Builds a portfolio of ``--tenants`` tenants in a fresh database (SQLite: a file in a temp
   dir; PostgreSQL: a throwaway database ``tenantcrm_bench``, dropped at the end).
2. Starts the app under uvicorn (one worker) and a bare Litestar app (bench/floor_app.py),
   both on 127.0.0.1.
3. Loads each scenario in turn from a separate process (bench/load.py): the tenant list
   (filters, paging, name search), the tenant 360 and the floor page; prints requests/s,
   p50/p95 latency and errors, each against the floor, then a plain table.

Everything is bounded in time and count and stops by itself. This is a measurement, not a
test: nothing fails on time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.floor_app import FLOOR_PATH
from tenantcrm.devtools.ports import free_port
from tenantcrm.tenants.enums import Industry, Tier

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "tenantcrm_bench"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
GENERATE_TIMEOUT = 3 * 3600  # seconds; 50,000 tenants take about a minute
START_TIMEOUT = 60.0
APP_TARGET = "tenantcrm.app:create_app"
APP_PROBE = "/login"
FLOOR_TARGET = "bench.floor_app:create_app"


@dataclass(frozen=True)
class Scenario:
    name: str
    server: str  # "app" or "floor"
    paths: list[str]


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    figures: dict[str, Any]


# --- databases --------------------------------------------------------------------------


def _require_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing {host!r}: the bench only talks to loopback addresses")


def _with_database(server_url: str, database: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", ""))


async def _recreate_pg(server_url: str, drop_only: bool = False) -> None:
    import asyncpg

    connection = await asyncpg.connect(_with_database(server_url, "postgres"), timeout=10)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            await connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    finally:
        await connection.close()


@contextmanager
def fresh_database(db: str, pg_server: str) -> Iterator[str]:
    """The URL of a new, empty database, removed again afterwards."""
    if db == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="tenantcrm-bench-"))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    _require_loopback(pg_server)
    asyncio.run(_recreate_pg(pg_server))
    try:
        yield _with_database(pg_server, BENCH_DATABASE)
    finally:
        asyncio.run(_recreate_pg(pg_server, drop_only=True))


def apply_sql(database_url: str, script: str) -> None:
    """Run an SQL script (``--sql``) against the bench database, e.g. to try an index."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            connection.executescript(script)
        return

    async def run() -> None:
        import asyncpg

        connection = await asyncpg.connect(database_url, timeout=10)
        try:
            await connection.execute(script)
        finally:
            await connection.close()

    asyncio.run(run())


# --- processes --------------------------------------------------------------------------


def _env(database_url: str, today: date) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENANTCRM_")}
    env.update(
        TENANTCRM_DATABASE_URL=database_url,
        TENANTCRM_TODAY=today.isoformat(),
        PICCOLO_CONF="tenantcrm.piccolo_conf",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def _last_json(output: str) -> dict[str, Any]:
    """The JSON object a helper prints last (migrations print their own lines before it)."""
    for line in reversed(output.strip().splitlines()):
        if line.startswith("{"):
            parsed: dict[str, Any] = json.loads(line)
            return parsed
    raise RuntimeError(f"no JSON result in output:\n{output[-2000:]}")


def generate(env: dict[str, str], tenants: int, today: date, seed: int, out: Path) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.generate",
        f"--tenants={tenants}",
        f"--today={today.isoformat()}",
        f"--seed={seed}",
        f"--sample-out={out}",
    ]
    done = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=GENERATE_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"generation failed:\n{done.stderr[-4000:]}")
    return _last_json(done.stdout)


@contextmanager
def server(target: str, env: dict[str, str], probe: str, log: Path) -> Iterator[str]:
    """``target`` (module:factory) under uvicorn with one worker; yields its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--factory",
        "--host=127.0.0.1",
        f"--port={port}",
        "--workers=1",
        "--no-access-log",
        "--log-level=warning",
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=sink, stderr=sink)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base + probe, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise SystemExit(f"server not ready after {START_TIMEOUT:.0f} s: {url}")


def load(
    base: str,
    scenario: Scenario,
    seconds: float,
    warmup: float,
    concurrency: int,
    scratch: Path,
    token: str = "",
) -> dict[str, Any]:
    paths_file = scratch / f"paths-{scenario.name.replace(' ', '-')}.txt"
    paths_file.write_text("\n".join(scenario.paths) + "\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "bench.load",
        f"--base={base}",
        f"--paths-file={paths_file}",
        f"--seconds={seconds}",
        f"--warmup={warmup}",
        f"--concurrency={concurrency}",
    ]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "BENCH_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=seconds + warmup + 120,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"load generator failed:\n{done.stderr[-3000:]}")
    return _last_json(done.stdout)


# --- scenarios --------------------------------------------------------------------------


def tenant_list_paths(sample: dict[str, Any], seed: int, count: int = 600) -> list[str]:
    """Tenant-list pages as a leasing manager asks for them: filters, paging, name search."""
    rng = random.Random(seed)
    fragments = sample["name_fragments"] or ["Data"]
    paths: list[str] = []
    for _ in range(count):
        roll = rng.random()
        params: dict[str, Any] = {"limit": 50}
        if roll < 0.5:
            params["industry"] = rng.choice(list(Industry)).value
            params["expiring_within_months"] = rng.choice((6, 12, 24, 36))
            params["offset"] = rng.choice((0, 0, 0, 50, 100, 150))
        elif roll < 0.7:
            params["q"] = rng.choice(fragments)
        elif roll < 0.8:
            params["tier"] = rng.choice((Tier.KEY, Tier.STRATEGIC)).value
            params["sort"] = "-headcount"
            params["offset"] = rng.choice((0, 50))
        elif roll < 0.9:
            params["anchor"] = "true"
            params["offset"] = rng.choice((0, 50, 100))
        else:
            params["offset"] = rng.randrange(0, 2_000, 50)
        paths.append(f"/api/tenants?{urlencode(params)}")
    return paths


def scenarios(sample: dict[str, Any], seed: int) -> list[Scenario]:
    return [
        Scenario("floor", "floor", [FLOOR_PATH]),
        Scenario("tenant list", "app", tenant_list_paths(sample, seed)),
        Scenario("tenant 360", "app", [f"/api/tenants/{tid}/view" for tid in sample["tenant_ids"]]),
    ]


# --- report -----------------------------------------------------------------------------


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.3f}" if floor else "-"


def table(results: list[Result]) -> str:
    floor = next(r.figures for r in results if r.scenario.server == "floor")
    header = (
        f"{'scenario':<12} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6} "
        f"{'req/s/floor':>11} {'p50/floor':>9}"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        f = result.figures
        slower = f["p50_ms"] / floor["p50_ms"] if floor["p50_ms"] else 0.0
        lines.append(
            f"{result.scenario.name:<12} {f['rps']:>9.1f} {f['p50_ms']:>8.2f} "
            f"{f['p95_ms']:>8.2f} {f['errors']:>6} {_ratio(f['rps'], floor['rps']):>11} "
            f"{slower:>9.1f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="TenantCRM API throughput against the floor.")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--tenants", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured, per scenario")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured, per scenario")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server (loopback only)")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--sql", type=Path, help="SQL script to run after generation (to try an index)"
    )
    parser.add_argument(
        "--sqlite-pool",
        type=int,
        default=0,
        help="experiment: serve SQLite with N long-lived connections (bench/sqlite_pool_conf.py)",
    )
    args = parser.parse_args()
    if not 1 <= args.tenants <= 2_000_000 or not 0 < args.seconds <= 600:
        raise SystemExit("tenants must be 1..2,000,000 and seconds 0..600")

    cores = os.cpu_count() or 1
    print(
        f"TenantCRM API throughput: {args.db}, {args.tenants:,} tenants, "
        f"{args.concurrency} connections, {args.seconds:g} s per scenario "
        f"(+{args.warmup:g} s warm-up), business date {args.today}"
    )
    print(
        f"machine: {cores} CPU cores, shared by the server (uvicorn, 1 worker), "
        f"the database and the load generator"
    )
    scratch = Path(tempfile.mkdtemp(prefix="tenantcrm-bench-run-"))
    try:
        with fresh_database(args.db, args.pg) as url:
            env = _env(url, args.today)
            print("generating the portfolio ...", flush=True)
            made = generate(env, args.tenants, args.today, args.seed, scratch / "sample.json")
            counts = made["counts"]
            print(
                f"generated in {made['generate_seconds']} s "
                f"(migrations {made['migrate_seconds']} s): "
                + ", ".join(f"{k} {v:,}" for k, v in counts.items() if isinstance(v, int))
            )
            sample = json.loads((scratch / "sample.json").read_text(encoding="utf-8"))
            if args.sql:
                print(f"applying {args.sql} ...", flush=True)
                apply_sql(url, args.sql.read_text(encoding="utf-8"))
            results: list[Result] = []
            app_env = dict(env)
            if args.sqlite_pool and args.db == "sqlite":
                print(f"experiment: the app keeps {args.sqlite_pool} SQLite connections open")
                app_env.update(
                    PICCOLO_CONF="bench.sqlite_pool_conf", BENCH_SQLITE_POOL=str(args.sqlite_pool)
                )
            with ExitStack() as servers:
                app_base = servers.enter_context(
                    server(APP_TARGET, app_env, APP_PROBE, scratch / "app.log")
                )
                floor_base = servers.enter_context(
                    server(FLOOR_TARGET, env, FLOOR_PATH, scratch / "floor.log")
                )
                for scenario in scenarios(sample, args.seed):
                    base = floor_base if scenario.server == "floor" else app_base
                    print(f"loading: {scenario.name} ...", flush=True)
                    figures = load(
                        base,
                        scenario,
                        args.seconds,
                        args.warmup,
                        args.concurrency,
                        scratch,
                        sample["token"],
                    )
                    results.append(Result(scenario, figures))
                    if figures["errors"]:
                        print(f"  errors: {figures['errors']}, first: {figures['first_error']}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    floor_rps = results[0].figures["rps"]
    print()
    for result in results:
        f = result.figures
        print(
            f"{result.scenario.name}: {f['rps']:.1f} req/s "
            f"({_ratio(f['rps'], floor_rps)} of the floor), p50 {f['p50_ms']:.2f} ms, "
            f"p95 {f['p95_ms']:.2f} ms, errors {f['errors']}"
        )
    print()
    print(
        f"{args.db}, {args.tenants:,} tenants / {counts['leases']:,} leases, "
        f"generation {made['generate_seconds']} s, {args.concurrency} connections, "
        f"{args.seconds:g} s each, {cores} cores"
    )
    print(table(results))
    if args.json_out:
        args.json_out.write_text(
            json.dumps(
                {
                    "db": args.db,
                    "tenants": args.tenants,
                    "counts": counts,
                    "generate_seconds": made["generate_seconds"],
                    "cores": cores,
                    "results": {r.scenario.name: r.figures for r in results},
                },
                indent=2,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
