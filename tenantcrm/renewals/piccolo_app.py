"""Piccolo app of renewals."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.renewals.tables import Renewal

APP_CONFIG = AppConfig(
    app_name="renewals",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Renewal],
    migration_dependencies=["tenantcrm.leases.piccolo_app", "tenantcrm.tenants.piccolo_app"],
    commands=[],
)
