"""Persistence of complaints (the complaint register); their history is in the audit trail."""

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.auth.tables import User
from tenantcrm.buildings.tables import Building
from tenantcrm.complaints.enums import (
    ApprovalLevel,
    ComplaintCategory,
    ComplaintState,
    Department,
    Severity,
)
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.tables import Lease
from tenantcrm.moveouts.tables import MoveOut
from tenantcrm.tenants.tables import Tenant


class Complaint(Audited, Table):
    """``stage_started_on``/``stage_due`` run the SLA clock of the current stage (see sla.py)."""

    id = uuid_pk()
    audit_rule = AuditRule("Complaint", tenant="tenant", lease="lease", label=named("received_on"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade, index=True)
    lease = ForeignKey(references=Lease, on_delete=OnDelete.set_null, null=True, default=None)
    category = Varchar(length=30, choices=ComplaintCategory)
    severity = Varchar(length=10, choices=Severity)
    description = Text()
    received_on = Date(index=True)
    state = Varchar(
        length=20, choices=ComplaintState, default=ComplaintState.REGISTERED.value, index=True
    )
    stage_started_on = Date()
    stage_due = Date(null=True, default=None, index=True)
    cause = Text(default="")
    responsible_department = Varchar(length=30, choices=Department, null=True, default=None)
    proposed_resolution = Text(default="")
    compensation_minor = BigInt(default=0)
    currency = Varchar(length=3)
    approver = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, default=None)
    approval_level = Varchar(length=20, choices=ApprovalLevel, null=True, default=None)
    tenant_response = Text(default="")
    satisfied = Boolean(null=True, default=None)
    corrective_action = Text(default="")
    preventive_action = Text(default="")
    move_out = ForeignKey(
        references=MoveOut, on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    closed_on = Date(null=True, default=None)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
