"""Persistence of care: contacts as logged, and per-tenant overrides of the care plan."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.auth.tables import User
from tenantcrm.care.enums import ContactKind, Sentiment
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.tenants.tables import Contact, Tenant


class CareContact(Audited, Table):
    """One touch of a tenant (a visit, a call, a gift...): by whom, with whom, how it went."""

    id = uuid_pk()
    audit_rule = AuditRule("Care contact", tenant="tenant", label=named("kind", "day"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=30, choices=ContactKind, index=True)
    day = Date(index=True)
    person = ForeignKey(references=Contact, on_delete=OnDelete.set_null, null=True, default=None)
    manager = ForeignKey(
        references=User, on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    notes = Text(default="")
    sentiment = Varchar(length=20, choices=Sentiment, null=True, default=None)
    outcome = Text(default="")
    follow_up_on = Date(null=True, default=None)
    follow_up_done = Boolean(default=False)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class CarePlanOverride(Audited, Table):
    """A manager's interval for one kind of contact with one tenant; null ``interval_months``
    with ``disabled`` true removes the kind from the tenant's plan."""

    id = uuid_pk()
    audit_rule = AuditRule("Care plan", tenant="tenant", label=named("kind"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=30, choices=ContactKind)
    interval_months = Integer(null=True, default=None)
    disabled = Boolean(default=False)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
