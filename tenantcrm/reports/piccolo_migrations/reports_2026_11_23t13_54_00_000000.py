"""One mailing per owner, building and period: a unique index (written by hand, since
Piccolo's composite unique constraint is an ALTER TABLE that SQLite refuses)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T13:54:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique index report_mailing (user, building, period)"


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="reports", description=DESCRIPTION)

    async def run() -> None:
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS report_mailing_once "
            'ON report_mailing ("user", building, period)'
        )

    async def run_backwards() -> None:
        await RawTable.raw("DROP INDEX IF EXISTS report_mailing_once")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
