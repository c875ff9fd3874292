"""Piccolo app of benefits."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.benefits.tables import BenefitGrant, Resource

APP_CONFIG = AppConfig(
    app_name="benefits",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Resource, BenefitGrant],
    migration_dependencies=[
        "tenantcrm.buildings.piccolo_app",
        "tenantcrm.leases.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
    ],
    commands=[],
)
