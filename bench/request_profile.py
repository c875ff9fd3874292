"""Where a request's time goes: its SQL statements, their count and time, their plans.

    TENANTCRM_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/db \
        python -m bench.request_profile "/api/tenants?industry=technology&limit=50" --explain

Runs each path through the app in-process (no network), several times, and prints per path:
wall time, the number of SQL statements, and each statement with its time. With
``--explain`` it also prints the plan of the slowest statement (EXPLAIN ANALYZE on
PostgreSQL, EXPLAIN QUERY PLAN on SQLite). Point it at a generated database (bench.generate).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Statement:
    sql: str
    args: list[Any]
    seconds: float


@dataclass
class Recorder:
    statements: list[Statement] = field(default_factory=list)


async def _profile(paths: list[str], repeat: int, explain: bool, today: date) -> None:
    import httpx
    from piccolo.engine.postgres import PostgresEngine
    from piccolo.querystring import QueryString

    from tenantcrm.app import create_app
    from tenantcrm.db import close_pool, current_engine, open_pool
    from tenantcrm.settings import Settings

    engine = current_engine()
    engine_class = type(engine)
    recorder = Recorder()
    original: Callable[..., Awaitable[Any]] = engine_class.run_querystring

    async def timed(self: Any, querystring: QueryString, in_pool: bool = True) -> Any:
        sql, args = querystring.compile_string(engine_type=self.engine_type)
        began = time.perf_counter()
        try:
            return await original(self, querystring, in_pool=in_pool)
        finally:
            recorder.statements.append(Statement(sql, list(args), time.perf_counter() - began))

    # Engines use slots: time every statement by wrapping the method on the class.
    engine_class.run_querystring = timed  # type: ignore[method-assign]
    settings = Settings(today=today)
    await open_pool(settings)
    transport = httpx.ASGITransport(app=create_app(settings))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for path in paths:
                walls: list[float] = []
                last: list[Statement] = []
                for _ in range(repeat):
                    recorder.statements.clear()
                    began = time.perf_counter()
                    response = await client.get(path)
                    walls.append(time.perf_counter() - began)
                    last = list(recorder.statements)
                print(f"\n{path}\n  HTTP {response.status_code}, {len(response.content):,} bytes")
                print(
                    f"  wall: median {statistics.median(walls) * 1000:.1f} ms over {repeat}, "
                    f"{len(last)} SQL statements, "
                    f"{sum(s.seconds for s in last) * 1000:.1f} ms in SQL (last run)"
                )
                for statement in last:
                    print(f"  {statement.seconds * 1000:8.1f} ms  {_short(statement.sql)}")
                if explain and last:
                    slowest = max(last, key=lambda s: s.seconds)
                    print("  plan of the slowest statement:")
                    for line in await _plan(engine, slowest, isinstance(engine, PostgresEngine)):
                        print(f"    {line}")
    finally:
        await close_pool()


def _short(sql: str, width: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


async def _plan(engine: Any, statement: Statement, postgres: bool) -> list[str]:
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    rows = await engine._run_in_new_connection(prefix + statement.sql, statement.args)
    if postgres:
        return [row["QUERY PLAN"] for row in rows]
    return [f"{row['id']:>3} {row['parent']:>3}  {row['detail']}" for row in rows]


DEFAULT_PATHS = (
    "/api/tenants?limit=50",
    "/api/tenants?industry=technology&expiring_within_months=24&limit=50&offset=50",
    "/api/tenants?q=Data&limit=50",
    "/api/tenants?tier=key&sort=-headcount&limit=50",
)


def main() -> None:
    parser = argparse.ArgumentParser(description="SQL statements and time per request.")
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    if "TENANTCRM_DATABASE_URL" not in os.environ:
        raise SystemExit("set TENANTCRM_DATABASE_URL to a generated database")
    os.environ.setdefault("PICCOLO_CONF", "tenantcrm.piccolo_conf")
    asyncio.run(_profile(args.paths, max(1, min(args.repeat, 100)), args.explain, args.today))


if __name__ == "__main__":
    main()
