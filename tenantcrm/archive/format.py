"""The portable archive format: its manifest and the exact, engine-neutral encoding of values.

Pure rules: no ORM, no database. An archive is a zip file holding

* ``manifest.json``: the format and its version, the app version, the applied migration ids
  per app, when it was made, and per table (in an order foreign keys accept) its file, its
  columns with their kinds, its row count and the SHA-256 of its file;
* ``tables/<table>.jsonl``: one JSON object per row, keys in column order, rows in primary
  key order.

Values are written the same whatever the engine: UUIDs as lowercase strings, dates as
``YYYY-MM-DD``, timestamps with time zone as ISO 8601 in UTC with microseconds, decimals as
strings, JSON columns as JSON, booleans, integers and floats as JSON numbers. A column of a
kind not listed here makes the export fail rather than write something it cannot restore.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from uuid import UUID

FORMAT: Final = "tenantcrm-archive"
FORMAT_VERSION: Final = 1
MANIFEST_NAME: Final = "manifest.json"
KINDS: Final = frozenset(
    {"uuid", "text", "integer", "boolean", "float", "decimal", "date", "timestamptz",
     "timestamp", "time", "json"}
)  # fmt: skip


class ArchiveError(ValueError):
    """The archive cannot be read or restored; the message says why, for the person running it."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class TableEntry:
    """One table of the archive: its file, columns, row count and checksum."""

    name: str
    columns: tuple[Column, ...]
    rows: int
    sha256: str

    @property
    def file(self) -> str:
        return table_file(self.name)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "columns": [column.as_json() for column in self.columns],
            "rows": self.rows,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class Manifest:
    app_version: str
    created_at: datetime
    engine: str  # where it was exported from (informational only)
    migrations: dict[str, list[str]]  # app name -> applied migration ids, sorted
    tables: tuple[TableEntry, ...] = field(default=())
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def to_bytes(self) -> bytes:
        document = {
            "format": self.format,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "created_at": encode_timestamptz(self.created_at),
            "engine": self.engine,
            "migrations": {app: sorted(ids) for app, ids in sorted(self.migrations.items())},
            "total_rows": self.total_rows,
            "tables": [table.as_json() for table in self.tables],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Parse and check a manifest: its format and version first, then its shape."""
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveError(f"{MANIFEST_NAME} is not valid JSON: {error}") from error
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ArchiveError(f"not a TenantCRM archive ({MANIFEST_NAME} lacks format {FORMAT!r})")
        version = document.get("format_version")
        if version != FORMAT_VERSION:
            raise ArchiveError(
                f"archive format version {version!r} is not supported: this TenantCRM reads "
                f"version {FORMAT_VERSION}"
                + (" (the archive is from a newer TenantCRM)" if _newer(version) else "")
            )
        try:
            tables = tuple(
                TableEntry(
                    name=_plain_name(entry["name"]),
                    columns=tuple(
                        Column(name=str(column["name"]), kind=_kind(column["kind"]))
                        for column in entry["columns"]
                    ),
                    rows=int(entry["rows"]),
                    sha256=str(entry["sha256"]),
                )
                for entry in document["tables"]
            )
            migrations = {
                str(app): sorted(str(i) for i in ids)
                for app, ids in dict(document["migrations"]).items()
            }
            return cls(
                app_version=str(document["app_version"]),
                created_at=decode_timestamptz(document["created_at"]),
                engine=str(document.get("engine", "")),
                migrations=migrations,
                tables=tables,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ArchiveError(f"{MANIFEST_NAME} is malformed: {error!r}") from error


def _newer(version: object) -> bool:
    return isinstance(version, int) and version > FORMAT_VERSION


def _kind(kind: object) -> str:
    if kind not in KINDS:
        raise ArchiveError(f"unknown column kind {kind!r}")
    return str(kind)


def _plain_name(name: object) -> str:
    text = str(name)
    if not text or "/" in text or "\\" in text or text.startswith("."):
        raise ArchiveError(f"bad table name {text!r}")
    return text


def table_file(table: str) -> str:
    return f"tables/{table}.jsonl"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- values ---------------------------------------------------------------------------------


def encode_timestamptz(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ArchiveError(f"timestamp {value!r} has no time zone")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def decode_timestamptz(value: object) -> datetime:
    if not isinstance(value, str):
        raise ArchiveError(f"expected an ISO timestamp, got {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ArchiveError(f"timestamp {value!r} has no time zone")
    return parsed.astimezone(UTC)


def _encode_uuid(value: Any) -> str:
    return str(value) if isinstance(value, UUID) else str(UUID(str(value)))


def _encode_integer(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, int):
        raise ArchiveError(f"expected an integer, got {value!r}")
    return value


def _encode_float(value: Any) -> float | str:
    number = float(value)
    return number if math.isfinite(number) else str(number)


def _encode_date(value: Any) -> str:
    return date.isoformat(value.date() if isinstance(value, datetime) else value)


_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "uuid": _encode_uuid,
    "text": str,
    "integer": _encode_integer,
    "boolean": bool,
    "float": _encode_float,
    "decimal": lambda value: str(value if isinstance(value, Decimal) else Decimal(str(value))),
    "date": _encode_date,
    "timestamptz": encode_timestamptz,
    "timestamp": lambda value: datetime.isoformat(value, timespec="microseconds"),
    "time": lambda value: time.isoformat(value, timespec="microseconds"),
    "json": lambda value: json.loads(value) if isinstance(value, str | bytes) else value,
}


def encode_value(kind: str, value: Any) -> Any:
    """A database value (as the engine returned it) as a JSON value."""
    if value is None:
        return None
    try:
        encoder = _ENCODERS[kind]
    except KeyError:
        raise ArchiveError(f"unknown column kind {kind!r}") from None
    return encoder(value)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ArchiveError(f"expected a string, got {value!r}")
    return value


def _decode_uuid(value: Any) -> str:
    """The canonical (lowercase, hyphenated) text of a UUID: both engines take it as is."""
    text = _text(value)
    return text if _CANONICAL_UUID.fullmatch(text) else str(UUID(text))


def _decode_integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArchiveError(f"expected an integer, got {value!r}")
    return value


def _decode_boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArchiveError(f"expected true or false, got {value!r}")
    return value


def _decode_float(value: Any) -> float:
    if isinstance(value, str):
        return float(value)  # nan, inf, -inf
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArchiveError(f"expected a number, got {value!r}")
    return float(value)


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "uuid": _decode_uuid,
    "text": _text,
    "integer": _decode_integer,
    "boolean": _decode_boolean,
    "float": _decode_float,
    "decimal": lambda value: Decimal(_text(value)),
    "date": lambda value: date.fromisoformat(_text(value)),
    "timestamptz": decode_timestamptz,
    "timestamp": lambda value: datetime.fromisoformat(_text(value)),
    "time": lambda value: time.fromisoformat(_text(value)),
    "json": lambda value: value,
}


def decode_value(kind: str, value: Any) -> Any:
    """A JSON value of the archive as the Python value to write (JSON stays a Python value;
    UUIDs stay canonical text, which both engines store as they are)."""
    if value is None:
        return None
    try:
        decoder = _DECODERS[kind]
    except KeyError:
        raise ArchiveError(f"unknown column kind {kind!r}") from None
    try:
        return decoder(value)
    except ArchiveError:
        raise
    except (ValueError, InvalidOperation) as error:
        raise ArchiveError(f"bad {kind} value {value!r}") from error


def encode_row(columns: Sequence[Column], row: Mapping[str, Any]) -> bytes:
    """One JSON Lines record: the row's columns in order, compact, UTF-8, newline-ended."""
    document = {}
    for column in columns:
        value = row[column.name]
        document[column.name] = None if value is None else _ENCODERS[column.kind](value)
    return (
        json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    ).encode()


def decode_row(table: str, columns: Sequence[Column], line: bytes, number: int) -> dict[str, Any]:
    """A JSON Lines record as ``{column: value}``; exactly the manifest's columns, or an error."""
    where = f"{table_file(table)} line {number}"
    try:
        document = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"{where} is not valid JSON: {error}") from error
    if not isinstance(document, dict):
        raise ArchiveError(f"{where} is not a JSON object")
    if len(document) != len(columns):
        raise ArchiveError(
            f"{where} has columns {sorted(document)}, expected "
            f"{sorted(column.name for column in columns)}"
        )
    row: dict[str, Any] = {}
    for column in columns:
        try:
            value = document[column.name]
            row[column.name] = None if value is None else _DECODERS[column.kind](value)
        except KeyError:
            raise ArchiveError(
                f"{where} has columns {sorted(document)}, expected "
                f"{sorted(column.name for column in columns)}"
            ) from None
        except ArchiveError as error:
            raise ArchiveError(f"{where}, column {column.name}: {error}") from error
        except (ValueError, InvalidOperation) as error:
            raise ArchiveError(
                f"{where}, column {column.name}: bad {column.kind} value {value!r}"
            ) from error
    return row


# -- checks before a restore ----------------------------------------------------------------


def check_migrations(
    archive: Mapping[str, Sequence[str]], database: Mapping[str, Sequence[str]]
) -> None:
    """The archive and the database must be at the same schema: the same migrations applied."""
    ours = {(app, migration) for app, ids in database.items() for migration in ids}
    theirs = {(app, migration) for app, ids in archive.items() for migration in ids}
    if not ours:
        raise ArchiveError("the database is not migrated: run `tenantcrm migrate` first")
    newer = sorted(theirs - ours)
    if newer:
        raise ArchiveError(
            "the archive is from a newer schema than this database: it has migrations the "
            f"database lacks ({_listed(newer)}). Upgrade TenantCRM, run `tenantcrm migrate`, "
            "then restore."
        )
    older = sorted(ours - theirs)
    if older:
        raise ArchiveError(
            "the archive is from an older schema than this database: the database has "
            f"migrations the archive lacks ({_listed(older)}). Restore it with the TenantCRM "
            "version that made it, then upgrade that database."
        )


def _listed(pairs: Sequence[tuple[str, str]], most: int = 5) -> str:
    shown = ", ".join(f"{app} {migration}" for app, migration in pairs[:most])
    return shown + (f" and {len(pairs) - most} more" if len(pairs) > most else "")


def check_tables(manifest: Manifest, expected: Mapping[str, Sequence[Column]]) -> None:
    """The archive holds exactly the database's tables, each with the same columns and kinds."""
    archived = {table.name: table for table in manifest.tables}
    missing = sorted(set(expected) - set(archived))
    extra = sorted(set(archived) - set(expected))
    if missing or extra:
        raise ArchiveError(
            "the archive's tables do not match this database's"
            + (f"; missing from the archive: {', '.join(missing)}" if missing else "")
            + (f"; unknown to this database: {', '.join(extra)}" if extra else "")
        )
    for name, columns in expected.items():
        ours, theirs = set(columns), set(archived[name].columns)
        if ours != theirs:
            raise ArchiveError(
                f"table {name}: the archive's columns differ from this database's "
                f"(archive only: {_columns(theirs - ours)}; "
                f"database only: {_columns(ours - theirs)})"
            )


def _columns(columns: set[Column]) -> str:
    return ", ".join(f"{c.name} ({c.kind})" for c in sorted(columns, key=lambda c: c.name)) or "-"


class Progress:
    """Told how far an export or restore has got; the command line draws a bar from it."""

    def start(self, total_rows: int) -> None:
        """The rows to go, before the first table."""

    def table(self, name: str, rows: int) -> None:
        """A table (with this many rows) begins."""

    def advance(self, rows: int) -> None:
        """This many more rows are done."""
