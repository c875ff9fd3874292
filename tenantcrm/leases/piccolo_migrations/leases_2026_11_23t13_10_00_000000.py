"""Leases of a tenant by status and end: an index on (tenant, status, end_date).

It answers "has this tenant a lease in force ending before …" (the tenant list's filters and
figures) from the index alone. Written by hand so the columns' order is explicit.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T13:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index lease (tenant, status, end_date)"


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="leases", description=DESCRIPTION)

    async def run() -> None:
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS lease_tenant_status_end ON lease (tenant, status, end_date)"
        )

    async def run_backwards() -> None:
        await RawTable.raw("DROP INDEX IF EXISTS lease_tenant_status_end")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
