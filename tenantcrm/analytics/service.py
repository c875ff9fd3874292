"""Portfolio analytics: churn, the lease expiry schedule and occupancy over time.

Reads leases, move-outs and buildings through their services (a few set-based queries per
request, none per lease) and applies the pure rules of churn, expiries, lettings and absorption.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from tenantcrm.analytics.absorption import Grain, net_absorption, periods
from tenantcrm.analytics.expiries import ExpiringLease, expiry_schedule
from tenantcrm.analytics.lettings import (
    Arrival,
    Departure,
    Letting,
    occupied_at_close,
    space_events,
)
from tenantcrm.analytics.schemas import (
    ChurnClassOut,
    ChurnOut,
    ChurnReasonFiguresOut,
    ExpiriesOut,
    ExpiryYearOut,
    OccupancyHistoryOut,
    OccupancyPeriodOut,
    OccupiedBaseOut,
    SoftChurnedTenantOut,
)
from tenantcrm.buildings import service as buildings
from tenantcrm.buildings.enums import UnitStatus
from tenantcrm.buildings.occupancy import occupancy_rate
from tenantcrm.care import service as care
from tenantcrm.complaints import service as complaints
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import UnitAddedBy, UnitReleasedBy
from tenantcrm.moveouts import service as moveouts
from tenantcrm.moveouts.churn import (
    REASON_LABELS,
    ChurnClass,
    ClassFigures,
    MoveOutFact,
    OccupiedBase,
    churn_figures,
)

EXPIRY_YEARS = 10
MAX_PERIODS = 1_200
"""A hundred years of months: more rows than any report reads."""

_ZERO = Decimal("0.00")


async def _currency(building: UUID | None, currency: str | None) -> str | None:
    """The one currency of the figures: the building's, or the portfolio's (422 if mixed)."""
    if building is not None:
        own = (await buildings.get_building(building)).currency
        if currency is not None and currency != own:
            raise InvalidInputError(
                [FieldError("currency", f"building {building} is in {own}, not {currency}")]
            )
        return own
    if currency is not None:
        return currency
    found = await leases.lease_currencies()
    if len(found) > 1:
        raise InvalidInputError(
            [
                FieldError(
                    "currency",
                    f"the portfolio holds leases in {', '.join(found)}: choose one to add up rent",
                )
            ]
        )
    return found[0] if found else None


def _period_errors(start: date, end: date) -> None:
    if end < start:
        raise InvalidInputError([FieldError("to", "must not be before from")])


# --- churn --------------------------------------------------------------------------------


def _class_out(figures: ClassFigures) -> ChurnClassOut:
    return ChurnClassOut(
        churn_class=figures.churn_class,
        count=figures.count,
        area=figures.area,
        annual_rent=figures.annual_rent,
        rate_by_count=figures.rate_by_count,
        rate_by_area=figures.rate_by_area,
        rate_by_rent=figures.rate_by_rent,
    )


async def churn(
    start: date, end: date, building: UUID | None = None, currency: str | None = None
) -> ChurnOut:
    """Hard and soft churn from ``start`` to ``end`` (inclusive), of a building or the portfolio.

    Rates are against the leases in force on ``start``. Renewals signed are renewed leases whose
    next cycle started in the period; expiries decided are those, the leases moved out in the
    period, and ended leases whose term ran out in the period with no move-out recorded.
    """
    _period_errors(start, end)
    currency = await _currency(building, currency)
    in_force = await leases.leases_in_force(start, building, currency)
    base = OccupiedBase(
        tenants=len({lease.tenant for lease in in_force}),
        area=sum((lease.area for lease in in_force), _ZERO),
        annual_rent=sum((lease.annual_rent for lease in in_force), _ZERO),
    )
    left = await moveouts.move_outs_between(start, end, building, currency)
    renewed = set(await leases.renewed_between(start, end, building, currency))
    ended = await leases.ended_between(start, end, building, currency)
    expired = set(ended) - await moveouts.leases_moved_out(ended)
    decided = renewed | {m.lease for m in left} | expired
    figures = churn_figures(
        [
            MoveOutFact(
                tenant_id=m.tenant,
                building_id=m.building,
                day=m.day,
                reason=m.reason,
                churn_class=m.churn_class,
                area=m.area,
                annual_rent=m.annual_rent,
            )
            for m in left
        ],
        base,
        renewals_signed=len(renewed),
        expiries_decided=len(decided),
        period_start=start,
        period_end=end,
    )
    soft = sorted(
        (m for m in left if m.churn_class is ChurnClass.SOFT),
        key=lambda m: (m.day, m.tenant_name.lower(), str(m.id)),
        reverse=True,
    )
    open_complaints = await complaints.open_complaints([m.tenant for m in soft])
    last_contacts = await care.last_contacts(m.tenant for m in soft)
    return ChurnOut(
        building=building,
        period_start=start,
        period_end=end,
        currency=currency,
        base=OccupiedBaseOut(tenants=base.tenants, area=base.area, annual_rent=base.annual_rent),
        hard=_class_out(figures.hard),
        soft=_class_out(figures.soft),
        renewals_signed=len(renewed),
        expiries_decided=len(decided),
        renewal_rate=figures.renewal_rate,
        soft_reasons=[
            ChurnReasonFiguresOut(
                reason=r.reason,
                label=r.label,
                count=r.count,
                area=r.area,
                annual_rent=r.annual_rent,
            )
            for r in figures.soft_reasons
        ],
        soft_churned_tenants=[
            SoftChurnedTenantOut(
                open_complaints=open_complaints.get(m.tenant, 0),
                last_care_contact=last_contacts.get(m.tenant),
                tenant=m.tenant,
                tenant_name=m.tenant_name,
                building=m.building,
                lease=m.lease,
                move_out=m.id,
                day=m.day,
                reason=m.reason,
                label=REASON_LABELS[m.reason],
                area=m.area,
                annual_rent=m.annual_rent,
            )
            for m in soft
        ],
    )


# --- lease expiry schedule ----------------------------------------------------------------


async def expiries(
    today: date,
    building: UUID | None = None,
    first_year: int | None = None,
    currency: str | None = None,
) -> ExpiriesOut:
    """Active leases by the year their term ends, for ten years from ``first_year`` (this year).

    Area and annualised rent (12 x the face rent) are read today, or on the first day of a lease
    not yet begun; the shares are of all active leases in the scope.
    """
    currency = await _currency(building, currency)
    active = await leases.active_leases(today, building, currency)
    area = sum((lease.area for lease in active), _ZERO)
    annual_rent = sum((lease.annual_rent for lease in active), _ZERO)
    rows = expiry_schedule(
        (ExpiringLease(lease.end_date, lease.area, lease.annual_rent) for lease in active),
        first_year or today.year,
        EXPIRY_YEARS,
        occupied_area=area,
        annual_rent_total=annual_rent,
    )
    return ExpiriesOut(
        building=building,
        on=today,
        currency=currency,
        leases=len(active),
        occupied_area=area,
        annual_rent=annual_rent,
        years=[
            ExpiryYearOut(
                year=row.year,
                leases=row.leases,
                area=row.area,
                area_share=row.area_share,
                annual_rent=row.annual_rent,
                rent_share=row.rent_share,
                cumulative_area_share=row.cumulative_area_share,
                cumulative_rent_share=row.cumulative_rent_share,
            )
            for row in rows
        ],
    )


# --- occupancy over time and net absorption -----------------------------------------------

_ARRIVALS = {
    UnitAddedBy.LETTING: Arrival.LETTING,
    UnitAddedBy.RENEWAL: Arrival.RENEWAL,
    UnitAddedBy.EXPANSION: Arrival.EXPANSION,
}
_DEPARTURES = {
    UnitReleasedBy.CONTRACTION: Departure.CONTRACTION,
    UnitReleasedBy.MOVE_OUT: Departure.MOVE_OUT,
}


def _letting(fact: leases.LettingFact) -> Letting:
    return Letting(
        unit=fact.unit,
        area=fact.area,
        start=fact.start,
        end=fact.end,
        arrival=_ARRIVALS[fact.added_by],
        departure=None if fact.released_by is None else _DEPARTURES[fact.released_by],
        renewal_cycle=fact.renewal_cycle,
        continues=fact.continues,
        continued=fact.continued,
        lease_renewed=fact.lease_renewed,
    )


async def occupancy_history(
    start: date, end: date, grain: Grain, building: UUID | None = None
) -> OccupancyHistoryOut:
    """Per period from ``start`` to ``end``: occupancy at its close and its net absorption."""
    _period_errors(start, end)
    spans = periods(start, end, grain)
    if len(spans) > MAX_PERIODS:
        raise InvalidInputError(
            [FieldError("grain", f"gives {len(spans)} periods; at most {MAX_PERIODS} are shown")]
        )
    units = await buildings.units_in(building)
    the_day_before = start - timedelta(days=1)
    lettings = [
        _letting(fact) for fact in await leases.lettings_between(the_day_before, end, building)
    ]
    absorption = net_absorption(space_events(lettings), spans)
    available = sum((u.area for u in units if u.status is not UnitStatus.OFF_MARKET), start=_ZERO)
    off_market: dict[Hashable, Decimal] = {
        u.id: u.area for u in units if u.status is UnitStatus.OFF_MARKET
    }

    def occupied(day: date) -> tuple[Decimal, Decimal]:
        """Occupied and lettable area at the close of ``day`` (a let unit is lettable)."""
        held = {letting.unit: letting.area for letting in occupied_at_close(lettings, day)}
        let_off_market = sum((off_market[u] for u in held if u in off_market), start=_ZERO)
        return sum(held.values(), start=_ZERO), available + let_off_market

    rows = []
    for row in absorption:
        occupied_area, lettable_area = occupied(row.end)
        rows.append(
            OccupancyPeriodOut(
                start=row.start,
                end=row.end,
                lettable_area=lettable_area,
                occupied_area=occupied_area,
                occupancy_rate=occupancy_rate(occupied_area, lettable_area),
                move_ins=row.move_ins,
                expansions=row.expansions,
                move_outs=row.move_outs,
                contractions=row.contractions,
                net_absorption=row.net,
            )
        )
    return OccupancyHistoryOut(
        building=building,
        start=start,
        end=end,
        grain=grain,
        opening_occupied_area=occupied(the_day_before)[0],
        periods=rows,
    )
