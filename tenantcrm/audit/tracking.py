"""Every insert, update and delete of an audited table writes an audit entry with it.

A table opts in by listing ``Audited`` before ``Table`` and naming its ``audit_rule``::

    class RentStep(Audited, Table):
        audit_rule = AuditRule("Rent step", tenant="lease.tenant", lease="lease")

Its ``insert``, ``update`` and ``delete`` queries then run, in the caller's transaction (or a
transaction of their own), as: read the rows the statement touches (locked on PostgreSQL,
so nobody changes them in between), run the statement, write one entry per row with the
fields before and after. The entry commits or rolls back with the change: a refused or failed
change leaves no entry. The services keep calling ``Table.insert(...)``/``update``/``delete``
and ``update_versioned``/``delete_versioned`` as before.

Not covered: rows removed by ``ON DELETE CASCADE`` (the parent's delete is recorded) and raw
SQL (``Table.raw``), which no audited table is written with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast
from uuid import UUID

from piccolo.columns import JSON, JSONB, ForeignKey
from piccolo.columns.combination import And, Or, Where, WhereRaw
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.query.methods.delete import Delete
from piccolo.query.methods.insert import Insert
from piccolo.query.methods.update import Update
from piccolo.table import Table

from tenantcrm.audit import diff
from tenantcrm.audit.actor import current_actor
from tenantcrm.audit.tables import AuditEntry
from tenantcrm.core.trail import auditing, unaudited
from tenantcrm.db import current_engine, write_transaction

Row = dict[str, Any]
Action = Literal["insert", "update", "delete"]
ROW_ACTIONS: tuple[Action, ...] = ("insert", "update", "delete")

__all__ = ["REGISTRY", "ROW_ACTIONS", "AuditRule", "Audited", "named", "unaudited"]

BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})
"""Columns every change touches; the entry's subject id and time say it already."""

_CHUNK = 500
"""Entries per INSERT statement (well under both engines' limits on bound parameters)."""


@dataclass(frozen=True, slots=True)
class AuditRule:
    """How entries about rows of one table read and whose history they belong to."""

    kind: str
    """What a row is called in a history: "Rent step"."""
    tenant: str | None = None
    """Where the tenant is: a column ("tenant"; "id" for the tenant table itself) or a
    foreign key and a column of the row it points to ("lease.tenant")."""
    lease: str | None = None
    """Where the lease is, the same way ("lease"; "id" for the lease table)."""
    label: Callable[[Row], str] | None = None
    """Names one row in a history ("Acme Ltd"); without it the kind alone names it."""
    secret: frozenset[str] = frozenset()
    """Columns whose values never reach the trail (a change shows as "[secret]")."""
    quiet: frozenset[str] = frozenset()
    """Columns whose change alone is not worth an entry (a token's last use)."""


REGISTRY: dict[str, type[Table]] = {}
"""Audited tables by table name (the ``subject_kind`` of their entries)."""

if TYPE_CHECKING:
    _Base = Table
else:
    _Base = object


class Audited(_Base):
    """Mixin (before ``Table``) making every insert, update and delete of a table audited."""

    audit_rule: ClassVar[AuditRule]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        REGISTRY[cls._meta.tablename] = cls

    @classmethod
    def insert(cls, *rows: Any) -> Any:
        query = super().insert(*rows)
        query.__class__ = AuditedInsert
        return query

    @classmethod
    def update(
        cls,
        values: Mapping[Any, Any] | None = None,
        force: bool = False,
        use_auto_update: bool = True,
        **kwargs: Any,
    ) -> Any:
        query = super().update(
            dict(values) if values is not None else None,
            force=force,
            use_auto_update=use_auto_update,
            **kwargs,
        )
        query.__class__ = AuditedUpdate
        return query

    @classmethod
    def delete(cls, force: bool = False) -> Any:
        query = super().delete(force=force)
        query.__class__ = AuditedDelete
        return query


class AuditedInsert(Insert):  # type: ignore[type-arg]
    __slots__ = ()

    async def run(self, node: str | None = None, in_pool: bool = True) -> Any:
        if not auditing():
            return await super().run(node=node, in_pool=in_pool)
        async with write_transaction():
            result = await super().run(node=node, in_pool=in_pool)
            rows = [_instance_row(self.table, instance) for instance in self.add_delegate._add]
            await _write(await _entries(self.table, "insert", [(None, row) for row in rows]))
        return result


class AuditedUpdate(Update):
    __slots__ = ()

    async def run(self, node: str | None = None, in_pool: bool = True) -> Any:
        if not auditing() or self._sets_only_quiet_columns():
            return await super().run(node=node, in_pool=in_pool)
        async with write_transaction():
            before = await _matching(self.table, self.where_delegate._where, "NO KEY UPDATE")
            result = await super().run(node=node, in_pool=in_pool)
            if before:
                pk = self.table._meta.primary_key
                rows = result if self._returns_whole_rows() else None
                if rows is None:
                    rows = await self.table.select().where(pk.is_in(list(before)))
                after = {row[pk._meta.name]: row for row in rows}
                pairs = [(row, after[key]) for key, row in before.items() if key in after]
                await _write(await _entries(self.table, "update", pairs))
        return result

    def _returns_whole_rows(self) -> bool:
        """``update_versioned`` asks for every column back: no need to read the rows again."""
        returning = self.returning_delegate._returning
        if returning is None:
            return False
        names = {column._meta.name for column in returning.columns}
        return names >= {column._meta.name for column in self.table._meta.columns}

    def _sets_only_quiet_columns(self) -> bool:
        """A token's last use, say: not worth reading the row around the update."""
        quiet = cast(type[Audited], self.table).audit_rule.quiet
        columns = {column._meta.name for column in self.values_delegate._values}
        return bool(quiet) and columns <= quiet


class AuditedDelete(Delete):
    __slots__ = ()

    async def run(self, node: str | None = None, in_pool: bool = True) -> Any:
        if not auditing():
            return await super().run(node=node, in_pool=in_pool)
        async with write_transaction():
            before = await _matching(self.table, self.where_delegate._where, "UPDATE")
            entries = await _entries(self.table, "delete", [(row, None) for row in before.values()])
            result = await super().run(node=node, in_pool=in_pool)
            await _write(entries)
        return result


async def _matching(
    table: type[Table],
    where: Where | WhereRaw | And | Or | None,
    lock: Literal["UPDATE", "NO KEY UPDATE"],
) -> dict[Any, Row]:
    """The rows a statement with ``where`` is about to change, by primary key."""
    query = table.select()
    if where is not None:
        query = query.where(where)
    if not isinstance(current_engine(), SQLiteEngine):
        query = query.lock_rows(lock, of=(table,))
    name = table._meta.primary_key._meta.name
    return {row[name]: row for row in await query}


def _instance_row(table: type[Table], instance: Table) -> Row:
    row: Row = {}
    for column in table._meta.columns:
        value = getattr(instance, column._meta.name)
        if isinstance(value, Table):
            value = getattr(value, value._meta.primary_key._meta.name)
        row[column._meta.name] = value
    return row


def _plain(table: type[Table], row: Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    loaded = {
        column._meta.name: (
            diff.load_json(row.get(column._meta.name))
            if isinstance(column, JSON | JSONB)
            else row.get(column._meta.name)
        )
        for column in table._meta.columns
    }
    return diff.plain_row(loaded, skip=BOOKKEEPING)


async def _entries(
    table: type[Table], action: Action, pairs: Sequence[tuple[Row | None, Row | None]]
) -> list[AuditEntry]:
    if not pairs:
        return []
    rule: AuditRule = cast(type[Audited], table).audit_rule
    secret = {diff.field_name(column) for column in rule.secret}
    quiet = {diff.field_name(column) for column in rule.quiet}
    rows = [after if after is not None else before for before, after in pairs]
    subjects = [row for row in rows if row is not None]
    tenants = await _resolve(table, rule.tenant, subjects)
    leases = await _resolve(table, rule.lease, subjects)
    actor = current_actor()
    now = datetime.now(tz=UTC)
    pk = table._meta.primary_key._meta.name
    entries: list[AuditEntry] = []
    for (before, after), row, tenant, lease in zip(pairs, subjects, tenants, leases, strict=True):
        changed = diff.changes(_plain(table, before), _plain(table, after), secret=secret)
        if action == "update" and not set(changed) - quiet:
            continue
        label = rule.label(row) if rule.label else ""
        entries.append(
            AuditEntry(
                subject_kind=table._meta.tablename,
                subject_id=row[pk],
                action=action,
                actor=actor.label[:100],
                actor_id=actor.user_id,
                tenant_id=tenant,
                lease_id=lease,
                label=f"{rule.kind} {label}".strip()[:300],
                changes=changed,
                at=now,
            )
        )
    return entries


async def _write(entries: Sequence[AuditEntry]) -> None:
    for start in range(0, len(entries), _CHUNK):
        await AuditEntry.insert(*entries[start : start + _CHUNK])


async def _resolve(table: type[Table], path: str | None, rows: Iterable[Row]) -> list[UUID | None]:
    """The id ``path`` leads to from each row: a column of it, or one of the row it points to."""
    rows = list(rows)
    if path is None:
        return [None] * len(rows)
    head, _, rest = path.partition(".")
    values = [row.get(head) for row in rows]
    if not rest:
        return values
    column = table._meta.get_column_by_name(head)
    if not isinstance(column, ForeignKey):  # pragma: no cover - a wrong rule, found by tests
        raise TypeError(f"{table.__name__}.{head} is not a foreign key")
    target = column._foreign_key_meta.resolved_references
    wanted = list({value for value in values if value is not None})
    if not wanted:
        return [None] * len(rows)
    target_pk = target._meta.primary_key
    found = {
        row[target_pk._meta.name]: row[rest]
        for row in await target.select(target_pk, target._meta.get_column_by_name(rest)).where(
            target_pk.is_in(wanted)
        )
    }
    return [found.get(value) for value in values]


def named(*columns: str, separator: str = " ") -> Callable[[Row], str]:
    """A label made of a row's ``columns`` (blank ones left out): ``named("name")``."""

    def label(row: Row) -> str:
        values = (row.get(column) for column in columns)
        return separator.join(
            str(diff.plain_value(column, value))
            for column, value in zip(columns, values, strict=True)
            if value not in (None, "")
        )

    return label
