"""Piccolo app of care."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.care.tables import CareContact, CarePlanOverride

APP_CONFIG = AppConfig(
    app_name="care",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[CareContact, CarePlanOverride],
    migration_dependencies=[
        "tenantcrm.auth.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
    ],
    commands=[],
)
