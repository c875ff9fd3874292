"""Which units fit a space request: rank the ways to expand into vacant units or to give units
back, and say why in words.

Pure: no I/O, no framework types, no clock. Areas are ``Decimal`` square metres.

Expansion
    Candidates are the vacant units of the building (the caller decides what vacant means: not
    let from the desired date to the lease end, and on the market). A suggestion is a set of one
    to ``max_units`` of them. Its floor distance is the farthest of its units from the nearest
    floor the tenant occupies (0: on one of the tenant's floors). Suggestions rank by floor
    distance, then by how far their summed area is from the area asked, then (equally far)
    the one not short of it first, then fewer units, then the smaller total distance, then unit
    codes. Only the ``max_candidates`` nearest units (by floor distance, then closeness of their
    own area to the area asked) are combined, so a large building stays cheap to search.
Contraction
    Candidates are the units the lease holds on the desired date. A suggestion is a set of one
    to ``max_units`` of them that leaves at least one unit let (giving everything back is a
    move-out). Suggestions rank by how far their summed area is from the area to release,
    then not short first, then fewer units, then fewer floors the tenant keeps (a floor given
    back whole is easier to re-let), then unit codes.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Generic, TypeVar

__all__ = [
    "Space",
    "Suggestion",
    "contraction_suggestions",
    "expansion_suggestions",
    "floor_distance",
]

K = TypeVar("K", bound=Hashable)

MAX_UNITS = 3
MAX_CANDIDATES = 24
LIMIT = 10


@dataclass(frozen=True, slots=True)
class Space(Generic[K]):
    """A unit as the rules see it; ``key`` identifies it for the caller (a unit id)."""

    key: K
    code: str
    floor: int
    area: Decimal


@dataclass(frozen=True, slots=True)
class Suggestion(Generic[K]):
    """Units that together fit the request, with the figures they were ranked by."""

    units: tuple[Space[K], ...]  # by floor, then code
    area: Decimal  # summed area of the units
    difference: Decimal  # area - area asked: positive is more than asked, negative short of it
    floor_distance: int  # expansion: farthest unit from the tenant's floors; contraction: 0
    reasons: tuple[str, ...]


def floor_distance(floor: int, tenant_floors: Collection[int]) -> int:
    """Floors between ``floor`` and the nearest of ``tenant_floors`` (0 when there are none)."""
    return min((abs(floor - own) for own in tenant_floors), default=0)


def expansion_suggestions(
    vacant: Sequence[Space[K]],
    tenant_floors: Collection[int],
    desired: Decimal,
    *,
    limit: int = LIMIT,
    max_units: int = MAX_UNITS,
    max_candidates: int = MAX_CANDIDATES,
) -> list[Suggestion[K]]:
    """The best ways to add about ``desired`` m² from ``vacant`` units, best first."""
    floors = frozenset(tenant_floors)
    nearest = sorted(
        vacant,
        key=lambda s: (floor_distance(s.floor, floors), abs(s.area - desired), s.code),
    )[:max_candidates]

    def key(units: tuple[Space[K], ...]) -> tuple[object, ...]:
        distances = [floor_distance(s.floor, floors) for s in units]
        difference = _area(units) - desired
        return (
            max(distances),
            abs(difference),
            difference < 0,
            len(units),
            sum(distances),
            _codes(units),
        )

    ranked = sorted(_combinations(nearest, max_units), key=key)[:limit]
    return [_expansion(units, floors, desired) for units in ranked]


def contraction_suggestions(
    held: Sequence[Space[K]],
    desired: Decimal,
    *,
    limit: int = LIMIT,
    max_units: int = MAX_UNITS,
    max_candidates: int = MAX_CANDIDATES,
) -> list[Suggestion[K]]:
    """The best ways to give back about ``desired`` m² of the ``held`` units, best first."""
    candidates = sorted(held, key=lambda s: (abs(s.area - desired), s.code))[:max_candidates]
    most = min(max_units, len(held) - 1)  # at least one unit stays let

    def key(units: tuple[Space[K], ...]) -> tuple[object, ...]:
        difference = _area(units) - desired
        return (
            abs(difference),
            difference < 0,
            len(units),
            len(_kept_floors(held, units)),
            _codes(units),
        )

    ranked = sorted(_combinations(candidates, most), key=key)[:limit]
    return [_contraction(units, held, desired) for units in ranked]


# --- helpers ----------------------------------------------------------------------------------


def _combinations(spaces: Sequence[Space[K]], most: int) -> Iterator[tuple[Space[K], ...]]:
    for size in range(1, most + 1):
        for units in combinations(spaces, size):
            yield tuple(sorted(units, key=lambda s: (s.floor, s.code)))


def _area(units: Sequence[Space[K]]) -> Decimal:
    return sum((s.area for s in units), Decimal("0.00"))


def _codes(units: Sequence[Space[K]]) -> tuple[str, ...]:
    return tuple(s.code for s in units)


def _kept_floors(held: Sequence[Space[K]], released: Sequence[Space[K]]) -> list[int]:
    gone = {s.key for s in released}
    return sorted({s.floor for s in held if s.key not in gone})


def _m2(area: Decimal) -> str:
    return f"{area:.2f} m²"


def _floors(floors: Sequence[int]) -> str:
    names = [str(f) for f in floors]
    if len(names) == 1:
        return f"floor {names[0]}"
    return f"floors {', '.join(names[:-1])} and {names[-1]}"


def _against(area: Decimal, desired: Decimal, what: str) -> str:
    difference = area - desired
    if difference == 0:
        return f"exactly the {_m2(desired)} {what}"
    side = "more" if difference > 0 else "less"
    return f"{_m2(abs(difference))} {side} than the {_m2(desired)} {what}"


def _expansion(
    units: tuple[Space[K], ...], floors: frozenset[int], desired: Decimal
) -> Suggestion[K]:
    reasons = []
    for space in units:
        distance = floor_distance(space.floor, floors)
        where = f"{space.code} ({_m2(space.area)}) on floor {space.floor}"
        if not floors:
            reasons.append(f"{where}; the tenant holds no other unit in the building then")
        elif distance == 0:
            reasons.append(f"{where}, a floor the tenant already occupies")
        else:
            nearest = min(floors, key=lambda own: (abs(space.floor - own), own))
            steps = "1 floor" if distance == 1 else f"{distance} floors"
            reasons.append(f"{where}, {steps} from the tenant's floor {nearest}")
    area = _area(units)
    reasons.append(f"adds {_m2(area)}: {_against(area, desired, 'asked')}")
    distances = [floor_distance(s.floor, floors) for s in units]
    return Suggestion(units, area, area - desired, max(distances), tuple(reasons))


def _contraction(
    units: tuple[Space[K], ...], held: Sequence[Space[K]], desired: Decimal
) -> Suggestion[K]:
    reasons = [f"{s.code} ({_m2(s.area)}) on floor {s.floor}" for s in units]
    area = _area(units)
    reasons.append(f"gives back {_m2(area)}: {_against(area, desired, 'to release')}")
    kept = _kept_floors(held, units)
    freed = sorted({s.floor for s in units} - set(kept))
    reasons.append(f"keeps {_m2(_area(held) - area)} on {_floors(kept)}")
    if freed:
        reasons.append(f"gives {_floors(freed)} back whole, easier to re-let")
    return Suggestion(units, area, area - desired, 0, tuple(reasons))
