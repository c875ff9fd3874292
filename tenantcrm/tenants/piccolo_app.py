"""Piccolo app of the tenants domain."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.tenants.tables import Contact, Tenant

APP_CONFIG = AppConfig(
    app_name="tenants",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Tenant, Contact],
    migration_dependencies=["tenantcrm.auth.piccolo_app"],
    commands=[],
)
