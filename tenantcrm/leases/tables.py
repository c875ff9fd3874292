"""Persistence of leases (one contract cycle each), their units and rent steps.

Money is stored as integer minor units (``*_minor``), percentages as hundredths of a
percent (``percent_centi``: 3.25 % -> 325), areas as hundredths of a m².
"""

from piccolo.columns import UUID, BigInt, Date, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.buildings.tables import Building, Unit
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column
from tenantcrm.leases.enums import (
    LeaseStatus,
    OptionKind,
    StepKind,
    UnitAddedBy,
    UnitReleasedBy,
)
from tenantcrm.tenants.tables import Tenant


class Lease(Audited, Table):
    id = uuid_pk()
    audit_rule = AuditRule(
        "Lease",
        tenant="tenant",
        lease="id",
        label=named("start_date", "end_date", separator=" to "),
    )
    tenant = ForeignKey(references=Tenant, on_delete=OnDelete.restrict, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.restrict, index=True)
    cycle = Integer(default=1)
    previous: ForeignKey["Lease"] = ForeignKey(
        references="self", on_delete=OnDelete.set_null, null=True, default=None
    )
    status = Varchar(length=20, choices=LeaseStatus, default=LeaseStatus.DRAFT.value, index=True)
    start_date = Date()
    end_date = Date(index=True)
    currency = Varchar(length=3)
    base_rent_minor = BigInt()
    deposit_minor = BigInt(default=0)
    incentive_minor = BigInt(default=0)
    notice_months = Integer(default=6)
    notes = Text(default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class LeaseUnit(Audited, Table):
    """A unit let under a lease, from ``start_date`` to ``end_date`` (the lease term by default).

    ``added_by`` says how the unit came into the lease (a new letting, a renewal, an
    expansion) and ``released_by`` how it left early (a contraction, a move-out): the
    occupancy history and net absorption are read from these.
    """

    id = uuid_pk()
    audit_rule = AuditRule(
        "Lease unit", tenant="lease.tenant", lease="lease", label=named("start_date")
    )
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict, index=True)
    start_date = Date()
    end_date = Date()
    added_by = Varchar(length=20, choices=UnitAddedBy, default=UnitAddedBy.LETTING.value)
    released_by = Varchar(length=20, choices=UnitReleasedBy, null=True, default=None)


class LeaseOption(Audited, Table):
    """A window in which the tenant may renew, expand, contract or break."""

    id = uuid_pk()
    audit_rule = AuditRule(
        "Lease option", tenant="lease.tenant", lease="lease", label=named("kind")
    )
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20, choices=OptionKind)
    opens = Date()
    closes = Date()
    note = Varchar(length=300, default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class AreaChange(Audited, Table):
    """An amendment of the area let from ``effective``; rent follows the area from that day."""

    id = uuid_pk()
    audit_rule = AuditRule(
        "Area change", tenant="lease.tenant", lease="lease", label=named("effective")
    )
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, index=True)
    effective = Date()
    area_before_centi = BigInt()
    area_after_centi = BigInt()
    note = Varchar(length=300, default="")
    created_at = created_at()


class RentStep(Audited, Table):
    id = uuid_pk()
    audit_rule = AuditRule(
        "Rent step", tenant="lease.tenant", lease="lease", label=named("effective")
    )
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=10, choices=StepKind)
    effective = Date()
    amount_minor = BigInt(null=True, default=None)
    percent_centi = Integer(null=True, default=None)
    every_months = Integer(null=True, default=None)
    months = Integer(null=True, default=None)
    note = Varchar(length=300, default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class Concession(Audited, Table):
    """A rent concession on a lease: ``monthly_amount_minor`` off the rent from ``start_date`` to
    ``end_date``. Granted elsewhere (an anchor tenant's benefit); ``source`` names the grant so
    the granting domain can end or withdraw it."""

    id = uuid_pk()
    audit_rule = AuditRule(
        "Concession", tenant="lease.tenant", lease="lease", label=named("start_date")
    )
    lease = ForeignKey(references=Lease, on_delete=OnDelete.cascade, index=True)
    start_date = Date()
    end_date = Date()
    monthly_amount_minor = BigInt()
    source = UUID(unique=True)
    note = Varchar(length=300, default="")
    created_at = created_at()
