"""Piccolo app of reports."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.reports.tables import ReportMailing

APP_CONFIG = AppConfig(
    app_name="reports",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ReportMailing],
    migration_dependencies=["tenantcrm.auth.piccolo_app", "tenantcrm.buildings.piccolo_app"],
    commands=[],
)
