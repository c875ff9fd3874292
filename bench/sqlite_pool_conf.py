"""Experiment: the app on SQLite with a few long-lived connections, not one per statement.

Piccolo's SQLite engine opens a new aiosqlite connection (a new thread, a fresh page cache)
for every statement outside a transaction: about 1.4 ms each on the bench machine, against
0.1 ms for the lookup itself. This Piccolo configuration keeps ``BENCH_SQLITE_POOL``
connections open instead, so the bench can measure what that costs. It is not used by the
app; ``bench.api_throughput --sqlite-pool N`` points the server's ``PICCOLO_CONF`` here.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, dict_factory
from piccolo.table import Table

from tenantcrm.db import sqlite_path
from tenantcrm.piccolo_conf import APP_REGISTRY
from tenantcrm.settings import get_settings

__all__ = ["APP_REGISTRY", "DB", "PooledSQLiteEngine"]


class PooledSQLiteEngine(SQLiteEngine):
    """Statements outside transactions run on one of ``size`` connections kept open."""

    def __init__(self, size: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.size = size
        self.opened = 0
        self.idle: asyncio.Queue[aiosqlite.Connection] | None = None

    async def _checkout(self) -> aiosqlite.Connection:
        if self.idle is None:
            self.idle = asyncio.Queue()
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            connection = await aiosqlite.connect(**self.connection_kwargs)
            await connection.execute("PRAGMA foreign_keys = 1")
            connection.row_factory = dict_factory  # type: ignore[assignment]
            return connection
        return await self.idle.get()

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        connection = await self._checkout()
        try:
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
            await connection.commit()
            return rows
        finally:
            assert self.idle is not None
            self.idle.put_nowait(connection)


_settings = get_settings()
DB = PooledSQLiteEngine(
    size=int(os.environ.get("BENCH_SQLITE_POOL", "4")),
    path=str(sqlite_path(_settings.database_url)),
    timeout=_settings.sqlite_busy_timeout,
)
