"""Report charts as SVG. Matplotlib draws text as paths, so the PDF needs no font for them.

Plain functions from figures to an SVG string; ``Figure`` (not pyplot) keeps them
thread-safe, since reports render off the event loop.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

INK, GRID = "#1d2733", "#d5dbe1"
GREEN, BLUE, AMBER, RED = "#2f7d4f", "#2a5b8c", "#c98a1a", "#b23b3b"


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prologue: the SVG is inlined in HTML


def _axes(width: float = 6.4, height: float = 2.4) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height))
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=INK, labelsize=8)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def occupancy_chart(labels: Sequence[str], rates: Sequence[Decimal]) -> str:
    """Occupancy at each period's close, 0 to 100 %."""
    figure, axes = _axes()
    values = [float(rate) for rate in rates]
    axes.plot(labels, values, color=GREEN, marker="o", markersize=3, linewidth=1.6)
    axes.fill_between(labels, values, color=GREEN, alpha=0.12)
    axes.set_ylim(0, 1.05)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    step = max(1, len(labels) // 12)
    axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=0)
    return _svg(figure)


def expiry_chart(
    years: Sequence[int], area_shares: Sequence[Decimal], rent_shares: Sequence[Decimal]
) -> str:
    """Share of occupied area and of rent expiring each year."""
    figure, axes = _axes()
    positions = range(len(years))
    area = [float(s) for s in area_shares]
    rent = [float(s) for s in rent_shares]
    axes.bar([p - 0.2 for p in positions], area, 0.4, color=BLUE, label="Area")
    axes.bar([p + 0.2 for p in positions], rent, 0.4, color=AMBER, label="Rent")
    axes.set_xticks(list(positions), [str(y) for y in years])
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.legend(frameon=False, fontsize=8)
    return _svg(figure)


def churn_chart(hard_area: Decimal, soft_area: Decimal, occupied_area: Decimal) -> str:
    """Area lost to hard and to soft churn, against the area occupied at the start."""
    figure, axes = _axes(height=1.1)
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.grid(axis="y", visible=False)
    base = float(occupied_area) or 1.0
    hard, soft = float(hard_area) / base, float(soft_area) / base
    axes.barh([0], [hard], height=0.5, color=INK, label="Hard (tenant's reasons)")
    axes.barh([0], [soft], height=0.5, left=[hard], color=RED, label="Soft (the building's)")
    axes.set_yticks([])
    axes.set_ylim(-0.5, 0.5)
    axes.set_xlim(0, max(0.05, (hard + soft) * 1.3))
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlabel("Share of the area let at the start of the period", fontsize=8, color=INK)
    axes.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2)
    return _svg(figure)
