"""What the archive sees of the database: every registered Piccolo table, generically.

The tables come from the app registry (``tenantcrm/piccolo_conf.py``) in an order foreign
keys accept, so a new table or column is archived without a change here. Each column gets
the archive kind of its Piccolo type; a type the format does not know stops the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from piccolo.apps.migrations.tables import Migration
from piccolo.columns import Column as PiccoloColumn
from piccolo.columns import column_types as types
from piccolo.conf.apps import Finder
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table, sort_table_classes

from tenantcrm.archive.format import ArchiveError, Column

# Most specific first: subclasses (BigInt of Integer, Secret of Varchar...) match their base.
_KINDS: tuple[tuple[type[PiccoloColumn], str], ...] = (
    (types.UUID, "uuid"),
    (types.Varchar, "text"),
    (types.Text, "text"),
    (types.Integer, "integer"),
    (types.Serial, "integer"),
    (types.Boolean, "boolean"),
    (types.Real, "float"),
    (types.Numeric, "decimal"),
    (types.Date, "date"),
    (types.Timestamptz, "timestamptz"),
    (types.Timestamp, "timestamp"),
    (types.Time, "time"),
    (types.JSON, "json"),
)


@dataclass(frozen=True)
class TableShape:
    """A table as the archive handles it: its columns in order and its primary key."""

    table: type[Table]
    columns: tuple[Column, ...]
    primary_key: str
    self_references: tuple[str, ...]  # columns referring to this same table
    nullable: frozenset[str]

    @property
    def name(self) -> str:
        return self.table._meta.tablename


def kind_of(column: PiccoloColumn) -> str:
    if isinstance(column, types.ForeignKey):
        return kind_of(column._foreign_key_meta.resolved_references._meta.primary_key)
    for column_type, kind in _KINDS:
        if isinstance(column, column_type):
            return kind
    table = column._meta.table._meta.tablename
    raise ArchiveError(
        f"column {table}.{column._meta.db_column_name} is a {type(column).__name__}, "
        "which the archive format does not support yet"
    )


def shape_of(table: type[Table]) -> TableShape:
    columns = table._meta.columns
    self_references = tuple(
        column._meta.db_column_name
        for column in table._meta.foreign_key_columns
        if column._foreign_key_meta.resolved_references is table
    )
    return TableShape(
        table=table,
        columns=tuple(Column(c._meta.db_column_name, kind_of(c)) for c in columns),
        primary_key=table._meta.primary_key._meta.db_column_name,
        self_references=self_references,
        nullable=frozenset(c._meta.db_column_name for c in columns if c._meta.null),
    )


def registered_tables() -> list[TableShape]:
    """Every table of every registered app, parents before the tables referring to them."""
    return [shape_of(table) for table in sort_table_classes(Finder().get_table_classes())]


def engine_name(engine: Engine) -> str:
    return "postgresql" if isinstance(engine, PostgresEngine) else "sqlite"


async def applied_migrations() -> dict[str, list[str]]:
    """The migration ids applied to the database, per app (empty if never migrated)."""
    if not await Migration.table_exists():
        return {}
    rows = await Migration.select(Migration.app_name, Migration.name)
    applied: dict[str, list[str]] = {}
    for row in rows:
        applied.setdefault(row["app_name"], []).append(row["name"])
    return {app: sorted(ids) for app, ids in sorted(applied.items())}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_list(names: Sequence[str]) -> str:
    return ", ".join(quoted(name) for name in names)
