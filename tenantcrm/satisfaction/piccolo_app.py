"""Piccolo app of satisfaction surveys."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.satisfaction.tables import Survey

APP_CONFIG = AppConfig(
    app_name="satisfaction",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Survey],
    migration_dependencies=["tenantcrm.buildings.piccolo_app", "tenantcrm.tenants.piccolo_app"],
    commands=[],
)
