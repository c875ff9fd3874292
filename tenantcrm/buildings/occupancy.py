"""Occupancy rules: which units are let on a day, and the building's figures from that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tenantcrm.buildings.enums import Occupancy, UnitStatus

RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class UnitLetting:
    """A unit let under a lease from ``start`` to ``end`` (inclusive)."""

    start: date
    end: date

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def unit_occupancy(status: UnitStatus, lettings: list[UnitLetting], day: date) -> Occupancy:
    """A unit is occupied when a letting covers the day; otherwise vacant or off the market."""
    if any(letting.covers(day) for letting in lettings):
        return Occupancy.OCCUPIED
    if status is UnitStatus.OFF_MARKET:
        return Occupancy.OFF_MARKET
    return Occupancy.VACANT


def occupancy_rate(occupied_area: Decimal, lettable_area: Decimal) -> Decimal:
    """Occupied share of the lettable area, 0..1 to 4 places (0 for a building with no area)."""
    if lettable_area <= 0:
        return Decimal("0.0000")
    return (occupied_area / lettable_area).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def terms_overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """Two inclusive date ranges share at least one day."""
    return a_start <= b_end and b_start <= a_end
