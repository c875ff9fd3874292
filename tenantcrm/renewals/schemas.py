"""API models of renewals, renewal proposals and renewal transitions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from tenantcrm.audit.schemas import HistoryEntryOut
from tenantcrm.core.schemas import (
    BusinessDate,
    DecimalString,
    Model,
    Money,
    OutModel,
    PatchModel,
    Percent,
    Version,
)
from tenantcrm.leases.enums import StepKind
from tenantcrm.leases.schemas import RentStepIn, RentSummaryOut
from tenantcrm.renewals.enums import RenewalState
from tenantcrm.renewals.proposals import ProposalForm

# --- Renewals -----------------------------------------------------------------------------


class RenewalIn(Model):
    lease: UUID = Field(description="The active lease approaching expiry")
    market_rent: Money | None = Field(default=None, description="Monthly market rent, if known")
    notes: str = Field(default="", max_length=10_000)


class RenewalPatch(PatchModel):
    nullable = frozenset({"market_rent"})

    market_rent: Money | None = None
    notes: str | None = Field(default=None, max_length=10_000)
    version: Version | None = Field(default=None, description="or send an If-Match header")


# --- Proposals ----------------------------------------------------------------------------


class PolicyIn(Model):
    """How far and how fast the rent may move, and the assumptions of the index-linked form."""

    max_step_percent: Percent = Field(description="Largest single increase allowed, in %")
    steps: int = Field(ge=1, le=240, description="Increases wanted, the one at the start included")
    step_every_months: int = Field(default=12, ge=1, le=240)
    free_months: int = Field(default=0, ge=0, le=240, description="Free rent at the start")
    incentive: Money = Field(default=Decimal("0.00"), description="One-off landlord incentive")
    index_rate_percent: Percent = Field(description="Assumed yearly index rate, in %")
    index_floor_percent: Percent = Field(description="Lowest yearly index rise applied, in %")
    index_cap_percent: Percent = Field(description="Highest yearly index rise applied, in %")


class PolicyOut(OutModel):
    max_step_percent: DecimalString
    steps: int
    step_every_months: int
    free_months: int
    incentive: DecimalString
    index_rate_percent: DecimalString
    index_floor_percent: DecimalString
    index_cap_percent: DecimalString


class RenewalProposalIn(Model):
    """What to propose for a renewal; the current rent is the lease's rent at expiry."""

    market_rent: Money | None = Field(
        default=None, description="Monthly market rent (default: the renewal's market_rent)"
    )
    start: BusinessDate | None = Field(
        default=None, description="First day of the renewal (default: the day after expiry)"
    )
    term_months: int = Field(ge=1, le=600)
    policy: PolicyIn


class ProposalRequestIn(Model):
    """A renewal proposal worked out on its own, without a stored renewal."""

    current_rent: Money = Field(description="Monthly rent paid now")
    market_rent: Money = Field(description="Monthly market rent")
    start: BusinessDate = Field(description="First day of the renewal term")
    term_months: int = Field(ge=1, le=600)
    policy: PolicyIn


class StepTermOut(OutModel):
    """A rent step of proposed or agreed terms, as it would be written on the lease."""

    kind: StepKind
    effective: date
    amount: DecimalString | None = None
    percent: DecimalString | None = None
    every_months: int | None = None
    months: int | None = None


class TermsOut(OutModel):
    start: date
    end: date
    base_rent: DecimalString
    incentive: DecimalString
    rent_steps: list[StepTermOut]


class LevelOut(OutModel):
    effective: date
    monthly_rent: DecimalString


class ProposalOptionOut(OutModel):
    form: ProposalForm
    terms: TermsOut
    levels: list[LevelOut] = Field(description="Face rent from each date on, ascending")
    largest_step_percent: DecimalString = Field(
        description="Largest change between consecutive levels, the current rent included"
    )
    reaches_market: bool
    summary: RentSummaryOut
    difference_vs_flat_market: DecimalString = Field(
        description="Total rent minus the flat-market option's total rent"
    )
    note: str


class ProposalsOut(OutModel):
    current_rent: DecimalString
    market_rent: DecimalString
    start: date
    end: date
    term_months: int
    policy: PolicyOut
    options: list[ProposalOptionOut]


class ProposalRequestOut(OutModel):
    """The last request given to the proposal builder for a renewal."""

    current_rent: DecimalString
    market_rent: DecimalString
    start: date
    term_months: int
    policy: PolicyOut
    made_on: date


class AgreedOut(OutModel):
    """The terms agreed with the tenant, which signing turns into the next lease cycle."""

    form: ProposalForm | None = Field(description="The proposal option chosen, or null")
    terms: TermsOut
    summary: RentSummaryOut
    agreed_on: date


# --- Transitions --------------------------------------------------------------------------


class AgreedTermsIn(Model):
    """Terms agreed outside the proposal options: the next cycle's term and rent steps."""

    start: BusinessDate
    end: BusinessDate = Field(description="Last day of the term (inclusive)")
    base_rent: Money
    incentive: Money = Field(default=Decimal("0.00"))
    rent_steps: list[RentStepIn] = Field(default_factory=list, max_length=240)


class RenewalTransitionIn(Model):
    to: RenewalState
    option: ProposalForm | None = Field(
        default=None, description="With to=agreed: the option of the last proposals chosen"
    )
    terms: AgreedTermsIn | None = Field(
        default=None, description="With to=agreed: explicit terms instead of an option"
    )
    reason: str | None = Field(
        default=None, max_length=2000, description="Required with to=lost; kept in the history"
    )


# --- Output -------------------------------------------------------------------------------


class RenewalOut(OutModel):
    id: UUID
    lease: UUID
    tenant: UUID
    tenant_name: str
    building: UUID
    building_name: str
    state: RenewalState
    allowed: list[RenewalState] = Field(description="The states this renewal may move to")
    market_rent: DecimalString | None
    notes: str
    lost_reason: str
    lease_expiry: date
    notice_deadline: date = Field(description="Last day to give notice: expiry minus notice")
    proposal: ProposalRequestOut | None
    agreed: AgreedOut | None
    new_lease: UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class RenewalDetailOut(RenewalOut):
    currency: str
    current_rent: DecimalString | None = Field(
        description="The lease's face monthly rent today (null outside its term)"
    )
    rent_at_expiry: DecimalString = Field(description="The rent proposals start from")
    history: list[HistoryEntryOut]
