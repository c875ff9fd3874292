"""Piccolo app of the buildings domain."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.buildings.tables import Building, Unit

APP_CONFIG = AppConfig(
    app_name="buildings",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Building, Unit],
    migration_dependencies=[],
    commands=[],
)
