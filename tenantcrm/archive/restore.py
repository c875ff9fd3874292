"""Restore a portable archive into a migrated database: checked first, then all or nothing."""

from __future__ import annotations

import asyncio
import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.utils.encoding import dump_json

from tenantcrm.archive.format import (
    MANIFEST_NAME,
    ArchiveError,
    Manifest,
    Progress,
    TableEntry,
    check_migrations,
    check_tables,
    decode_row,
)
from tenantcrm.archive.schema import (
    TableShape,
    applied_migrations,
    column_list,
    quoted,
    registered_tables,
)
from tenantcrm.core.trail import unaudited
from tenantcrm.db import current_engine, write_transaction

BATCH_ROWS = 2000


class DatabaseNotEmptyError(ArchiveError):
    """The target database already holds data and the restore was not told to replace it."""


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    try:
        data = archive.read(MANIFEST_NAME)
    except KeyError as error:
        raise ArchiveError(f"not a TenantCRM archive: it has no {MANIFEST_NAME}") from error
    return Manifest.from_bytes(data)


def open_archive(source: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except FileNotFoundError as error:
        raise ArchiveError(f"no such file: {source}") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(f"{source} is not a readable zip archive: {error}") from error


def verify(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Every table file is present, with the manifest's checksum and row count."""
    for entry in manifest.tables:
        digest = hashlib.sha256()
        rows = 0
        try:
            with archive.open(entry.file) as member:
                for block in iter(lambda m=member: m.read(1 << 20), b""):  # type: ignore[misc]
                    digest.update(block)
                    rows += block.count(b"\n")
        except KeyError as error:
            raise ArchiveError(f"the archive lacks {entry.file}") from error
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ArchiveError(f"{entry.file} is damaged: {error}") from error
        if digest.hexdigest() != entry.sha256:
            raise ArchiveError(f"{entry.file} is corrupt: its checksum does not match the manifest")
        if rows != entry.rows:
            raise ArchiveError(f"{entry.file} holds {rows} rows, the manifest says {entry.rows}")


async def non_empty_tables(shapes: list[TableShape]) -> list[str]:
    return [shape.name for shape in shapes if await shape.table.count()]


async def inspect_archive(source: Path) -> Manifest:
    """Read and check an archive against this database without writing anything."""
    with open_archive(source) as archive:
        manifest = read_manifest(archive)
        _check_schema(manifest, registered_tables(), await applied_migrations())
        verify(archive, manifest)
        return manifest


def _check_schema(
    manifest: Manifest, shapes: list[TableShape], migrations: dict[str, list[str]]
) -> None:
    check_migrations(manifest.migrations, migrations)
    check_tables(manifest, {shape.name: shape.columns for shape in shapes})


async def restore_archive(
    source: Path,
    *,
    replace: bool = False,
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> Manifest:
    """Load the archive at ``source`` into the (migrated) database; returns its manifest.

    Refuses, writing nothing, a damaged archive, one of another format version or schema,
    and a database that holds data unless ``replace`` (then its rows are deleted first, in
    the same transaction). Everything happens in one transaction: a failure leaves the
    database as it was.
    """
    progress = progress or Progress()
    shapes = registered_tables()
    with open_archive(source) as archive:
        manifest = read_manifest(archive)
        _check_schema(manifest, shapes, await applied_migrations())
        if not replace:
            _refuse_if_not_empty(await non_empty_tables(shapes))
        verify(archive, manifest)
        entries = {entry.name: entry for entry in manifest.tables}
        progress.start(manifest.total_rows)
        async with write_transaction():
            if replace:
                # The archive brings its own audit trail: wiping is not a change to record.
                with unaudited():
                    for shape in reversed(shapes):
                        await shape.table.delete(force=True)
            else:
                _refuse_if_not_empty(await non_empty_tables(shapes))
            for shape in shapes:
                entry = entries[shape.name]
                progress.table(shape.name, entry.rows)
                with archive.open(entry.file) as member:
                    try:
                        await _restore_table(shape, entry, member, batch_rows, progress)
                    except ArchiveError:
                        raise
                    except Exception as error:  # the engine's own error types differ
                        raise ArchiveError(
                            f"table {shape.name}: the database refused the archive's rows "
                            f"({type(error).__name__}: {error}); nothing was restored"
                        ) from error
    return manifest


def _refuse_if_not_empty(tables: list[str]) -> None:
    if tables:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        raise DatabaseNotEmptyError(
            f"the database already holds data (in {shown}); restore into an empty database, "
            "or pass --replace to delete everything in it first"
        )


async def _restore_table(
    shape: TableShape, entry: TableEntry, member: IO[bytes], batch_rows: int, progress: Progress
) -> None:
    """Insert a table's rows in batches; self-references are set once every row exists."""
    writer = _Writer(current_engine())
    names = [column.name for column in entry.columns]
    json_columns = [c.name for c in entry.columns if c.kind == "json"]
    deferrable = [c for c in shape.self_references if c in shape.nullable]
    deferred: list[tuple[Any, str, Any]] = []  # (primary key, column, value)
    batch: list[tuple[Any, ...]] = []
    # One batch is written while the next is read and decoded (the driver works meanwhile).
    pending: asyncio.Task[int] | None = None
    try:
        for row in _rows(entry, member):
            for column in deferrable:
                if row[column] is not None:
                    deferred.append((row[shape.primary_key], column, row[column]))
                    row[column] = None
            for column in json_columns:
                if row[column] is not None or column not in shape.nullable:
                    row[column] = dump_json(row[column])
            batch.append(tuple(row[name] for name in names))
            if len(batch) == batch_rows:
                if pending is not None:
                    progress.advance(await pending)
                pending = asyncio.create_task(writer.insert(shape.name, names, batch))
                await asyncio.sleep(0)  # let the write start before decoding goes on
                batch = []
        if pending is not None:
            progress.advance(await pending)
            pending = None
    finally:
        if pending is not None:  # reading failed: let the write finish before the rollback
            await asyncio.gather(pending, return_exceptions=True)
    if batch:
        progress.advance(await writer.insert(shape.name, names, batch))
    for column in deferrable:
        pairs = [(value, key) for key, name, value in deferred if name == column]
        await writer.update(shape.name, column, shape.primary_key, pairs)


class _Writer:
    """Bulk writes on the restore's own transaction: COPY on PostgreSQL, executemany on SQLite.

    Straight to the driver: the ORM's query building costs more than the writes themselves
    for hundreds of thousands of rows. Values are already the driver's types (format.py).
    """

    def __init__(self, engine: Engine) -> None:
        transaction = engine.current_transaction.get()
        if transaction is None:  # pragma: no cover - restore_archive opens one
            raise RuntimeError("the restore writes inside its transaction only")
        self.connection: Any = transaction.connection
        self.postgres = isinstance(engine, PostgresEngine)

    async def insert(self, table: str, names: list[str], rows: list[tuple[Any, ...]]) -> int:
        if self.postgres:
            await self.connection.copy_records_to_table(table, records=rows, columns=names)
        else:
            marks = ", ".join("?" for _ in names)
            await self.connection.executemany(
                # Registry identifiers, quoted; the values are bound parameters.
                f"INSERT INTO {quoted(table)} ({column_list(names)}) VALUES ({marks})",  # noqa: S608
                rows,
            )
        return len(rows)

    async def update(self, table: str, column: str, key: str, pairs: list[tuple[Any, Any]]) -> None:
        """Set ``column`` to the first of each pair on the row whose ``key`` is the second."""
        if not pairs:
            return
        value, where = ("$1", "$2") if self.postgres else ("?", "?")
        await self.connection.executemany(
            # Registry identifiers, quoted; the values are bound parameters.
            f"UPDATE {quoted(table)} SET {quoted(column)} = {value} WHERE {quoted(key)} = {where}",  # noqa: S608
            pairs,
        )


def _rows(entry: TableEntry, member: IO[bytes]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(member, start=1):
        yield decode_row(entry.name, entry.columns, line, number)
