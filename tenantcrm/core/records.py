"""Record helpers shared by the services: fetch or 404, versioned update and delete."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
from piccolo.columns import Column
from piccolo.columns.combination import Where
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

from tenantcrm.core.errors import ConflictError, NotFoundError, StaleVersionError
from tenantcrm.db import current_engine

Row = dict[str, Any]


async def get_or_404(table: type[Table], ident: UUID, resource: str) -> Row:
    row = await table.select().where(table._meta.primary_key == ident).first()
    if row is None:
        raise NotFoundError(resource, ident)
    return row


async def lock_or_404(table: type[Table], ident: UUID, resource: str) -> Row:
    """Load a row for update inside a write transaction (PostgreSQL: SELECT … FOR UPDATE).

    SQLite needs no row lock: write transactions are IMMEDIATE and so already serialised.
    """
    query = table.select().where(table._meta.primary_key == ident)
    if not isinstance(current_engine(), SQLiteEngine):
        query = query.lock_rows("UPDATE")
    row = await query.first()
    if row is None:
        raise NotFoundError(resource, ident)
    return row


async def update_versioned(
    table: type[Table],
    ident: UUID,
    version: int,
    values: dict[Column | str, Any],
    resource: str,
) -> Row:
    """Apply ``values`` only if the row is still at ``version``; bump the version.

    The check and the write are one statement, so two concurrent editors of the same
    version cannot both win: the loser gets a 409 and nothing of its change is written.
    """
    version_col: Column = table._meta.get_column_by_name("version")
    changes: dict[Column | str, Any] = {
        **values,
        version_col: version_col + 1,
        "updated_at": datetime.now(tz=UTC),
    }
    updated = (
        await table.update(changes)
        .where((table._meta.primary_key == ident) & (version_col == version))
        .returning(*table._meta.columns)
    )
    if updated:
        return updated[0]
    await _raise_missing_or_stale(table, ident, version, resource)
    raise AssertionError("unreachable")  # pragma: no cover


async def delete_versioned(table: type[Table], ident: UUID, version: int, resource: str) -> None:
    """Delete the row if still at ``version``; a row other records point to is refused (409)."""
    version_col: Column = table._meta.get_column_by_name("version")
    try:
        deleted = (
            await table.delete()
            .where((table._meta.primary_key == ident) & (version_col == version))
            .returning(table._meta.primary_key)
        )
    except (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError) as error:
        raise ConflictError(
            f"{resource} {ident} is still referenced by other records and cannot be deleted",
            [{"reason": "referenced"}],
        ) from error
    if not deleted:
        await _raise_missing_or_stale(table, ident, version, resource)


async def _raise_missing_or_stale(
    table: type[Table], ident: UUID, version: int, resource: str
) -> None:
    current = await get_or_404(table, ident, resource)
    raise StaleVersionError(resource, ident, sent=version, current=current["version"])


def contains_text(column: Column, text: str) -> Where:
    """Case-insensitive substring match, for any script (Chinese names included).

    LIKE on SQLite folds ASCII case itself; PostgreSQL needs ILIKE.
    """
    pattern = f"%{text}%"
    if isinstance(current_engine(), SQLiteEngine):
        return column.like(pattern)
    return column.ilike(pattern)
