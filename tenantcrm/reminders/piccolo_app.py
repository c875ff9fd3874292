"""Piccolo app of reminders."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.reminders.tables import Delivery, MailDigest, Reminder, SweepRun

APP_CONFIG = AppConfig(
    app_name="reminders",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Reminder, MailDigest, Delivery, SweepRun],
    migration_dependencies=["tenantcrm.auth.piccolo_app"],
    commands=[],
)
