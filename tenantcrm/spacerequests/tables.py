"""Persistence of space requests."""

from piccolo.columns import JSON, BigInt, Date, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.tables import Lease
from tenantcrm.spacerequests.enums import RequestKind, RequestState
from tenantcrm.tenants.tables import Tenant


class SpaceRequest(Audited, Table):
    """``units`` are the units offered (expansion: to add; contraction: to release)."""

    id = uuid_pk()
    audit_rule = AuditRule("Space request", tenant="tenant", lease="lease", label=named("kind"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20, choices=RequestKind)
    state = Varchar(length=20, choices=RequestState, default=RequestState.SUBMITTED.value)
    desired_area_centi = BigInt()
    desired_date = Date()
    reason = Text(default="")
    units = JSON(default=[])
    effective_date = Date(null=True, default=None)
    outcome_note = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
