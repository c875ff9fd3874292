"""Persistence of matchmaking: business profiles, relations (partners, affiliates) and
introductions between tenants."""

from piccolo.columns import JSON, Float, ForeignKey, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.matchmaking.enums import RelationKind, TieState
from tenantcrm.tenants.tables import Tenant


class BusinessProfile(Audited, Table):
    """What a tenant offers, what it needs and the markets it serves (lists of short phrases)."""

    id = uuid_pk()
    audit_rule = AuditRule("Business profile", tenant="tenant")
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, unique=True)
    offers = JSON(default=[])
    needs = JSON(default=[])
    markets = JSON(default=[])
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class BusinessRelation(Audited, Table):
    """A firm a tenant works with: a partner, an affiliate, a client or a supplier; it may be a
    tenant too (``related_tenant``)."""

    id = uuid_pk()
    audit_rule = AuditRule("Business relation", tenant="tenant", label=named("name"))
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=300)
    kind = Varchar(length=20, choices=RelationKind)
    related_tenant = ForeignKey(
        references=Tenant, on_delete=OnDelete.set_null, null=True, default=None
    )
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class Introduction(Audited, Table):
    """A business tie between two tenants, suggested or made, and how it turned out.

    ``pair_key`` (the two tenant ids in order) is unique: a pair has one introduction.
    """

    id = uuid_pk()
    audit_rule = AuditRule("Introduction", tenant="tenant")
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    other = ForeignKey(references=Tenant, on_delete=OnDelete.cascade, index=True)
    pair_key = Varchar(length=80, unique=True)
    state = Varchar(length=20, choices=TieState, default=TieState.SUGGESTED.value, index=True)
    score = Float(null=True, default=None)
    reasons = JSON(default=[])
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
