"""Running many requests at the same record at once, so they really overlap.

On PostgreSQL ``race`` first takes a row lock on the contested record from a connection of its
own, starts every request, and waits until as many of them as the app's pool can hold are
blocked on that lock inside their transactions (counted in ``pg_stat_activity``). Only then
does it let go: every request in flight is already past its own reads and checks and wants the
row at the same moment, the worst case for a check-then-write. That the waiters were seen is
the proof the requests overlapped (``Race.overlap``).

On SQLite writers are serialised by the database (IMMEDIATE transactions); the requests are
still started together and interleave at every await, which is what SQLite allows.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import asyncpg
from httpx import Response
from piccolo.engine.postgres import PostgresEngine

from tenantcrm.db import current_engine

Call = Callable[[], Awaitable[Response]]

WAIT_FOR_WAITERS = 20.0
"""Seconds to wait for the requests to pile up on the held row (a failure, not a skip)."""


def on_postgres() -> bool:
    return isinstance(current_engine(), PostgresEngine)


def pool_size() -> int:
    """How many connections the app's pool may open (how many requests can wait in the DB)."""
    engine = current_engine()
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        size: int = engine.pool.get_max_size()
        return size
    return 1


@dataclass(frozen=True)
class Figures:
    """One race as the run's summary shows it (see ``tests/concurrency/conftest.py``)."""

    test: str
    requests: int
    statuses: dict[int, int]
    overlap: int
    seconds: float


RUN: list[Figures] = []
"""Every race of this run, in order."""


@dataclass
class Race:
    responses: list[Response]
    overlap: int = 0
    """Most requests seen waiting in the database at once (PostgreSQL; 0 on SQLite)."""
    statuses: Counter[int] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.statuses = Counter(r.status_code for r in self.responses)

    def with_status(self, status: int) -> list[Response]:
        return [r for r in self.responses if r.status_code == status]

    def texts(self) -> list[str]:
        return [f"{r.status_code} {r.text[:300]}" for r in self.responses]


async def race(calls: Sequence[Call], hold: tuple[str, str] | None = None) -> Race:
    """Run ``calls`` at once; on PostgreSQL hold the row ``(table, id)`` until they pile up.

    ``hold`` names a row every call locks in its transaction (the lease, the renewal...).
    Without it, or on SQLite, the calls are simply gathered.
    """
    started = time.monotonic()
    result = await _run(calls, hold)
    test = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0].rsplit("::", 1)[-1]
    RUN.append(
        Figures(
            test,
            len(calls),
            dict(sorted(result.statuses.items())),
            result.overlap,
            time.monotonic() - started,
        )
    )
    return result


async def _run(calls: Sequence[Call], hold: tuple[str, str] | None) -> Race:
    if hold is None or not on_postgres():
        return Race(list(await asyncio.gather(*(call() for call in calls))))
    table, ident = hold
    expected = min(len(calls), pool_size())
    connection = await asyncpg.connect(os.environ["TENANTCRM_DATABASE_URL"])
    watcher = await asyncpg.connect(os.environ["TENANTCRM_DATABASE_URL"])
    try:
        holder = connection.transaction()
        await holder.start()
        locked = await connection.fetch(
            # The table name comes from the test itself; the id is a bound parameter.
            f'SELECT id FROM "{table}" WHERE id = $1::uuid FOR UPDATE',  # noqa: S608
            ident,
        )
        assert len(locked) == 1, f"no {table} row {ident} to hold"
        tasks = [asyncio.ensure_future(call()) for call in calls]
        try:
            overlap = await _waiters(watcher, expected)
        finally:
            await holder.commit()
        responses = list(await asyncio.gather(*tasks))
    finally:
        await connection.close()
        await watcher.close()
    assert overlap >= expected, (
        f"only {overlap} of {expected} requests reached the held {table} row together"
    )
    return Race(responses, overlap=overlap)


async def _waiters(connection: asyncpg.Connection, expected: int) -> int:
    """Poll until ``expected`` backends of this database wait on a lock (or time runs out).

    Waits on the API token's row (its last use, noted at most once a minute) are not counted.

    ``connection`` is outside any transaction: inside one, ``pg_stat_activity`` is a snapshot
    taken at its first read and would never change.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_FOR_WAITERS
    seen = 0
    while loop.time() < deadline:
        seen = max(
            seen,
            await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query NOT ILIKE '%api_token%'"
            ),
        )
        if seen >= expected:
            break
        await asyncio.sleep(0.01)
    return seen


async def back_off(tries: int) -> None:
    """What a polite client does after a 409 before reading again: wait a random while that
    grows with the tries (up to 50 ms), so fifty writers do not collide on every round."""
    await asyncio.sleep(random.uniform(0, min(0.05, 0.005 * tries)))
