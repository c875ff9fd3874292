"""Persistence of satisfaction surveys: one row per answered survey."""

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.buildings.tables import Building
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.satisfaction.enums import FutureSpace, RenewalIntent
from tenantcrm.tenants.tables import Tenant


class Survey(Audited, Table):
    """``overall`` 0-10; each dimension 1-5 or null when not answered."""

    id = uuid_pk()
    audit_rule = AuditRule("Survey", tenant="tenant", label=named("answered_on"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade, index=True)
    answered_on = Date(index=True)
    overall = Integer()
    management = Integer(null=True, default=None)
    cleaning = Integer(null=True, default=None)
    security = Integer(null=True, default=None)
    maintenance = Integer(null=True, default=None)
    amenities = Integer(null=True, default=None)
    renewal_intent = Varchar(length=10, choices=RenewalIntent)
    future_space = Varchar(length=10, choices=FutureSpace, default=FutureSpace.UNKNOWN.value)
    comment = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
