"""Report periods: years, quarters and months, with their last days counted by hand."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.reports.period import parse_period, previous_month


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2026", "2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", "Q1 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q4", "Q4 2026", date(2026, 10, 1), date(2026, 12, 31)),
        ("2028-02", "February 2028", date(2028, 2, 1), date(2028, 2, 29)),  # leap year
        ("2026-02", "February 2026", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-11", "November 2026", date(2026, 11, 1), date(2026, 11, 30)),
    ],
)
def test_periods(text: str, label: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("text", ["", "26", "2026-Q5", "2026-13", "2026-00", "2026/03", "1899"])
def test_other_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"year|quarter|month"):
        parse_period(text)


def test_previous_month_crosses_the_year() -> None:
    assert previous_month(date(2026, 1, 15)).label == "December 2025"
    assert previous_month(date(2026, 3, 1)).end == date(2026, 2, 28)


@given(st.integers(1900, 2200), st.integers(1, 4))
def test_quarters_tile_their_year(year: int, quarter: int) -> None:
    this = parse_period(f"{year}-Q{quarter}")
    months = [parse_period(f"{year}-{m:02d}") for m in range(3 * quarter - 2, 3 * quarter + 1)]
    assert (this.start, this.end) == (months[0].start, months[-1].end)
    assert all((b.start - a.end).days == 1 for a, b in itertools.pairwise(months))
