"""API models of portfolio analytics: churn, the lease expiry schedule, occupancy over time."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from tenantcrm.analytics.absorption import Grain
from tenantcrm.core.schemas import DecimalString, OutModel, Ratio
from tenantcrm.moveouts.churn import ChurnClass, MoveOutReason

_SCOPE = "The building asked for, or null for the whole portfolio"
_CURRENCY = "Currency of every amount (null when the scope holds no lease)"


class OccupiedBaseOut(OutModel):
    """What was occupied on the period's first day: the denominators of the rates."""

    tenants: int = Field(description="Tenants holding space under a lease in force that day")
    area: DecimalString = Field(description="Square metres let that day")
    annual_rent: DecimalString = Field(description="12 x the monthly face rent in force that day")


class ChurnClassOut(OutModel):
    churn_class: ChurnClass
    count: int = Field(description="Move-outs dated in the period")
    area: DecimalString
    annual_rent: DecimalString
    rate_by_count: Ratio = Field(description="count / tenants of the base, 4 places")
    rate_by_area: Ratio = Field(description="area / area of the base")
    rate_by_rent: Ratio = Field(description="annual rent / annual rent of the base")


class ChurnReasonFiguresOut(OutModel):
    reason: MoveOutReason
    label: str
    count: int
    area: DecimalString
    annual_rent: DecimalString


class SoftChurnedTenantOut(OutModel):
    """A tenant lost to soft churn in the period (one entry per soft move-out)."""

    tenant: UUID
    tenant_name: str
    building: UUID
    lease: UUID
    move_out: UUID
    day: date
    reason: MoveOutReason
    label: str
    area: DecimalString
    annual_rent: DecimalString
    last_care_contact: date | None = Field(
        default=None,
        description="Day of the tenant's last logged care contact (null: never contacted)",
    )
    open_complaints: int = Field(default=0, description="The tenant's complaints still open")


class ChurnOut(OutModel):
    """Hard and soft churn of a period, against what was occupied when it began."""

    building: UUID | None = Field(description=_SCOPE)
    period_start: date
    period_end: date
    currency: str | None = Field(description=_CURRENCY)
    base: OccupiedBaseOut
    hard: ChurnClassOut
    soft: ChurnClassOut
    renewals_signed: int = Field(
        description="Renewed leases whose next cycle started in the period"
    )
    expiries_decided: int = Field(
        description=(
            "Leases decided in the period: those renewals, leases moved out in the period, "
            "and leases ended (term over in the period) with no move-out recorded"
        )
    )
    renewal_rate: Ratio | None = Field(
        description="renewals_signed / expiries_decided, 4 places; null when nothing was decided"
    )
    soft_reasons: list[ChurnReasonFiguresOut] = Field(
        description="Reasons of the soft move-outs, most move-outs first, then most area"
    )
    soft_churned_tenants: list[SoftChurnedTenantOut] = Field(
        description="Each soft move-out of the period, latest first"
    )


class ExpiryYearOut(OutModel):
    year: int
    leases: int = Field(description="Active leases whose term ends this year")
    area: DecimalString
    area_share: Ratio = Field(description="Of the occupied area (all active leases), 4 places")
    annual_rent: DecimalString
    rent_share: Ratio = Field(description="Of the annual rent of all active leases, 4 places")
    cumulative_area_share: Ratio
    cumulative_rent_share: Ratio


class ExpiriesOut(OutModel):
    """The lease expiry schedule of active leases, year by year for ten years."""

    building: UUID | None = Field(description=_SCOPE)
    on: date = Field(description="The day area and rent are read on (today)")
    currency: str | None = Field(description=_CURRENCY)
    leases: int = Field(description="Active leases in the scope")
    occupied_area: DecimalString = Field(description="Area of the active leases")
    annual_rent: DecimalString = Field(
        description=(
            "12 x the monthly face rent in force on the day, summed; a lease not yet begun "
            "counts at its first day's rent"
        )
    )
    years: list[ExpiryYearOut]


class OccupancyPeriodOut(OutModel):
    start: date
    end: date = Field(description="Last day of the period (inclusive)")
    lettable_area: DecimalString = Field(
        description="Area of the units not off the market, and of off-market units let"
    )
    occupied_area: DecimalString = Field(
        description="Area let at the close of the period's last day (a tenant leaving that day "
        "has gone)"
    )
    occupancy_rate: Ratio = Field(description="occupied / lettable area, 0..1, 4 places")
    move_ins: DecimalString
    expansions: DecimalString
    move_outs: DecimalString
    contractions: DecimalString
    net_absorption: DecimalString = Field(
        description="move_ins + expansions - move_outs - contractions (may be negative)"
    )


class OccupancyHistoryOut(OutModel):
    """Occupancy at the close of each period and the net absorption within it."""

    building: UUID | None = Field(description=_SCOPE)
    start: date
    end: date
    grain: Grain
    opening_occupied_area: DecimalString = Field(
        description="Area let at the close of the day before the first period"
    )
    periods: list[OccupancyPeriodOut]
