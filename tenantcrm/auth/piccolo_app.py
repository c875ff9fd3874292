"""Piccolo app of users."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.auth.tables import ApiToken, BuildingOwner, SignInFailure, User

APP_CONFIG = AppConfig(
    app_name="auth",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[User, ApiToken, BuildingOwner, SignInFailure],
    migration_dependencies=["tenantcrm.buildings.piccolo_app"],
    commands=[],
)
