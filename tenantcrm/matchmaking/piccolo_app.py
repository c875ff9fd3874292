"""Piccolo app of matchmaking."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.matchmaking.tables import BusinessProfile, BusinessRelation, Introduction

APP_CONFIG = AppConfig(
    app_name="matchmaking",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[BusinessProfile, BusinessRelation, Introduction],
    migration_dependencies=["tenantcrm.tenants.piccolo_app"],
    commands=[],
)
