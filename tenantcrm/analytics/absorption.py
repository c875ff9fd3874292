"""Net absorption: how much occupied space a building gained or lost in each period.

Pure calculation: no I/O and no clock.

Periods
    Calendar months, quarters (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) or years, each with an
    inclusive end; the first and last are cut to ``[start, end]``. They tile the range with no gap
    and no overlap.
Absorption
    Per period, the area of the events dated inside it, by kind, and
    ``net = move_ins + expansions - move_outs - contractions``. An event counts in every period
    given that contains its day, so over periods that tile a range the nets add up to the net of
    the whole range.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

__all__ = ["AbsorptionRow", "Grain", "SpaceEvent", "SpaceEventKind", "net_absorption", "periods"]

_ONE_DAY = timedelta(days=1)


class Grain(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_GRAIN_MONTHS = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}


class SpaceEventKind(StrEnum):
    MOVE_IN = "move_in"  # a new tenant takes space
    EXPANSION = "expansion"  # a sitting tenant takes more
    MOVE_OUT = "move_out"  # a tenant leaves
    CONTRACTION = "contraction"  # a sitting tenant gives some back


@dataclass(frozen=True, slots=True)
class SpaceEvent:
    """Occupied area gained or given up on ``day`` (``area`` is a size, never negative)."""

    day: date
    kind: SpaceEventKind
    area: Decimal


@dataclass(frozen=True, slots=True)
class AbsorptionRow:
    """One period's areas by kind of event and its net absorption."""

    start: date
    end: date  # inclusive
    move_ins: Decimal
    expansions: Decimal
    move_outs: Decimal
    contractions: Decimal
    net: Decimal  # move_ins + expansions - move_outs - contractions


def periods(start: date, end: date, grain: Grain) -> list[tuple[date, date]]:
    """Calendar-aligned ``(first day, last day)`` periods covering ``start`` to ``end``."""
    if end < start:
        raise ValueError("end must not be before start")
    months = _GRAIN_MONTHS[Grain(grain)]
    # The first day of the calendar period holding `start`.
    first = date(start.year, start.month - (start.month - 1) % months, 1)
    found = []
    while first <= end:
        following = _add_months(first, months)
        last = end if following is None else min(end, following - _ONE_DAY)
        found.append((max(first, start), last))
        if following is None:
            break
        first = following
    return found


def net_absorption(
    events: Iterable[SpaceEvent], periods: Sequence[tuple[date, date]]
) -> list[AbsorptionRow]:
    """One row per period, in the order given; events outside every period are ignored."""
    by_kind: dict[SpaceEventKind, list[SpaceEvent]] = {kind: [] for kind in SpaceEventKind}
    for event in events:
        if event.area < 0:
            raise ValueError("an event's area must not be negative")
        by_kind[SpaceEventKind(event.kind)].append(event)
    sums = {kind: _DailySums(found) for kind, found in by_kind.items()}

    rows = []
    for first, last in periods:
        if last < first:
            raise ValueError(f"period {first} to {last} ends before it starts")
        move_ins = sums[SpaceEventKind.MOVE_IN].between(first, last)
        expansions = sums[SpaceEventKind.EXPANSION].between(first, last)
        move_outs = sums[SpaceEventKind.MOVE_OUT].between(first, last)
        contractions = sums[SpaceEventKind.CONTRACTION].between(first, last)
        rows.append(
            AbsorptionRow(
                start=first,
                end=last,
                move_ins=move_ins,
                expansions=expansions,
                move_outs=move_outs,
                contractions=contractions,
                net=move_ins + expansions - move_outs - contractions,
            )
        )
    return rows


class _DailySums:
    """Areas of one kind of event, found for any range of days by two binary searches."""

    __slots__ = ("_areas", "_days")

    def __init__(self, events: list[SpaceEvent]) -> None:
        ordered = sorted(events, key=lambda event: event.day)
        self._days = [event.day for event in ordered]
        self._areas = [event.area for event in ordered]

    def between(self, first: date, last: date) -> Decimal:
        """Total area of the events dated ``first`` to ``last`` inclusive."""
        low, high = bisect_left(self._days, first), bisect_right(self._days, last)
        return sum(self._areas[low:high], Decimal(0))


def _add_months(day: date, months: int) -> date | None:
    """``day`` plus ``months`` months, or None past the last date the calendar holds."""
    try:
        return day + relativedelta(months=months)
    except (OverflowError, ValueError):
        return None
