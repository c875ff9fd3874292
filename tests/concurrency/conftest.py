"""The races' figures, printed at the end of a run that had any (``-p no:terminal`` hides)."""

from __future__ import annotations

from collections import Counter

import pytest

from tenantcrm.db import current_engine
from tests.concurrency.race import RUN


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RUN:
        return
    write = terminalreporter.write_line
    engine = type(current_engine()).__name__
    totals: Counter[int] = Counter()
    terminalreporter.section(f"races on {engine}")
    for race in RUN:
        totals.update(race.statuses)
        statuses = " ".join(f"{status}x{count}" for status, count in race.statuses.items())
        write(
            f"{race.test[:58]:58} {race.requests:3} requests  overlap {race.overlap:2}  "
            f"{race.seconds:6.2f}s  {statuses}"
        )
    summary = " ".join(f"{status}x{count}" for status, count in sorted(totals.items()))
    write(f"{len(RUN)} races, {sum(r.requests for r in RUN)} requests: {summary}")
