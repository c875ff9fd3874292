"""Satisfaction trends: average scores per quarter or year, and which way they are going.

Rule for the direction: compare the overall average of the latest period that has surveys with
the one of the period with surveys before it (periods without surveys are skipped). A change of
at least +0.5 point (on the 0-10 scale) is ``rising``, at most -0.5 is ``falling``, anything in
between ``flat``; with fewer than two such periods the direction is ``unknown``. The change is
computed on the exact averages; the averages shown are rounded half up to 2 places.

Pure: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tenantcrm.satisfaction.enums import DIMENSIONS, Direction, Period

THRESHOLD = Fraction(1, 2)
"""The smallest change of the overall average that counts as rising or falling."""

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class SurveyPoint:
    answered_on: date
    overall: int
    dimensions: Mapping[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeriodScores:
    label: str
    """``2026-Q1`` or ``2026``."""
    start: date
    surveys: int
    overall: Decimal
    dimensions: Mapping[str, Decimal | None]
    """Average of the answers given per dimension; None when nobody answered it."""


@dataclass(frozen=True, slots=True)
class Trend:
    periods: tuple[PeriodScores, ...]
    direction: Direction
    change: Decimal | None
    """Latest period's overall average minus the previous one's (2 places), or None."""


def period_of(day: date, period: Period) -> tuple[str, date]:
    """The label and first day of the period ``day`` falls in."""
    if period is Period.YEAR:
        return str(day.year), date(day.year, 1, 1)
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year}-Q{quarter}", date(day.year, 3 * quarter - 2, 1)


def _rounded(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(_CENT, rounding=ROUND_HALF_UP)


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def direction_of(change: Fraction | None) -> Direction:
    if change is None:
        return Direction.UNKNOWN
    if change >= THRESHOLD:
        return Direction.RISING
    if change <= -THRESHOLD:
        return Direction.FALLING
    return Direction.FLAT


def trend(points: Iterable[SurveyPoint], period: Period) -> Trend:
    """Per-period averages, oldest first, and the direction of the latest change."""
    grouped: dict[date, tuple[str, list[SurveyPoint]]] = {}
    for point in points:
        label, start = period_of(point.answered_on, period)
        grouped.setdefault(start, (label, []))[1].append(point)
    periods: list[PeriodScores] = []
    means: list[Fraction] = []
    for start in sorted(grouped):
        label, members = grouped[start]
        overall = _mean([p.overall for p in members])
        assert overall is not None  # every group has a member
        means.append(overall)
        dimensions: dict[str, Decimal | None] = {}
        for name in DIMENSIONS:
            answered = [v for p in members if (v := p.dimensions.get(name)) is not None]
            mean = _mean(answered)
            dimensions[name] = None if mean is None else _rounded(mean)
        periods.append(PeriodScores(label, start, len(members), _rounded(overall), dimensions))
    change = means[-1] - means[-2] if len(means) >= 2 else None
    return Trend(
        periods=tuple(periods),
        direction=direction_of(change),
        change=None if change is None else _rounded(change),
    )
