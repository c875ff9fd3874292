"""Shared pieces of the archive tests: a full portfolio, a database snapshot, archive surgery."""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from piccolo.conf.apps import Finder
from piccolo.table import Table, sort_table_classes

from tenantcrm.archive.export import export_archive
from tenantcrm.archive.format import MANIFEST_NAME, table_file
from tenantcrm.archive.restore import restore_archive
from tenantcrm.auth.tables import User
from tenantcrm.buildings.tables import Building
from tenantcrm.care.enums import ContactKind
from tenantcrm.care.tables import CarePlanOverride
from tenantcrm.demo import PortfolioSize, generate_portfolio
from tenantcrm.leases.critical_dates import OptionKind
from tenantcrm.leases.tables import Lease, LeaseOption
from tenantcrm.reminders.enums import Channel
from tenantcrm.reminders.tables import Delivery, Reminder
from tenantcrm.reports.tables import ReportMailing
from tenantcrm.tenants.tables import Tenant
from tests.app_fixtures import TODAY

TABLES: list[type[Table]] = sort_table_classes(Finder().get_table_classes())

# Awkward values on purpose: microseconds, a non-UTC offset, characters beyond ASCII.
AWKWARD_TIME = datetime(2026, 3, 14, 23, 59, 58, 123456, tzinfo=timezone(timedelta(hours=8)))
AWKWARD_TEXT = '北京 Ärger "quoted" \\ back\nslash 🏢'


_SEED: list[Path] = []  # the first full portfolio of the run, exported, to restore later


async def full_portfolio(*, fresh: bool = False) -> None:
    """The small demo portfolio, plus a row in each table the demo leaves empty.

    Generated once per run (about ten seconds); later calls restore that export of it,
    unless ``fresh``.
    """
    if _SEED and not fresh:
        await restore_archive(_SEED[0], replace=True)
        return
    await _generate()
    seed = Path(tempfile.mkdtemp(prefix="tenantcrm-archive-")) / "seed.zip"
    await export_archive(seed)
    _SEED[:] = [seed]


async def _generate() -> None:
    await generate_portfolio(PortfolioSize.demo(), today=TODAY, seed=7)
    tenant = await Tenant.select(Tenant.id).order_by(Tenant.id).first()
    lease = await Lease.select(Lease.id).order_by(Lease.id).first()
    building = await Building.select(Building.id).order_by(Building.id).first()
    user = await User.select(User.id).order_by(User.id).first()
    reminder = await Reminder.select(Reminder.id).order_by(Reminder.id).first()
    assert tenant
    assert lease
    assert building
    assert user
    assert reminder
    await CarePlanOverride(
        tenant=tenant["id"], kind=next(iter(ContactKind)), interval_months=None, disabled=True
    ).save()
    await LeaseOption(
        lease=lease["id"],
        kind=next(iter(OptionKind)),
        opens=date(2027, 1, 1),
        closes=date(2027, 6, 30),
        note=AWKWARD_TEXT,
        created_at=AWKWARD_TIME,
        updated_at=AWKWARD_TIME,
    ).save()
    await ReportMailing(
        user=user["id"], building=building["id"], period="2026-Q1", address="o@example.com"
    ).save()
    await Delivery(
        reminder=reminder["id"], channel=next(iter(Channel)), delivered_at=AWKWARD_TIME
    ).save()
    tags = ["新", {"k": [1, 2.5, None]}]
    await Tenant.update({Tenant.notes: AWKWARD_TEXT, Tenant.tags: tags}).where(
        Tenant.id == tenant["id"]
    )
    for table in TABLES:  # a table added since: one row of defaults, linked to existing rows
        if not await table.count():
            await _row_of_defaults(table)


async def _row_of_defaults(table: type[Table]) -> None:
    row = table()
    for column in table._meta.foreign_key_columns:
        parent = column._foreign_key_meta.resolved_references
        key = parent._meta.primary_key
        found = None if parent is table else await parent.select(key).first()
        if found is not None:
            setattr(row, column._meta.name, found[key._meta.name])
    await row.save()


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table as the ORM reads it, in primary key order (JSON parsed)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        json_columns = [c._meta.name for c in table._meta.json_columns]
        rows = await table.select().order_by(table._meta.primary_key)
        for row in rows:
            for name in json_columns:
                if isinstance(row[name], str):
                    row[name] = json.loads(row[name])
        tables[table._meta.tablename] = rows
    return tables


def assert_same_rows(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]
) -> None:
    """Table by table, row by row, column by column (timestamps: same instant, aware, to the
    microsecond)."""
    assert sorted(after) == sorted(before)
    for name, rows in before.items():
        restored = after[name]
        assert len(restored) == len(rows), f"{name}: {len(restored)} rows, expected {len(rows)}"
        for old, new in zip(rows, restored, strict=True):
            assert sorted(new) == sorted(old), f"{name}: columns differ"
            for column, value in old.items():
                got = new[column]
                assert got == value, f"{name}.{column} of {old.get('id')}: {got!r} != {value!r}"
                assert type(got) is type(value), f"{name}.{column}: {type(got)} != {type(value)}"
                if isinstance(value, datetime):
                    assert got.tzinfo is not None, f"{name}.{column} lost its time zone"


def table_files(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as opened:
        return {name: opened.read(name) for name in opened.namelist() if name.startswith("tables/")}


def rewrite(archive: Path, target: Path, changes: dict[str, bytes]) -> None:
    """A copy of ``archive`` with some members replaced (by member name)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for name in source.namelist():
            copy.writestr(name, changes.get(name, source.read(name)))


def manifest_of(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as opened:
        document: dict[str, Any] = json.loads(opened.read(MANIFEST_NAME))
        return document


__all__ = ["MANIFEST_NAME", "table_file"]
