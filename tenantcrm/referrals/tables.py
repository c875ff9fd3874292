"""Persistence of referrals: prospects referred by tenants, and what signing them won.

``area_centi``, ``annual_rent_minor`` and ``currency`` are what the signed lease let and paid
when it was signed, kept so referral figures do not move when the lease is edited later.
"""

from piccolo.columns import UUID, BigInt, Date, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.buildings.tables import Building
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.tables import Lease
from tenantcrm.referrals.enums import ReferralRelation, ReferralStage
from tenantcrm.tenants.tables import Tenant


class Referral(Audited, Table):
    id = uuid_pk()
    audit_rule = AuditRule("Referral", tenant="referrer", label=named("name"))
    referrer = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    relation_id = UUID(null=True, default=None)  # the referrer's business relation, if any
    name = Varchar(length=300)
    relation = Varchar(length=20, choices=ReferralRelation)
    contact = Varchar(length=300, default="")
    space_need = Text(default="")
    area_wanted_centi = BigInt(null=True, default=None)
    building = ForeignKey(references=Building, on_delete=OnDelete.set_null, null=True, index=True)
    stage = Varchar(length=20, choices=ReferralStage, default=ReferralStage.LEAD.value, index=True)
    lost_reason = Text(default="")
    signed_on = Date(null=True, default=None)
    new_tenant = ForeignKey(references=Tenant, on_delete=OnDelete.set_null, null=True)
    new_lease = ForeignKey(references=Lease, on_delete=OnDelete.set_null, null=True)
    area_centi = BigInt(null=True, default=None)
    annual_rent_minor = BigInt(null=True, default=None)
    currency = Varchar(length=3, null=True, default=None)
    reward_grant = UUID(null=True, default=None)
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
