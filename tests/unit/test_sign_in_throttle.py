"""Failed sign-ins: how long the next attempt waits, by hand-checked times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tenantcrm.auth.throttle import Limit, username_key, wait_for

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
LIMIT = Limit(failures=3, window=timedelta(minutes=15))


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def test_below_the_limit_no_wait() -> None:
    assert wait_for([], LIMIT, NOW) == 0
    assert wait_for([ago(1), ago(2)], LIMIT, NOW) == 0


def test_at_the_limit_wait_until_the_oldest_counted_leaves_the_window() -> None:
    # Failures 10, 5 and 1 minutes ago: the one 10 minutes ago leaves in 5 minutes.
    assert wait_for([ago(10), ago(5), ago(1)], LIMIT, NOW) == 300


def test_failures_outside_the_window_do_not_count() -> None:
    assert wait_for([ago(20), ago(16), ago(15), ago(1)], LIMIT, NOW) == 0


def test_over_the_limit_wait_until_only_limit_minus_one_remain() -> None:
    # Five failures; the next attempt is allowed once two remain, when the one 4 minutes ago
    # (the third newest) leaves the window: in 11 minutes.
    times = [ago(12), ago(8), ago(4), ago(2), ago(1)]
    assert wait_for(times, LIMIT, NOW) == 11 * 60


def test_a_wait_is_at_least_a_second() -> None:
    just = NOW - LIMIT.window + timedelta(milliseconds=10)
    assert wait_for([just, ago(1), ago(1)], LIMIT, NOW) == 1


def test_names_count_whatever_their_case_and_spaces() -> None:
    assert username_key("  Admin ") == username_key("admin") == "admin"
