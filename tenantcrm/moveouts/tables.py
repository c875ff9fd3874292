"""Persistence of move-outs: the end of a tenant's occupancy, with its churn reason.

``area_centi`` and ``annual_rent_minor`` are what the tenant held and paid when it left,
kept so churn figures do not change when leases are edited later.
"""

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.buildings.tables import Building
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.tables import Lease
from tenantcrm.tenants.tables import Tenant


class MoveOut(Audited, Table):
    id = uuid_pk()
    audit_rule = AuditRule("Move-out", tenant="tenant", lease="lease", label=named("day"))
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, unique=True)
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade, index=True)
    day = Date(index=True)
    reason = Varchar(length=40)
    churn_class = Varchar(length=10, index=True)
    class_overridden = Boolean(default=False)
    justification = Text(default="")
    area_centi = BigInt()
    annual_rent_minor = BigInt()
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
