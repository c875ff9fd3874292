"""The lease expiry schedule owners publish: what share of the building falls due each year.

Pure calculation: no I/O and no clock.

Years
    One row per calendar year from ``first_year`` for ``years`` years, empty years included with
    zeros. A lease counts in the year its term ends; leases ending before ``first_year`` or after
    the last year are left out.
Shares
    Area and rent shares are of ``occupied_area`` and ``annual_rent_total`` (0 when that total is
    0), to 4 dp. Each year's share is the step in the cumulative share rounded half up, so a share
    column adds up exactly to its cumulative figure (and, for the leases in force, never to more
    than 1) while each share stays within 0.0001 of its exact value.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

__all__ = ["ExpiringLease", "ExpiryYear", "expiry_schedule"]

SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class ExpiringLease:
    """A lease in force: the last day of its term, its area and its annual rent."""

    end: date
    area: Decimal
    annual_rent: Decimal


@dataclass(frozen=True, slots=True)
class ExpiryYear:
    """The leases ending in one calendar year and their share of the occupied building."""

    year: int
    leases: int
    area: Decimal
    area_share: Decimal  # of the occupied area, 4 dp
    annual_rent: Decimal
    rent_share: Decimal  # of the annual rent total, 4 dp
    cumulative_area_share: Decimal  # from first_year to this year, 4 dp
    cumulative_rent_share: Decimal


def expiry_schedule(
    leases: Iterable[ExpiringLease],
    first_year: int,
    years: int = 10,
    *,
    occupied_area: Decimal,
    annual_rent_total: Decimal,
) -> list[ExpiryYear]:
    """One row per year from ``first_year``: how many leases end, with what area and rent."""
    if years < 1:
        raise ValueError("years must be at least 1")
    if occupied_area < 0 or annual_rent_total < 0:
        raise ValueError("occupied_area and annual_rent_total must not be negative")
    last_year = first_year + years - 1
    count = dict.fromkeys(range(first_year, last_year + 1), 0)
    area = dict.fromkeys(count, Decimal(0))
    rent = dict.fromkeys(count, Decimal(0))
    for lease in leases:
        if lease.area < 0 or lease.annual_rent < 0:
            raise ValueError("a lease's area and annual rent must not be negative")
        if lease.end.year in count:
            count[lease.end.year] += 1
            area[lease.end.year] += lease.area
            rent[lease.end.year] += lease.annual_rent

    rows = []
    area_shares = _Shares(occupied_area)
    rent_shares = _Shares(annual_rent_total)
    for year in count:
        area_share, cumulative_area = area_shares.add(area[year])
        rent_share, cumulative_rent = rent_shares.add(rent[year])
        rows.append(
            ExpiryYear(
                year=year,
                leases=count[year],
                area=area[year],
                area_share=area_share,
                annual_rent=rent[year],
                rent_share=rent_share,
                cumulative_area_share=cumulative_area,
                cumulative_rent_share=cumulative_rent,
            )
        )
    return rows


class _Shares:
    """Running shares of ``whole``: each one the step in the rounded cumulative share."""

    __slots__ = ("_reported", "_running", "_whole")

    def __init__(self, whole: Decimal) -> None:
        self._whole = Fraction(whole)
        self._running = Fraction(0)
        self._reported = Decimal("0.0000")

    def add(self, part: Decimal) -> tuple[Decimal, Decimal]:
        """The share of ``part`` and the cumulative share after it."""
        self._running += Fraction(part)
        cumulative = _four_places(self._running / self._whole if self._whole else Fraction(0))
        share = cumulative - self._reported
        self._reported = cumulative
        return share, cumulative


def _four_places(value: Fraction) -> Decimal:
    """A fraction rounded half up to 4 dp, exactly (no intermediate decimal rounding)."""
    scaled = value * 10_000
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    return Decimal(whole).scaleb(-4).quantize(SHARE_PLACES)
