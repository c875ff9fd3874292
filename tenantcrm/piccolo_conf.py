"""Piccolo configuration: the engine from settings and every domain's Piccolo app."""

from piccolo.conf.apps import AppRegistry

from tenantcrm.db import create_engine
from tenantcrm.settings import get_settings

DB = create_engine(get_settings())

APP_REGISTRY = AppRegistry(
    apps=[
        "tenantcrm.auth.piccolo_app",
        "tenantcrm.buildings.piccolo_app",
        "tenantcrm.tenants.piccolo_app",
        "tenantcrm.leases.piccolo_app",
        "tenantcrm.renewals.piccolo_app",
        "tenantcrm.spacerequests.piccolo_app",
        "tenantcrm.moveouts.piccolo_app",
        "tenantcrm.complaints.piccolo_app",
        "tenantcrm.satisfaction.piccolo_app",
        "tenantcrm.audit.piccolo_app",
        "tenantcrm.care.piccolo_app",
        "tenantcrm.reminders.piccolo_app",
        "tenantcrm.reports.piccolo_app",
        "tenantcrm.benefits.piccolo_app",
        "tenantcrm.matchmaking.piccolo_app",
        "tenantcrm.referrals.piccolo_app",
    ]
)
