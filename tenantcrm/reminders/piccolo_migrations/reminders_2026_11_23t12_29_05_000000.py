"""The keys of the reminder engine: composite unique indexes Piccolo does not declare.

A reminder is unique by (kind, subject, due), a delivery by (reminder, channel); the inbox
reads a recipient's reminders by due day.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T12:29:05:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique keys of reminders and deliveries"

_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS reminder_kind_subject_due_key "
    "ON reminder (kind, subject, due)",
    "CREATE UNIQUE INDEX IF NOT EXISTS delivery_reminder_channel_key "
    "ON delivery (reminder, channel)",
    "CREATE INDEX IF NOT EXISTS reminder_recipient_due ON reminder (recipient, due)",
)
_NAMES = ("reminder_kind_subject_due_key", "delivery_reminder_channel_key", "reminder_recipient_due")


class RawTable(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="reminders", description=DESCRIPTION)

    async def create_indexes() -> None:
        for statement in _INDEXES:
            await RawTable.raw(statement)

    async def drop_indexes() -> None:
        for name in _NAMES:
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
