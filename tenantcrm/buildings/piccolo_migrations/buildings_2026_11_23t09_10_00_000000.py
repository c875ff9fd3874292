"""Unit codes are unique within a building (a composite index Piccolo does not declare)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T09:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique unit code per building"


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="buildings", description=DESCRIPTION)

    async def create_index() -> None:
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS unit_building_code_key ON unit (building, code)"
        )

    async def drop_index() -> None:
        await RawTable.raw("DROP INDEX IF EXISTS unit_building_code_key")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
