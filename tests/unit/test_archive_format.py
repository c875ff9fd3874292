"""The archive's value encoding and manifest checks (pure: no database)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

import pytest

from tenantcrm.archive.format import (
    FORMAT_VERSION,
    ArchiveError,
    Column,
    Manifest,
    TableEntry,
    check_migrations,
    check_tables,
    decode_row,
    decode_value,
    encode_row,
    encode_value,
)

HK = timezone(timedelta(hours=8))
ID = UUID("0b3793c5-65f8-46be-8e0f-a518f14a3e20")


@pytest.mark.parametrize(
    ("kind", "value", "encoded"),
    [
        ("uuid", ID, "0b3793c5-65f8-46be-8e0f-a518f14a3e20"),
        ("uuid", "0B3793C5-65F8-46BE-8E0F-A518F14A3E20", "0b3793c5-65f8-46be-8e0f-a518f14a3e20"),
        ("text", "北京\n🏢", "北京\n🏢"),
        ("integer", 2**62, 2**62),
        ("boolean", True, True),
        ("float", 0.1, 0.1),
        ("decimal", Decimal("1234.5600"), "1234.5600"),
        ("date", date(2026, 2, 28), "2026-02-28"),
        ("timestamptz", datetime(2026, 3, 15, 8, 0, tzinfo=HK), "2026-03-15T00:00:00.000000+00:00"),
        ("timestamptz", datetime(2026, 3, 15, 0, 0, 0, 7, tzinfo=UTC),
         "2026-03-15T00:00:00.000007+00:00"),
        ("json", '{"b": [1, "二"], "a": null}', {"b": [1, "二"], "a": None}),
        ("json", [1, {"x": 2}], [1, {"x": 2}]),
        ("text", None, None),
    ],
)  # fmt: skip
def test_values_are_written_exactly_and_read_back(
    kind: str, value: object, encoded: object
) -> None:
    assert encode_value(kind, value) == encoded
    decoded = decode_value(kind, encoded)
    if kind == "json":
        assert decoded == (json.loads(value) if isinstance(value, str) else value)
    elif kind == "uuid":  # canonical text, which both engines store as it is
        assert decoded == str(UUID(str(value)))
    else:
        assert decoded == value
        assert type(decoded) is type(value)


def test_a_timestamp_without_time_zone_is_refused_both_ways() -> None:
    with pytest.raises(ArchiveError, match="no time zone"):
        encode_value("timestamptz", datetime(2026, 3, 15))
    with pytest.raises(ArchiveError, match="no time zone"):
        decode_value("timestamptz", "2026-03-15T00:00:00")


@pytest.mark.parametrize(
    ("kind", "value"),
    [("integer", "1"), ("integer", True), ("boolean", 1), ("uuid", "nope"), ("date", "2026-13-01"),
     ("decimal", "1,5"), ("text", 3)],
)  # fmt: skip
def test_values_of_the_wrong_type_are_refused(kind: str, value: object) -> None:
    with pytest.raises(ArchiveError):
        decode_value(kind, value)


COLUMNS = (Column("id", "uuid"), Column("at", "timestamptz"), Column("n", "integer"))


def test_rows_are_compact_ordered_json_lines() -> None:
    row = {"n": 3, "at": datetime(2026, 1, 1, tzinfo=UTC), "id": ID}
    line = encode_row(COLUMNS, row)
    assert line == (
        b'{"id":"0b3793c5-65f8-46be-8e0f-a518f14a3e20",'
        b'"at":"2026-01-01T00:00:00.000000+00:00","n":3}\n'
    )
    assert decode_row("t", COLUMNS, line, 1) == {**row, "id": str(ID)}


def test_a_row_with_a_missing_or_extra_column_is_refused() -> None:
    with pytest.raises(ArchiveError, match="line 4 has columns"):
        decode_row("t", COLUMNS, b'{"id":null,"at":null}\n', 4)
    with pytest.raises(ArchiveError, match="line 2, column n"):
        decode_row("t", COLUMNS, b'{"id":null,"at":null,"n":"x"}\n', 2)


def _manifest(**migrations: list[str]) -> Manifest:
    return Manifest(
        app_version="0.1.0",
        created_at=datetime(2026, 3, 15, tzinfo=UTC),
        engine="sqlite",
        migrations=migrations,
        tables=(TableEntry("t", COLUMNS, 2, "ab" * 32),),
    )


def test_the_manifest_reads_back_what_it_wrote() -> None:
    manifest = _manifest(leases=["2", "1"])
    again = Manifest.from_bytes(manifest.to_bytes())
    assert again.tables == manifest.tables
    assert again.migrations == {"leases": ["1", "2"]}
    assert again.created_at == manifest.created_at
    assert again.format_version == FORMAT_VERSION


def test_an_unknown_manifest_is_refused() -> None:
    with pytest.raises(ArchiveError, match="not a TenantCRM archive"):
        Manifest.from_bytes(b'{"format": "other"}')
    with pytest.raises(ArchiveError, match="not valid JSON"):
        Manifest.from_bytes(b"{")
    document = json.loads(_manifest().to_bytes())
    document["tables"][0]["name"] = "../escape"
    with pytest.raises(ArchiveError, match="bad table name"):
        Manifest.from_bytes(json.dumps(document).encode())


def test_migrations_must_match_exactly() -> None:
    check_migrations({"leases": ["1", "2"]}, {"leases": ["2", "1"]})
    with pytest.raises(ArchiveError, match=r"newer schema.*leases 3"):
        check_migrations({"leases": ["1", "3"]}, {"leases": ["1"]})
    with pytest.raises(ArchiveError, match=r"older schema.*leases 2"):
        check_migrations({"leases": ["1"]}, {"leases": ["1", "2"]})
    with pytest.raises(ArchiveError, match="not migrated"):
        check_migrations({"leases": ["1"]}, {})


def test_tables_and_columns_must_match() -> None:
    manifest = _manifest()
    check_tables(manifest, {"t": list(reversed(COLUMNS))})
    with pytest.raises(ArchiveError, match="missing from the archive: u"):
        check_tables(manifest, {"t": COLUMNS, "u": COLUMNS})
    with pytest.raises(ArchiveError, match=r"database only: extra \(text\)"):
        check_tables(manifest, {"t": (*COLUMNS, Column("extra", "text"))})
