"""From unit lettings to occupancy over time: what each letting's start and end mean for space.

Pure: no I/O and no clock.

Lettings
    A letting is one unit let under one lease cycle from ``start`` to ``end``, both days occupied.
    A renewal that lets the same unit from the day after the previous cycle's letting ends
    continues it: the two are one stretch of occupancy, with no event in between.
Events (``space_events``)
    Where a stretch begins: an expansion if the unit was added to a sitting tenant's lease (an
    expansion, or a unit the renewed cycle holds and the previous one did not), otherwise a
    move-in. Where it ends: a contraction if the unit was released by one (or left out of the
    lease's next cycle), otherwise a move-out (a recorded move-out, or an expiry with no next
    cycle). Each event carries the unit's area and is dated on the letting's first or last day.
Occupied at the close of a day (``occupied_at_close``)
    A letting holds its unit at the close of ``day`` if it began by then and goes on after it
    (or is continued by the next cycle). So a tenant leaving on the last day of a period no longer
    counts at that period's close, and the change in occupied area between two closes equals
    the net absorption of the events between them.
"""

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tenantcrm.analytics.absorption import SpaceEvent, SpaceEventKind

__all__ = ["Arrival", "Departure", "Letting", "occupied_at_close", "space_events"]


class Arrival(StrEnum):
    """How a unit came into its lease."""

    LETTING = "letting"
    RENEWAL = "renewal"
    EXPANSION = "expansion"


class Departure(StrEnum):
    """How a unit left its lease before the term's end (none: it ran to the end)."""

    CONTRACTION = "contraction"
    MOVE_OUT = "move_out"


@dataclass(frozen=True, slots=True)
class Letting:
    """One unit let under one lease cycle, and how it connects to the cycles around it.

    ``renewal_cycle``: the lease renews an earlier cycle; ``continues``: that cycle let this
    unit until the day before ``start``; ``continued``: the next cycle lets it from the day after
    ``end``; ``lease_renewed``: the lease has a next cycle at all.
    """

    unit: Hashable
    area: Decimal
    start: date
    end: date
    arrival: Arrival = Arrival.LETTING
    departure: Departure | None = None
    renewal_cycle: bool = False
    continues: bool = False
    continued: bool = False
    lease_renewed: bool = False


def space_events(lettings: Iterable[Letting]) -> Iterator[SpaceEvent]:
    """The move-ins, expansions, move-outs and contractions the lettings make."""
    for letting in lettings:
        if letting.end < letting.start:
            raise ValueError("a letting must not end before it starts")
        if letting.area < 0:
            raise ValueError("a letting's area must not be negative")
        if not letting.continues:
            yield SpaceEvent(letting.start, _arrival_kind(letting), letting.area)
        if not letting.continued:
            yield SpaceEvent(letting.end, _departure_kind(letting), letting.area)


def occupied_at_close(lettings: Iterable[Letting], day: date) -> list[Letting]:
    """The lettings that hold their unit at the close of ``day``."""
    return [
        letting
        for letting in lettings
        if letting.start <= day
        and (day < letting.end or (day == letting.end and letting.continued))
    ]


def _arrival_kind(letting: Letting) -> SpaceEventKind:
    if letting.arrival is Arrival.EXPANSION or letting.renewal_cycle:
        return SpaceEventKind.EXPANSION
    return SpaceEventKind.MOVE_IN


def _departure_kind(letting: Letting) -> SpaceEventKind:
    if letting.departure is Departure.CONTRACTION:
        return SpaceEventKind.CONTRACTION
    if letting.departure is None and letting.lease_renewed:
        return SpaceEventKind.CONTRACTION
    return SpaceEventKind.MOVE_OUT
