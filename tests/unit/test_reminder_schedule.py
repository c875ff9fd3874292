"""Which days a reminder sweep covers, snoozes and the reminder workflow; the iCalendar feed."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from tenantcrm.reminders.enums import ReminderState
from tenantcrm.reminders.feed import FeedItem, calendar
from tenantcrm.reminders.schedule import (
    REMINDER_WORKFLOW,
    SweepSpan,
    missed_days,
    snooze_error,
    sweep_span,
    wakes,
)

S = ReminderState
TODAY = date(2026, 3, 15)


def test_a_first_sweep_covers_today_to_the_window() -> None:
    # No sweep ever ran: 15 March + 14 days = 29 March.
    assert sweep_span(TODAY, None, 14, 90) == SweepSpan(date(2026, 3, 15), date(2026, 3, 29))


def test_a_daily_sweep_covers_the_day_after_the_last_one() -> None:
    # Swept on the 14th: the 15th is the first day not yet covered for new records.
    assert sweep_span(TODAY, date(2026, 3, 14), 14, 90).first == date(2026, 3, 15)


def test_after_downtime_the_missed_days_are_caught_up() -> None:
    # Last swept 5 March, now the 15th: 6 March to 14 March (9 days) were missed;
    # the span runs from 6 March to 15 + 14 = 29 March, which is 23 days after its first.
    span = sweep_span(TODAY, date(2026, 3, 5), 14, 90)
    assert span == SweepSpan(date(2026, 3, 6), date(2026, 3, 29))
    assert span.days == 23
    assert missed_days(TODAY, date(2026, 3, 5), 90) == 9


def test_the_look_back_is_limited() -> None:
    # A year down, at most 30 days back: 15 March - 30 days = 13 February.
    assert sweep_span(TODAY, date(2025, 3, 15), 14, 30).first == date(2026, 2, 13)
    assert missed_days(TODAY, date(2025, 3, 15), 30) == 30


def test_a_rerun_for_the_same_or_an_earlier_day_starts_today() -> None:
    assert sweep_span(TODAY, TODAY, 7, 90) == SweepSpan(TODAY, date(2026, 3, 22))
    assert sweep_span(TODAY, date(2026, 3, 20), 0, 90) == SweepSpan(TODAY, TODAY)
    assert missed_days(TODAY, TODAY, 90) == 0
    assert missed_days(TODAY, None, 90) == 0


def test_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        sweep_span(TODAY, None, -1, 90)


@given(
    start=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    gaps=st.lists(st.integers(1, 20), min_size=1, max_size=10),
    window=st.integers(0, 30),
)
def test_sweeps_on_any_days_leave_no_due_day_uncovered(
    start: date, gaps: list[int], window: int
) -> None:
    # Sweeping on start, then after each gap: every day from start to the last sweep's
    # window is inside some span (the catch-up limit is larger than any gap here).
    covered: set[date] = set()
    day, last = start, None
    for gap in [0, *gaps]:
        day += timedelta(days=gap)
        span = sweep_span(day, last, window, 90)
        covered |= {span.first + timedelta(days=n) for n in range(span.days + 1)}
        last = day
    expected = {start + timedelta(days=n) for n in range((day - start).days + window + 1)}
    assert expected <= covered


def test_snooze_needs_a_later_day() -> None:
    assert snooze_error(None, TODAY) == "is required to snooze"
    assert snooze_error(TODAY, TODAY) == "must be after today"
    assert snooze_error(date(2026, 3, 16), TODAY) is None


def test_a_snoozed_reminder_wakes_on_its_day() -> None:
    assert not wakes(S.SNOOZED, date(2026, 3, 16), TODAY)
    assert wakes(S.SNOOZED, date(2026, 3, 15), TODAY)
    assert not wakes(S.OPEN, date(2026, 3, 1), TODAY)


def test_the_workflow_ends_at_done() -> None:
    assert REMINDER_WORKFLOW.check(S.OPEN, S.ACKNOWLEDGED) is None
    assert REMINDER_WORKFLOW.check(S.ACKNOWLEDGED, S.SNOOZED) is None
    assert REMINDER_WORKFLOW.check(S.SNOOZED, S.DONE) is None
    refused = REMINDER_WORKFLOW.check(S.ACKNOWLEDGED, S.OPEN)
    assert refused is not None
    assert refused.allowed == ("snoozed", "done")
    assert REMINDER_WORKFLOW.is_terminal(S.DONE)


def test_the_feed_holds_one_all_day_event_per_item() -> None:
    stamp = datetime(2026, 3, 15, 6, 0, tzinfo=UTC)
    items = [
        FeedItem("reminder-1@tenantcrm", date(2026, 3, 20), "Renewal: ACME", "Call", "/api/x"),
        FeedItem("reminder-2@tenantcrm", date(2026, 3, 31), "Notice deadline: 华为"),
    ]
    parsed = Calendar.from_ical(calendar("TenantCRM — Li", items, stamp))
    assert parsed["version"] == "2.0"
    events = parsed.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["reminder-1@tenantcrm", "reminder-2@tenantcrm"]
    first = events[0]
    assert first.decoded("dtstart") == date(2026, 3, 20)
    assert first.decoded("dtend") == date(2026, 3, 21)  # all-day: DTEND is the next day
    assert str(first["summary"]) == "Renewal: ACME"
    assert str(first["description"]) == "Call\n/api/x"
    assert str(events[1]["summary"]) == "Notice deadline: 华为"
