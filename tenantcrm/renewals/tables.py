"""Persistence of renewals: the negotiation of the cycle that follows an expiring lease."""

from piccolo.columns import JSON, BigInt, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.tables import Lease
from tenantcrm.renewals.enums import RenewalState
from tenantcrm.tenants.tables import Tenant


class Renewal(Audited, Table):
    """``proposal`` holds the last request given to the builder, ``agreed`` the chosen terms
    (start, end, base rent, steps, incentive) that signing turns into the next cycle."""

    id = uuid_pk()
    audit_rule = AuditRule("Renewal", tenant="tenant", lease="lease")
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, unique=True)
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    state = Varchar(length=20, choices=RenewalState, default=RenewalState.NOT_STARTED.value)
    market_rent_minor = BigInt(null=True, default=None)
    proposal = JSON(default={})
    agreed = JSON(default={})
    new_lease = ForeignKey(references=Lease, on_delete=OnDelete.set_null, null=True, default=None)
    lost_reason = Text(default="")
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
