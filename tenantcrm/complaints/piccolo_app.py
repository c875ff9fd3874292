"""Piccolo app of complaints."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.complaints.tables import Complaint

APP_CONFIG = AppConfig(
    app_name="complaints",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Complaint],
    migration_dependencies=[
        "tenantcrm.auth.piccolo_app",
        "tenantcrm.buildings.piccolo_app",
        "tenantcrm.leases.piccolo_app",
        "tenantcrm.moveouts.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
    ],
    commands=[],
)
