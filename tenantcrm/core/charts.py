"""Small inline SVG charts for the web pages, worked out here so templates only draw."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class StepChart:
    """A step line (a value held from each date to the next) fitted into a ``width`` x
    ``height`` box with a left margin for the value axis and a bottom one for the dates."""

    width: int
    height: int
    path: str
    ticks: list[tuple[float, str]]
    """Value axis: (y, label)."""
    dates: list[tuple[float, str]]
    """Date axis: (x, label)."""
    points: list[tuple[float, float, str]]
    """Where each level starts: (x, y, a description for screen readers and tooltips)."""


LEFT, BOTTOM, TOP, RIGHT = 64, 22, 8, 12


def step_chart(
    levels: Sequence[tuple[date, Decimal]], end: date, width: int = 560, height: int = 170
) -> StepChart | None:
    """The chart of ``levels`` (ascending dates) held until ``end``; None with nothing to draw."""
    if not levels or end <= levels[0][0]:
        return None
    start = levels[0][0]
    span = (end - start).days
    values = [value for _, value in levels]
    low, high = min(values), max(values)
    if low == high:  # a flat rent: draw it across the middle
        low, high = low * Decimal("0.8"), high * Decimal("1.2") or Decimal(1)
    else:
        low = low * Decimal("0.9")
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + plot_w * (day - start).days / span, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float((high - value) / (high - low)), 1)

    parts: list[str] = []
    points: list[tuple[float, float, str]] = []
    for i, (day, value) in enumerate(levels):
        parts.append(f"{'M' if i == 0 else 'L'}{x(day)},{y(value)}")
        following = levels[i + 1][0] if i + 1 < len(levels) else end
        parts.append(f"L{x(min(following, end))},{y(value)}")
        points.append((x(day), y(value), f"{value:,.2f} from {day.isoformat()}"))
    ticks = [(y(v), f"{v:,.0f}") for v in (high, (high + low) / 2, low)]
    years = list(range(start.year + 1, end.year + 1))
    every = max(1, -(-len(years) // 8))  # at most eight labels
    dates = [(x(date(yr, 1, 1)), str(yr)) for yr in years[::every]]
    if not dates:
        dates = [(float(LEFT), start.isoformat())]
    return StepChart(width, height, " ".join(parts), ticks, dates, points)
