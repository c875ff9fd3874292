"""Record helpers shared by the services: fetch or 404, versioned update and delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

import asyncpg
from piccolo.columns import Column, Integer
from piccolo.columns.combination import WhereRaw
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.query import OrderByRaw
from piccolo.table import Table

from tenantcrm.core.errors import ConflictError, NotFoundError, StaleVersionError
from tenantcrm.db import current_engine

Row = dict[str, Any]


async def get_or_404(table: type[Table], ident: UUID, resource: str) -> Row:
    row = await table.select().where(table._meta.primary_key == ident).first()
    if row is None:
        raise NotFoundError(resource, ident)
    return row


async def locked(table: type[Table], ident: UUID) -> Row | None:
    """Load a row for a write that depends on it, inside a write transaction, or None.

    PostgreSQL: SELECT … FOR NO KEY UPDATE, so two such writers queue up while others may still
    insert rows that reference it. SQLite needs no row lock: write transactions are IMMEDIATE and
    so already serialised.
    """
    query = table.select().where(table._meta.primary_key == ident)
    if not isinstance(current_engine(), SQLiteEngine):
        query = query.lock_rows("NO KEY UPDATE")
    row: Row | None = await query.first()
    return row


async def lock_or_404(table: type[Table], ident: UUID, resource: str) -> Row:
    """Load a row for update inside a write transaction (see ``locked``), or 404."""
    row = await locked(table, ident)
    if row is None:
        raise NotFoundError(resource, ident)
    return row


async def update_versioned(
    table: type[Table],
    ident: UUID,
    version: int,
    values: Mapping[Any, Any],
    resource: str,
) -> Row:
    """Apply ``values`` only if the row is still at ``version``; bump the version.

    The check and the write are one statement, so two concurrent editors of the same
    version cannot both win: the loser gets a 409 and nothing of its change is written.
    """
    version_col = cast(Integer, table._meta.get_column_by_name("version"))
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


def contains_text(column: Column, text: str) -> WhereRaw:
    """Case-insensitive substring match, for any script (Chinese names included).

    The text is matched literally: ``%``, ``_`` and ``\\`` are escaped, not wildcards.
    LIKE on SQLite folds ASCII case itself; PostgreSQL needs ILIKE.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    operator = "LIKE" if isinstance(current_engine(), SQLiteEngine) else "ILIKE"
    return WhereRaw(f"{_qualified(column)} {operator} {{}} ESCAPE '\\'", f"%{escaped}%")


def text_order(column: Column) -> OrderByRaw:
    """Order by a text column ignoring case, the same on both engines ("alpha" < "Beta")."""
    return OrderByRaw(f"lower({_qualified(column)})")


def missing_last(column: Column) -> OrderByRaw:
    """Sort key putting rows without a value after the others, whichever way the column sorts.

    (SQLite puts NULL first in ascending order, PostgreSQL last: this makes both agree.)
    """
    return OrderByRaw(f"{_qualified(column)} IS NULL")


def ranked(column: Column, values: Sequence[str]) -> OrderByRaw:
    """Sort key following the order of ``values``, choice-list constants (anything else last)."""
    if not all(value.isidentifier() for value in values):
        raise ValueError(f"not plain choice values: {values}")
    cases = " ".join(f"WHEN '{value}' THEN {rank}" for rank, value in enumerate(values))
    return OrderByRaw(f"CASE {_qualified(column)} {cases} ELSE {len(values)} END")


def _qualified(column: Column) -> str:
    return column._meta.get_full_name(with_alias=False)
