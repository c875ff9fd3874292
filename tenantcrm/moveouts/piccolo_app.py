"""Piccolo app of move-outs."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.moveouts.tables import MoveOut

APP_CONFIG = AppConfig(
    app_name="moveouts",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[MoveOut],
    migration_dependencies=[
        "tenantcrm.buildings.piccolo_app",
        "tenantcrm.leases.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
    ],
    commands=[],
)
