"""Use cases of reminders: the sweep that raises them, the inbox and its transitions.

The sweep (``sweep``) asks every source in ``sources.SOURCES`` for the drafts due in its span
(``schedule.sweep_span``: from the day after the last successful sweep, so downtime is caught
up, to ``today + window``) and stores them with ``INSERT … ON CONFLICT DO NOTHING`` on the
unique key ``(kind, subject, due)``: a second sweep creates nothing new, and two sweeps racing
cannot both store one reminder.

Exactly one sweep at a time
    PostgreSQL: the sweep's transaction takes ``pg_try_advisory_xact_lock``; a second sweep
    (another app instance's scheduler, or ``tenantcrm remind`` from cron) does not wait but
    skips (``SweepResult.skipped``): the one holding the lock is doing the same work, and the
    lock is released when its transaction ends, even if the process dies. SQLite: the sweep is
    one IMMEDIATE transaction, so a second sweep waits for the first and then finds nothing new.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from piccolo.columns.combination import Combinable
from piccolo.engine.sqlite import SQLiteEngine

from tenantcrm.audit import service as audit
from tenantcrm.auth import service as users
from tenantcrm.core.errors import (
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    StaleVersionError,
)
from tenantcrm.core.records import Row, get_or_404, lock_or_404
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.core.schemas import Page
from tenantcrm.db import current_engine, write_transaction
from tenantcrm.reminders import feed
from tenantcrm.reminders.enums import ReminderState
from tenantcrm.reminders.schedule import REMINDER_WORKFLOW, snooze_error, sweep_span
from tenantcrm.reminders.schemas import ReminderOut, ReminderTransitionIn
from tenantcrm.reminders.sources import CALENDAR_SOURCES, SOURCES, Source
from tenantcrm.reminders.tables import Reminder, SweepRun
from tenantcrm.settings import Settings

SUBJECT = "reminder"

SWEEP_LOCK = 7_412_045_001
"""PostgreSQL advisory lock key of the sweep (any constant no other feature uses)."""
DELIVERY_LOCK = 7_412_045_002
"""PostgreSQL advisory lock key of e-mail delivery (see ``tenantcrm.reminders.mail``)."""

FEED_PAST_DAYS = 30
"""How far back a calendar feed shows reminders not yet done."""
FEED_AHEAD_DAYS = 366


@dataclass(frozen=True, slots=True)
class SweepResult:
    day: date
    first: date
    last: date
    drafts: int = 0
    created: int = 0
    woken: int = 0
    skipped: bool = False
    by_source: dict[str, int] = field(default_factory=dict)


def is_postgres() -> bool:
    return not isinstance(current_engine(), SQLiteEngine)


async def take_lock(key: int, *, wait: bool) -> bool:
    """Inside a write transaction: the advisory lock ``key`` until it ends (PostgreSQL).

    SQLite needs none: its write transactions are IMMEDIATE and so already serialised.
    """
    if not is_postgres():
        return True
    if wait:
        await Reminder.raw("SELECT pg_advisory_xact_lock({})", key)
        return True
    rows = await Reminder.raw("SELECT pg_try_advisory_xact_lock({}) AS taken", key)
    return bool(rows[0]["taken"])


async def sweep(
    today: date, settings: Settings, sources: Sequence[Source] = SOURCES
) -> SweepResult:
    """Raise every reminder due from the last sweep on to ``today + window``; see the module."""
    started = datetime.now(tz=UTC)
    async with write_transaction():
        if not await take_lock(SWEEP_LOCK, wait=False):
            return SweepResult(today, today, today, skipped=True)
        last_run = (
            await SweepRun.select(SweepRun.day).order_by(SweepRun.day, ascending=False).first()
        )
        span = sweep_span(
            today,
            None if last_run is None else _as_date(last_run["day"]),
            settings.reminder_window_days,
            settings.reminder_catch_up_days,
        )
        drafts: list[ReminderDraft] = []
        by_source: dict[str, int] = {}
        for source in sources:
            found = await source.due(span.first, span.days)
            by_source[source.name] = len(found)
            drafts += found
        created = await store(drafts)
        woken = (
            await Reminder.update(
                {Reminder.state: ReminderState.OPEN.value, Reminder.version: Reminder.version + 1}
            )
            .where(Reminder.state == ReminderState.SNOOZED.value, Reminder.snoozed_until <= today)
            .returning(Reminder.id)
        )
        await SweepRun.insert(
            SweepRun(
                day=today,
                first=span.first,
                last=span.last,
                started_at=started,
                finished_at=datetime.now(tz=UTC),
                created=created,
                woken=len(woken),
            )
        )
    return SweepResult(
        today, span.first, span.last, len(drafts), created, len(woken), False, by_source
    )


_INSERT_COLUMNS = (
    "id",
    "kind",
    "subject",
    "due",
    "title",
    "detail",
    "recipient",
    "tenant",
    "building",
    "link",
    "state",
    "created_at",
    "version",
)


def _batch_size() -> int:
    """Rows per INSERT: SQLite before 3.32 binds at most 999 values a statement."""
    if is_postgres() or sqlite3.sqlite_version_info >= (3, 32, 0):
        return 1000
    return 999 // len(_INSERT_COLUMNS)


def _key(kind: str, subject: UUID | str, due: date | str) -> tuple[str, str, str]:
    return kind, str(subject), due.isoformat() if isinstance(due, date) else str(due)


async def store(drafts: Iterable[ReminderDraft]) -> int:
    """Insert the drafts not stored yet (by their key); how many were new.

    The keys already stored in the drafts' range of due days are read first (one indexed
    range), so a re-sweep writes nothing; the rest go in multi-row
    ``INSERT … ON CONFLICT DO NOTHING``, which also settles a race with another writer.
    """
    unique: dict[tuple[str, str, str], ReminderDraft] = {}
    for draft in drafts:
        unique.setdefault(_key(draft.kind, draft.subject, draft.due), draft)
    if not unique:
        return 0
    days = [d.due for d in unique.values()]
    existing = await Reminder.select(Reminder.kind, Reminder.subject, Reminder.due).where(
        Reminder.due >= min(days), Reminder.due <= max(days)
    )
    for row in existing:
        unique.pop(_key(row["kind"], row["subject"], row["due"]), None)
    fresh = list(unique.values())
    created = 0
    size = _batch_size()
    now = datetime.now(tz=UTC)
    row_sql = "(" + ", ".join("{}" for _ in _INSERT_COLUMNS) + ")"
    for start in range(0, len(fresh), size):
        batch = fresh[start : start + size]
        values: list[Any] = []
        for draft in batch:
            values += [
                uuid4(),
                draft.kind,
                draft.subject,
                draft.due,
                draft.title[:300],
                draft.detail,
                draft.recipient,
                draft.tenant,
                draft.building,
                draft.link[:300],
                ReminderState.OPEN.value,
                now,
                1,
            ]
        # Constant column names and "({}, ...)" rows; every value is a bound parameter.
        inserted = await Reminder.raw(
            f"INSERT INTO reminder ({', '.join(_INSERT_COLUMNS)}) VALUES "  # noqa: S608
            + ", ".join(row_sql for _ in batch)
            + " ON CONFLICT DO NOTHING RETURNING id",
            *values,
        )
        created += len(inserted)
    return created


async def last_sweep() -> date | None:
    row = await SweepRun.select(SweepRun.day).order_by(SweepRun.day, ascending=False).first()
    return None if row is None else _as_date(row["day"])


# --- inbox -------------------------------------------------------------------------------


def _addressed_to(recipient: UUID, unassigned: bool) -> Combinable:
    mine: Combinable = Reminder.recipient == recipient
    return mine | Reminder.recipient.is_null() if unassigned else mine


def reminder_out(row: Row) -> ReminderOut:
    return ReminderOut.model_validate(row)


async def list_reminders(
    limit: int,
    offset: int,
    recipient: UUID | None,
    unassigned: bool,
    state: ReminderState | None,
    due_before: date | None,
    kind: str | None,
) -> Page[ReminderOut]:
    """Reminders by due day (then kind, then id), filtered; a recipient sees the unassigned too
    unless ``unassigned`` is false."""
    where: list[Combinable] = []
    if recipient is not None:
        where.append(_addressed_to(recipient, unassigned))
    if state is not None:
        where.append(Reminder.state == state.value)
    if due_before is not None:
        where.append(Reminder.due < due_before)
    if kind is not None:
        where.append(Reminder.kind == kind)
    query, count = Reminder.select(), Reminder.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = (
        await query.order_by(Reminder.due, Reminder.kind, Reminder.id).limit(limit).offset(offset)
    )
    return Page(
        items=[reminder_out(r) for r in rows], total=await count, limit=limit, offset=offset
    )


async def get_reminder(reminder_id: UUID) -> ReminderOut:
    return reminder_out(await get_or_404(Reminder, reminder_id, "reminder"))


async def transition(reminder_id: UUID, data: ReminderTransitionIn, today: date) -> ReminderOut:
    """Acknowledge, snooze (until a later day) or close a reminder; 409 for an illegal move."""
    async with write_transaction():
        row = await lock_or_404(Reminder, reminder_id, "reminder")
        if data.version is not None and data.version != row["version"]:
            raise StaleVersionError("reminder", reminder_id, data.version, row["version"])
        current, target = ReminderState(row["state"]), data.to
        if (illegal := REMINDER_WORKFLOW.check(current, target)) is not None:
            raise IllegalTransitionError(
                "reminder", reminder_id, current.value, target.value, list(illegal.allowed)
            )
        if target is ReminderState.SNOOZED:
            if (problem := snooze_error(data.until, today)) is not None:
                raise InvalidInputError([FieldError("until", problem)])
        elif data.until is not None:
            raise InvalidInputError([FieldError("until", "is only accepted with to=snoozed")])
        now = datetime.now(tz=UTC)
        values: dict[Any, Any] = {
            Reminder.state: target.value,
            Reminder.version: row["version"] + 1,
            Reminder.snoozed_until: data.until if target is ReminderState.SNOOZED else None,
        }
        if target is ReminderState.ACKNOWLEDGED or row["acknowledged_at"] is None:
            values[Reminder.acknowledged_at] = now
        if target is ReminderState.DONE:
            values[Reminder.done_at] = now
        updated = (
            await Reminder.update(values)
            .where(Reminder.id == reminder_id)
            .returning(*Reminder._meta.columns)
        )
        detail = {} if data.until is None else {"until": data.until.isoformat()}
        await audit.record(
            SUBJECT,
            reminder_id,
            "transition",
            from_state=current.value,
            to_state=target.value,
            detail=detail,
        )
    return reminder_out(updated[0])


# --- calendar feed -----------------------------------------------------------------------


async def calendar_feed(user_id: UUID, today: date, unassigned: bool) -> bytes:
    """A user's iCalendar feed: its reminders not done (and the unassigned ones), all-day,
    from ``FEED_PAST_DAYS`` ago on, with the entries of ``CALENDAR_SOURCES``."""
    user = await users.get_user(user_id)
    first, last = today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_AHEAD_DAYS)
    rows = await (
        Reminder.select()
        .where(
            _addressed_to(user_id, unassigned),
            Reminder.state != ReminderState.DONE.value,
            Reminder.due >= first,
            Reminder.due <= last,
        )
        .order_by(Reminder.due, Reminder.kind, Reminder.id)
    )
    entries = [
        feed.FeedItem(
            uid=f"reminder-{row['id']}@tenantcrm",
            day=_as_date(row["due"]),
            title=row["title"],
            detail=row["detail"],
            link=row["link"],
            category=row["kind"],
        )
        for row in rows
    ]
    for source in CALENDAR_SOURCES:
        for entry in await source.entries(user_id, first, last):
            entries.append(
                feed.FeedItem(
                    entry.uid, entry.day, entry.title, entry.detail, entry.link, source.name
                )
            )
    name = f"TenantCRM — {user.display_name or user.username}"
    return feed.calendar(name, entries, datetime.now(tz=UTC))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
