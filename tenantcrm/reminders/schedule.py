"""Which due days a sweep covers, and how a reminder moves (acknowledge, snooze, done).

Pure rules: no I/O and no clock (``today`` is a parameter).

Span of a sweep
    A sweep on ``today`` raises every reminder due from the day after the last successful
    sweep up to ``today + window``: the days a stopped scheduler missed are caught up, and a
    reminder due on a missed day still appears (once: the store ignores a key it holds). With
    no earlier sweep it starts at ``today``; after a long outage it looks back at most
    ``catch_up`` days. A sweep for a day at or before the last one (a re-run) covers ``today``
    to ``today + window`` again, which creates nothing new.
Snooze
    A snoozed reminder comes back (open) on its ``snoozed_until`` day; that day must be after
    ``today``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tenantcrm.core.workflow import Workflow
from tenantcrm.reminders.enums import ReminderState

REMINDER_WORKFLOW: Workflow[ReminderState] = Workflow(
    {
        ReminderState.OPEN: frozenset(
            {ReminderState.ACKNOWLEDGED, ReminderState.SNOOZED, ReminderState.DONE}
        ),
        ReminderState.ACKNOWLEDGED: frozenset({ReminderState.SNOOZED, ReminderState.DONE}),
        ReminderState.SNOOZED: frozenset(
            {ReminderState.ACKNOWLEDGED, ReminderState.SNOOZED, ReminderState.DONE}
        ),
        ReminderState.DONE: frozenset(),
    }
)
"""A reminder is acknowledged, snoozed (again) or done; done is final."""


@dataclass(frozen=True, slots=True)
class SweepSpan:
    """The due days a sweep raises reminders for, both inclusive."""

    first: date
    last: date

    @property
    def days(self) -> int:
        """How many days ``first`` to ``last`` holds (the ``window`` the sources are given)."""
        return (self.last - self.first).days


def sweep_span(today: date, last_swept: date | None, window: int, catch_up: int) -> SweepSpan:
    """The days a sweep on ``today`` covers, given the day of the last successful sweep."""
    if window < 0 or catch_up < 0:
        raise ValueError("window and catch_up must not be negative")
    first = today
    if last_swept is not None and last_swept < today:
        first = max(last_swept + timedelta(days=1), today - timedelta(days=catch_up))
    return SweepSpan(first, today + timedelta(days=window))


def missed_days(today: date, last_swept: date | None, catch_up: int) -> int:
    """How many days before ``today`` no sweep ran (within the catch-up limit)."""
    if last_swept is None or last_swept >= today - timedelta(days=1):
        return 0
    return min((today - last_swept).days - 1, catch_up)


def snooze_error(until: date | None, today: date) -> str | None:
    """Why ``until`` cannot end a snooze started on ``today``, or None when it can."""
    if until is None:
        return "is required to snooze"
    if until <= today:
        return "must be after today"
    return None


def wakes(state: ReminderState, snoozed_until: date | None, today: date) -> bool:
    """Whether a snoozed reminder is open again on ``today``."""
    return state is ReminderState.SNOOZED and snoozed_until is not None and snoozed_until <= today
