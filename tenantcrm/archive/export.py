"""Export every table of the database to a portable archive, streaming, from one snapshot."""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

import tenantcrm
from tenantcrm.archive.format import (
    MANIFEST_NAME,
    ArchiveError,
    Manifest,
    Progress,
    TableEntry,
    encode_row,
)
from tenantcrm.archive.schema import (
    TableShape,
    applied_migrations,
    column_list,
    engine_name,
    quoted,
    registered_tables,
)
from tenantcrm.db import current_engine

BATCH_ROWS = 1000


@asynccontextmanager
async def snapshot(engine: Engine) -> AsyncIterator[None]:
    """One consistent read of the whole database, whatever others write meanwhile.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction (every query sees the same snapshot).
    SQLite: one deferred transaction; in WAL mode its first read fixes the snapshot.
    """
    if isinstance(engine, PostgresEngine):
        async with engine.transaction():
            await engine.run_ddl("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.deferred):
            yield
    else:  # pragma: no cover - db.create_engine makes only these two
        raise TypeError(f"unsupported engine {engine!r}")


async def export_archive(
    target: Path, *, batch_rows: int = BATCH_ROWS, progress: Progress | None = None
) -> Manifest:
    """Write the whole database to ``target`` (a zip file); returns its manifest.

    The file appears only once complete (written beside it, then renamed). It holds
    everything, users' password hashes and API token digests included: keep it as safe as
    the database itself.
    """
    progress = progress or Progress()
    engine = current_engine()
    shapes = registered_tables()
    partial = target.with_name(target.name + ".partial")
    try:
        async with snapshot(engine):
            migrations = await applied_migrations()
            if not migrations:
                raise ArchiveError("the database is not migrated: there is nothing to export")
            counts = [await shape.table.count() for shape in shapes]
            progress.start(sum(counts))
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                entries = []
                for shape, count in zip(shapes, counts, strict=True):
                    progress.table(shape.name, count)
                    entries.append(await _export_table(archive, shape, batch_rows, progress))
                manifest = Manifest(
                    app_version=tenantcrm.__version__,
                    created_at=datetime.now(UTC),
                    engine=engine_name(engine),
                    migrations=migrations,
                    tables=tuple(entries),
                )
                archive.writestr(MANIFEST_NAME, manifest.to_bytes())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


async def _export_table(
    archive: zipfile.ZipFile, shape: TableShape, batch_rows: int, progress: Progress
) -> TableEntry:
    """Stream one table into its JSON Lines member, page by page in primary key order."""
    digest = hashlib.sha256()
    rows = 0
    entry = TableEntry(shape.name, shape.columns, 0, "")
    with archive.open(entry.file, "w", force_zip64=True) as member:
        async for page in _pages(shape, batch_rows):
            chunk = b"".join(encode_row(shape.columns, row) for row in page)
            digest.update(chunk)
            member.write(chunk)
            rows += len(page)
            progress.advance(len(page))
    return TableEntry(shape.name, shape.columns, rows, digest.hexdigest())


async def _pages(shape: TableShape, batch_rows: int) -> AsyncIterator[list[dict[str, Any]]]:
    """Keyset paging: never more than ``batch_rows`` rows in memory, no OFFSET rescans."""
    table, key = shape.table, quoted(shape.primary_key)
    # Identifiers come from the app's own table registry, quoted; no value is formatted in.
    select = f"SELECT {column_list([c.name for c in shape.columns])} FROM {quoted(shape.name)}"  # noqa: S608
    page = await table.raw(f"{select} ORDER BY {key} LIMIT {int(batch_rows)}")
    while page:
        yield page
        if len(page) < batch_rows:
            return
        last = page[-1][shape.primary_key]
        page = await table.raw(
            f"{select} WHERE {key} > {{}} ORDER BY {key} LIMIT {int(batch_rows)}", last
        )
