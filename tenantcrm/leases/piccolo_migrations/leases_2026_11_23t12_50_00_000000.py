"""Indexes the lease reminders read rent steps by: the day a step takes effect, its
recurrence, and the anniversary (month * 100 + day) of a yearly step.

The anniversary is an expression index, written per engine; the lease reminders query the
same expression (``tenantcrm.leases.reminders.anniversary_sql``).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T12:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "rent step indexes for reminders"

_ANNIVERSARY = {
    "sqlite": "CAST(strftime('%m%d', effective) AS INTEGER)",
    "postgres": "(EXTRACT(MONTH FROM effective) * 100 + EXTRACT(DAY FROM effective))",
}
_NAMES = ("rent_step_effective", "rent_step_every_months", "rent_step_anniversary")


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="leases", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = RawTable._meta.db.engine_type
        expression = _ANNIVERSARY["sqlite" if engine == "sqlite" else "postgres"]
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS rent_step_effective ON rent_step (effective)"
        )
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS rent_step_every_months ON rent_step (every_months)"
        )
        await RawTable.raw(
            f"CREATE INDEX IF NOT EXISTS rent_step_anniversary ON rent_step (({expression}))"
        )

    async def drop_indexes() -> None:
        for name in _NAMES:
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
