"""Export and restore: every row of every table comes back, exactly, on either engine."""

from __future__ import annotations

import asyncio
import contextvars
import json
from pathlib import Path

import httpx
import pytest

from tenantcrm.archive.export import export_archive
from tenantcrm.archive.export import snapshot as snapshot_of
from tenantcrm.archive.format import ArchiveError, Progress, sha256_hex
from tenantcrm.archive.restore import DatabaseNotEmptyError, restore_archive
from tenantcrm.audit.tables import AuditEntry
from tenantcrm.audit.tracking import unaudited
from tenantcrm.auth import service as users
from tenantcrm.db import current_engine
from tenantcrm.leases.tables import Lease
from tenantcrm.tenants.tables import Tenant
from tests.archive.helpers import (
    AWKWARD_TEXT,
    AWKWARD_TIME,
    MANIFEST_NAME,
    TABLES,
    assert_same_rows,
    full_portfolio,
    manifest_of,
    rewrite,
    snapshot,
    table_file,
    table_files,
)


class Recorder(Progress):
    def __init__(self) -> None:
        self.total = -1
        self.tables: list[str] = []
        self.done = 0

    def start(self, total_rows: int) -> None:
        self.total = total_rows

    def table(self, name: str, rows: int) -> None:
        self.tables.append(name)

    def advance(self, rows: int) -> None:
        self.done += rows


async def _empty_database() -> None:
    with unaudited():
        for table in reversed(TABLES):
            await table.delete(force=True)


async def test_round_trip_restores_every_row_of_every_table(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await full_portfolio(fresh=True)
    before = await snapshot()
    empty = [name for name, rows in before.items() if not rows]
    assert empty == [], f"add rows for {empty} in full_portfolio so the round trip checks them"
    renewed = await Lease.count().where(Lease.previous.is_not_null())
    assert renewed > 0  # the self-reference is exercised

    first = tmp_path / "first.zip"
    exported = await export_archive(first, batch_rows=37)  # many pages per table
    assert {t.name: t.rows for t in exported.tables} == {n: len(r) for n, r in before.items()}

    recorder = Recorder()
    restored = await restore_archive(first, replace=True, batch_rows=50, progress=recorder)
    assert restored.total_rows == recorder.total == recorder.done == sum(map(len, before.values()))
    assert recorder.tables == [table._meta.tablename for table in TABLES]
    assert_same_rows(before, await snapshot())

    # Exactly, not only equal: the awkward values come back as they went in.
    tenant = await Tenant.select(Tenant.notes).where(Tenant.notes == AWKWARD_TEXT).first()
    assert tenant is not None
    files = table_files(first)
    assert (
        AWKWARD_TIME.isoformat(timespec="microseconds").encode()
        not in files[table_file("lease_option")]
    )  # written in UTC ...
    assert b'"2026-03-14T15:59:58.123456+00:00"' in files[table_file("lease_option")]  # ... here

    # A second round trip writes byte-identical table files.
    second = tmp_path / "second.zip"
    await export_archive(second)
    assert table_files(second) == files

    # Password hashes and token digests came back: people and scripts still get in.
    assert await users.sign_in("manager", "demo") is not None
    assert (await client.get("/api/buildings")).status_code == 200


async def test_a_table_or_column_left_out_would_be_noticed(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    """The comparison the round trip relies on fails when one column of one row differs."""
    await full_portfolio()
    before = await snapshot()
    archive = tmp_path / "a.zip"
    await export_archive(archive)
    await restore_archive(archive, replace=True)
    lease = await Lease.select(Lease.id, Lease.updated_at).order_by(Lease.id).first()
    assert lease is not None
    await Lease.update({Lease.updated_at: lease["updated_at"].replace(microsecond=0)}).where(
        Lease.id == lease["id"]
    )
    with pytest.raises(AssertionError, match=r"lease.updated_at"):
        assert_same_rows(before, await snapshot())


async def test_restore_refuses_a_database_holding_data(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await full_portfolio()
    archive = tmp_path / "a.zip"
    await export_archive(archive)
    before = await snapshot()
    with pytest.raises(DatabaseNotEmptyError, match="--replace"):
        await restore_archive(archive)
    assert_same_rows(before, await snapshot())


async def _exported_then_emptied(tmp_path: Path) -> Path:
    await full_portfolio()
    archive = tmp_path / "a.zip"
    await export_archive(archive)
    await _empty_database()
    return archive


async def _all_empty() -> bool:
    return all([await table.count() == 0 for table in TABLES])


async def test_a_corrupted_table_file_is_refused(client: httpx.AsyncClient, tmp_path: Path) -> None:
    archive = await _exported_then_emptied(tmp_path)
    name = table_file("lease")
    data = table_files(archive)[name]
    corrupt = tmp_path / "corrupt.zip"
    rewrite(archive, corrupt, {name: data.replace(b'"cycle":1', b'"cycle":2', 1)})
    with pytest.raises(ArchiveError, match=r"tables/lease.jsonl is corrupt: its checksum"):
        await restore_archive(corrupt)
    assert await _all_empty()


async def test_a_wrong_format_version_is_refused(client: httpx.AsyncClient, tmp_path: Path) -> None:
    archive = await _exported_then_emptied(tmp_path)
    manifest = manifest_of(archive)
    manifest["format_version"] = 2
    newer = tmp_path / "newer.zip"
    rewrite(archive, newer, {MANIFEST_NAME: json.dumps(manifest).encode()})
    with pytest.raises(ArchiveError, match=r"format version 2 is not supported.*newer TenantCRM"):
        await restore_archive(newer)
    assert await _all_empty()


async def test_an_archive_of_a_newer_schema_is_refused(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    archive = await _exported_then_emptied(tmp_path)
    manifest = manifest_of(archive)
    manifest["migrations"]["leases"].append("2099-01-01T00:00:00:000000")
    newer = tmp_path / "newer.zip"
    rewrite(archive, newer, {MANIFEST_NAME: json.dumps(manifest).encode()})
    with pytest.raises(ArchiveError, match=r"newer schema.*leases 2099-01-01"):
        await restore_archive(newer)
    assert await _all_empty()


async def test_a_failed_restore_writes_nothing(client: httpx.AsyncClient, tmp_path: Path) -> None:
    """A row the database rejects, in the last table: every table inserted before is undone."""
    archive = await _exported_then_emptied(tmp_path)
    manifest = manifest_of(archive)
    last = manifest["tables"][-1]
    name = last["file"]
    lines = table_files(archive)[name].splitlines(keepends=True)
    row = json.loads(lines[-1])
    fk = next(c["name"] for c in last["columns"] if c["name"] == "tenant")
    row[fk] = "00000000-0000-4000-8000-000000000000"  # no such tenant
    lines[-1] = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    data = b"".join(lines)
    last["sha256"] = sha256_hex(data)
    broken = tmp_path / "broken.zip"
    rewrite(archive, broken, {name: data, MANIFEST_NAME: json.dumps(manifest).encode()})
    with pytest.raises(ArchiveError, match=f"table {last['name']}: the database refused"):
        await restore_archive(broken)
    assert await _all_empty()

    # With --replace, a failure leaves the data that was there.
    await restore_archive(archive)
    before = await snapshot()
    with pytest.raises(ArchiveError, match="the database refused"):
        await restore_archive(broken, replace=True)
    assert_same_rows(before, await snapshot())


async def test_an_export_reads_one_snapshot_while_others_write(client: httpx.AsyncClient) -> None:
    """What others commit during an export is not half in it: every page reads one snapshot."""
    await full_portfolio()
    before = await AuditEntry.count()
    assert before > 0

    async def delete_elsewhere() -> None:  # another connection: not the export's transaction
        await AuditEntry.delete(force=True)

    async with snapshot_of(current_engine()):
        assert await AuditEntry.count() == before
        outside = asyncio.get_running_loop().create_task(
            delete_elsewhere(), context=contextvars.Context()
        )
        await outside
        assert await AuditEntry.count() == before  # still the snapshot's rows
    assert await AuditEntry.count() == 0
