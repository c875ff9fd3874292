"""Database engines (SQLite by default, PostgreSQL by URL) and transaction helpers."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from tenantcrm.settings import Settings


class UnsupportedDatabaseError(ValueError):
    """The database URL names an engine TenantCRM does not run on."""


def sqlite_path(url: str) -> Path:
    """The file behind a ``sqlite:///relative`` or ``sqlite:////absolute`` URL."""
    if not url.startswith("sqlite:///"):
        raise UnsupportedDatabaseError(f"not a SQLite URL: {url!r}")
    return Path(url.removeprefix("sqlite:///"))


def create_engine(settings: Settings) -> Engine:
    """Build the Piccolo engine named by ``TENANTCRM_DATABASE_URL``."""
    url = settings.database_url
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = sqlite_path(url)
        _enable_wal(path)
        return SQLiteEngine(path=str(path), timeout=settings.sqlite_busy_timeout)
    if scheme in {"postgres", "postgresql"}:
        return PostgresEngine(
            config={"dsn": url, "timeout": settings.db_connect_timeout},
            extensions=(),
        )
    raise UnsupportedDatabaseError(
        f"TENANTCRM_DATABASE_URL must start with sqlite:/// or postgresql://, got {scheme!r}"
    )


def _enable_wal(path: Path) -> None:
    """Write-ahead logging lets readers go on while one writer commits (persistent per file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def current_engine() -> Engine:
    engine = engine_finder()
    if engine is None:  # pragma: no cover - piccolo_conf always defines DB
        raise RuntimeError("no Piccolo engine configured (PICCOLO_CONF)")
    return engine


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """One atomic unit of work that writes.

    On SQLite the transaction is IMMEDIATE: it takes the write lock at BEGIN, so two
    read-then-write transactions queue up instead of failing with "database is locked".
    On PostgreSQL it is a plain transaction; services lock the rows they check.
    Nested calls join the outer transaction.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


async def open_pool(settings: Settings) -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(
            min_size=settings.db_pool_min, max_size=settings.db_pool_max
        )


async def close_pool() -> None:
    engine = current_engine()
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
