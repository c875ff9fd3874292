"""Piccolo app of the leases domain."""

import os

from piccolo.conf.apps import AppConfig

from tenantcrm.leases.tables import (
    AreaChange,
    Concession,
    Lease,
    LeaseOption,
    LeaseUnit,
    RentStep,
)

APP_CONFIG = AppConfig(
    app_name="leases",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Lease, LeaseUnit, RentStep, LeaseOption, AreaChange, Concession],
    migration_dependencies=[
        "tenantcrm.buildings.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
    ],
    commands=[],
)
