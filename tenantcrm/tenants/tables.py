"""Persistence of tenants and contacts."""

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.auth.tables import User
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.tenants.enums import AnchorCategory, Industry, Tier


class Tenant(Audited, Table):
    id = uuid_pk()
    audit_rule = AuditRule("Tenant", tenant="id", label=named("name"))
    name = Varchar(length=300, index=True)
    legal_name = Varchar(length=300, default="")
    industry = Varchar(length=40, choices=Industry, index=True)
    headcount = Integer(null=True, default=None)
    website = Varchar(length=300, default="")
    tier = Varchar(length=20, choices=Tier, default=Tier.STANDARD.value, index=True)
    is_anchor = Boolean(default=False, index=True)
    anchor_category = Varchar(length=40, choices=AnchorCategory, null=True, default=None)
    anchor_evidence = Text(default="")
    tags = JSON(default=[])
    notes = Text(default="")
    manager = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, index=True)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class Contact(Audited, Table):
    """A person at a tenant: executives and the office/admin head get regular care."""

    id = uuid_pk()
    audit_rule = AuditRule("Contact", tenant="tenant", label=named("name"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=200)
    role = Varchar(length=200, default="")
    email = Varchar(length=254, default="")
    phone = Varchar(length=50, default="")
    is_executive = Boolean(default=False)
    is_admin_head = Boolean(default=False)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
