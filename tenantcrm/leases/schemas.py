"""API models of leases, their rent steps and schedules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from tenantcrm.core.schemas import (
    BusinessDate,
    DecimalString,
    FourPlaces,
    Model,
    Money,
    OutModel,
    PatchModel,
    Percent,
    SignedMoney,
    Version,
)
from tenantcrm.leases.enums import (
    DateKind,
    LeaseStatus,
    OptionKind,
    StepKind,
    UnitAddedBy,
    UnitReleasedBy,
)
from tenantcrm.leases.rent import ChangeKind


class RentStepIn(Model):
    """One change of rent. Fields by kind: fixed -> amount (the new monthly rent);
    percent -> percent (+ every_months to repeat); amount -> amount (the monthly increase,
    may be negative; + every_months to repeat); free -> months of free rent."""

    kind: StepKind
    effective: BusinessDate
    amount: SignedMoney | None = None
    percent: Percent | None = None
    every_months: int | None = Field(default=None, ge=1, le=240)
    months: int | None = Field(default=None, ge=1, le=240)
    note: str = Field(default="", max_length=300)


class RentStepPatch(PatchModel):
    nullable = frozenset({"amount", "percent", "every_months", "months"})

    kind: StepKind | None = None
    effective: BusinessDate | None = None
    amount: SignedMoney | None = None
    percent: Percent | None = None
    every_months: int | None = Field(default=None, ge=1, le=240)
    months: int | None = Field(default=None, ge=1, le=240)
    note: str | None = Field(default=None, max_length=300)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class RentStepOut(OutModel):
    id: UUID
    lease: UUID
    kind: StepKind
    effective: date
    amount: DecimalString | None
    percent: DecimalString | None
    every_months: int | None
    months: int | None
    note: str
    version: int


class LeaseIn(Model):
    tenant: UUID
    units: list[UUID] = Field(min_length=1, max_length=200, description="Units of one building")
    start_date: BusinessDate
    end_date: BusinessDate = Field(description="Last day of the term (inclusive)")
    status: LeaseStatus = LeaseStatus.DRAFT
    previous: UUID | None = Field(default=None, description="The cycle this one renews")
    base_rent: Money = Field(description="Monthly rent at the start, before any step")
    deposit: Money = Field(default=Decimal("0.00"))
    incentive: Money = Field(
        default=Decimal("0.00"), description="One-off incentive, deducted in net effective"
    )
    notice_months: int = Field(default=6, ge=0, le=60)
    notes: str = Field(default="", max_length=10_000)
    rent_steps: list[RentStepIn] = Field(default_factory=list, max_length=240)


class LeasePatch(PatchModel):
    units: list[UUID] | None = Field(default=None, min_length=1, max_length=200)
    start_date: BusinessDate | None = None
    end_date: BusinessDate | None = None
    status: LeaseStatus | None = None
    base_rent: Money | None = None
    deposit: Money | None = None
    incentive: Money | None = None
    notice_months: int | None = Field(default=None, ge=0, le=60)
    notes: str | None = Field(default=None, max_length=10_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class LeaseUnitOut(OutModel):
    unit: UUID
    code: str
    floor: int
    area: DecimalString
    start_date: date
    end_date: date = Field(description="Last day let: the lease end, or the day before a release")
    added_by: UnitAddedBy
    released_by: UnitReleasedBy | None


class AreaChangeOut(OutModel):
    """An amendment of the area let (an expansion or a contraction); rent follows it."""

    id: UUID
    effective: date
    area_before: DecimalString
    area_after: DecimalString
    note: str


class RentChangeOut(OutModel):
    effective: date
    monthly_rent: DecimalString
    kind: ChangeKind = Field(description="The kind of step, or 'area' when the area let changed")


class LeaseOut(OutModel):
    id: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    building_name: str
    cycle: int
    previous: UUID | None
    status: LeaseStatus
    start_date: date
    end_date: date
    currency: str
    base_rent: DecimalString
    deposit: DecimalString
    incentive: DecimalString
    notice_months: int
    notes: str
    area: DecimalString = Field(
        description="Area let on the day asked (on the first or last day when outside the term)"
    )
    units: list[LeaseUnitOut] = Field(
        description="Every unit the lease has held, released ones too, with the days held"
    )
    area_changes: list[AreaChangeOut] = Field(description="Expansions and contractions, by date")
    rent_steps: list[RentStepOut]
    current_rent: DecimalString | None = Field(
        description="Face monthly rent in effect on the day asked (null outside the term)"
    )
    next_change: RentChangeOut | None
    version: int


class ConcessionOut(OutModel):
    start: date
    end: date
    monthly_amount: DecimalString
    source: UUID = Field(description="The grant the concession comes from")
    note: str


class ScheduleLineOut(OutModel):
    number: int
    start: date
    end: date
    monthly_rent: DecimalString
    rent: DecimalString
    free: DecimalString
    concession: DecimalString = Field(description="Rent concessions granted within the period")
    due: DecimalString = Field(description="rent - free - concession")


class RentSummaryOut(OutModel):
    months: FourPlaces = Field(description="Term length in months, a part month as its fraction")
    gross_rent: DecimalString
    free_rent: DecimalString
    total_rent: DecimalString = Field(
        description="Total rent payable (after free rent, and concessions in a schedule)"
    )
    average_monthly_rent: DecimalString = Field(description="Gross rent over the term's months")
    net_effective_rent: DecimalString = Field(
        description="Monthly: (total rent - incentive) over the term's months"
    )


class ScheduleSummaryOut(RentSummaryOut):
    concessions: DecimalString = Field(description="Rent concessions granted over the term")


class ScheduleOut(OutModel):
    lease: UUID
    currency: str
    on: date
    current_rent: DecimalString | None
    next_change: RentChangeOut | None
    summary: ScheduleSummaryOut
    concessions: list[ConcessionOut] = Field(description="Rent concessions granted on the lease")
    lines: list[ScheduleLineOut]


# --- lease options and critical dates -----------------------------------------------------


class LeaseOptionIn(Model):
    """A window, inside the lease term, in which the tenant may renew, expand, contract or break."""

    kind: OptionKind
    opens: BusinessDate = Field(description="First day the option may be exercised")
    closes: BusinessDate = Field(description="Last day the option may be exercised")
    note: str = Field(default="", max_length=300)


class LeaseOptionPatch(PatchModel):
    kind: OptionKind | None = None
    opens: BusinessDate | None = None
    closes: BusinessDate | None = None
    note: str | None = Field(default=None, max_length=300)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class LeaseOptionOut(OutModel):
    id: UUID
    lease: UUID
    kind: OptionKind
    opens: date
    closes: date
    note: str
    version: int


class CriticalDateOut(OutModel):
    """A day that matters for a lease: expiry, notice deadline, rent step, option window."""

    day: date
    kind: DateKind
    label: str
    option_kind: OptionKind | None = Field(description="For option windows: which option")
    lease: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    building_name: str
