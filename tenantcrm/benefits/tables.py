"""Persistence of benefits: the inventory of limited resources and the grants to tenants.

Money is stored as integer minor units (``*_minor``) in the grant's ``currency``.
"""

from piccolo.columns import BigInt, Date, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.benefits.enums import BenefitKind, GrantOrigin, ResourceKind
from tenantcrm.buildings.tables import Building
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.tables import Lease
from tenantcrm.tenants.tables import Tenant


class Resource(Audited, Table):
    """A parking bay, storage room or signage slot of a building: ``code`` such as P2-017.

    ``slot_key`` (building, kind, code in lower case) is unique, so a code exists once per
    building and kind even under concurrent writers.
    """

    id = uuid_pk()
    audit_rule = AuditRule("Resource", label=named("kind", "code"))
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20, choices=ResourceKind, index=True)
    code = Varchar(length=40)
    slot_key = Varchar(length=120, unique=True)
    location = Varchar(length=200, default="")
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class BenefitGrant(Audited, Table):
    """A benefit granted to a tenant from ``start_date`` to ``end_date`` (inclusive)."""

    id = uuid_pk()
    audit_rule = AuditRule("Benefit", tenant="tenant", lease="lease", label=named("kind", "title"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=30, choices=BenefitKind, index=True)
    title = Varchar(length=200, default="")
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, null=True, default=None)
    resource = ForeignKey(
        references=Resource, on_delete=OnDelete.restrict, null=True, default=None, index=True
    )
    start_date = Date()
    end_date = Date(index=True)
    quantity = Integer(default=1)
    monthly_amount_minor = BigInt(null=True, default=None)
    annual_cost_minor = BigInt(default=0)
    currency = Varchar(length=3)
    origin = Varchar(length=20, choices=GrantOrigin, default=GrantOrigin.ANCHOR_POLICY.value)
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
