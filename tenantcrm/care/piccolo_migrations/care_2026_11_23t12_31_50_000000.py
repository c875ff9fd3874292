"""One plan override per tenant and kind (a composite index Piccolo does not declare)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T12:31:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique care plan override per tenant and kind"


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="care", description=DESCRIPTION)

    async def create_index() -> None:
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS care_plan_override_tenant_kind_key "
            "ON care_plan_override (tenant, kind)"
        )
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS care_contact_tenant_kind_day "
            "ON care_contact (tenant, kind, day)"
        )

    async def drop_index() -> None:
        await RawTable.raw("DROP INDEX IF EXISTS care_plan_override_tenant_kind_key")
        await RawTable.raw("DROP INDEX IF EXISTS care_contact_tenant_kind_day")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
