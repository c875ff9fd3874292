"""Piccolo app of referrals."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.referrals.tables import Referral

APP_CONFIG = AppConfig(
    app_name="referrals",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Referral],
    migration_dependencies=[
        "tenantcrm.buildings.piccolo_app",
        "tenantcrm.leases.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
    ],
    commands=[],
)
