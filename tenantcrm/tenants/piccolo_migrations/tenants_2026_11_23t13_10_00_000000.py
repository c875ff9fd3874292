"""Tenant list order: an index on (lower(name), id), the list's sort key.

Written by hand: Piccolo's columns cannot declare an expression index. The statement is the
same on SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T13:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index tenant (lower(name), id)"


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="tenants", description=DESCRIPTION)

    async def run() -> None:
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS tenant_lower_name_id ON tenant (lower(name), id)"
        )

    async def run_backwards() -> None:
        await RawTable.raw("DROP INDEX IF EXISTS tenant_lower_name_id")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
