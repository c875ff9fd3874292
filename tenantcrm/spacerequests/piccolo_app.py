"""Piccolo app of space requests."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.spacerequests.tables import SpaceRequest

APP_CONFIG = AppConfig(
    app_name="spacerequests",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[SpaceRequest],
    migration_dependencies=["tenantcrm.leases.piccolo_app", "tenantcrm.tenants.piccolo_app"],
    commands=[],
)
