"""SIGKILL the daily reminder run (``tenantcrm remind``) at chosen points, restart it, and
count what was stored and mailed: every due reminder once, each in exactly one digest (one
Message-ID), no digest lost.

    python -m bench.fault_remind                               # SQLite file, small portfolio
    python -m bench.fault_remind --tenants 2000 --buildings 8 --window 365 --digest 20
    python -m bench.fault_remind --pg postgresql://postgres@127.0.0.1:5432/postgres

It builds a demo portfolio (``tenantcrm.demo``) in a fresh database (a SQLite file in a temp
dir, or a throwaway PostgreSQL database ``faults_remind_<pid>``, dropped at the end), starts
an SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepts, and runs ``tenantcrm remind``
in a child process once per kill point, killing it with SIGKILL at that point:

``sweep``   while the sweep's transaction is open (PostgreSQL: its advisory lock is held;
            SQLite: the database's write lock is held, the sweep being the run's first write);
``claim``   in the transaction claiming a digest (PostgreSQL only: this process holds the
            delivery lock, so the child's claim waits for it inside its transaction);
``reject``  in the SMTP DATA of the run's n-th message, which the server then refuses (451);
``accept``  in the SMTP DATA of the n-th message, kept by the server, before the client hears
            250: the message arrived but the run cannot know it (the ambiguous moment);
``after``   just after the server answered 250 to the n-th message, before or while the run
            records it sent;
``report``  in the DATA of the owner report, kept by the server (as ``accept``).

Then it runs ``tenantcrm remind`` to completion, the daily run once more in this process
(which must send nothing), and checks the database and the mailbox. The test
``tests/faults/test_remind_kill.py`` runs this on the test database with a small portfolio.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import json
import os
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from email import policy
from pathlib import Path
from typing import Any

import asyncpg
from aiosmtpd.controller import Controller

from tenantcrm.devtools.ports import free_port

TODAY = date(2026, 3, 15)
DEFAULT_KILLS = ("sweep", "claim", "accept:2", "reject:2", "after:3", "report")
RUN_TIMEOUT = 120.0
"""Seconds one ``tenantcrm remind`` may take before the run counts as hung (and fails)."""


# --- the SMTP server ---------------------------------------------------------------------


@dataclass
class Received:
    message_id: str
    subject: str
    lines: list[str]
    body: str


class KillingSink:
    """An SMTP handler keeping what it accepts, and killing the client at an armed message."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._mode = ""
        self._nth = 0
        self._count = 0
        self._pid = 0
        self.fired = threading.Event()

    def arm(self, mode: str, nth: int, pid: int) -> None:
        with self._lock:
            self._mode, self._nth, self._count, self._pid = mode, nth, 0, pid
            self.fired.clear()

    def disarm(self) -> None:
        with self._lock:
            self._mode = ""

    def _kill(self) -> None:
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        self.fired.set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        subject = str(message["Subject"])
        with self._lock:
            self._count += 1
            mode, hit = self._mode, False
            if mode == "report":
                hit = "owner report" in subject
            elif mode in ("accept", "reject", "after"):
                hit = self._count == self._nth
            if hit:
                self._mode = ""
        if hit and mode == "reject":
            self._kill()
            return "451 4.3.0 try again later"
        body = "" if message.is_multipart() else message.get_content()
        self.received.append(
            Received(
                message_id=str(message["Message-ID"]),
                subject=subject,
                lines=[line for line in body.splitlines() if line.startswith("- ")],
                body=body,
            )
        )
        if hit and mode in ("accept", "report"):
            self._kill()  # kept, but the client never hears the 250
        elif hit and mode == "after":
            threading.Timer(0.0, self._kill).start()
        return "250 OK"


# --- watching the child's transactions -----------------------------------------------------


async def _advisory_held(key: int) -> bool:
    from tenantcrm.reminders.tables import Reminder

    rows = await Reminder.raw(
        "SELECT count(*) AS held FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND classid::bigint * 4294967296 + objid::bigint = {}",
        key,
    )
    return bool(rows[0]["held"])


def _sqlite_write_locked(path: str) -> bool:
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
    return False


async def _waiting(key: int) -> bool:
    from tenantcrm.reminders.tables import Reminder

    rows = await Reminder.raw(
        "SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND classid::bigint * 4294967296 + objid::bigint = {}",
        key,
    )
    return bool(rows[0]["waiting"])


async def _kill_in_claim(child: Any, url: str, output: Any) -> None:
    """Hold the delivery lock until the child's claim transaction waits for it; kill it there."""
    from tenantcrm.reminders.service import DELIVERY_LOCK

    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", DELIVERY_LOCK)
            deadline = time.perf_counter() + RUN_TIMEOUT
            while not output.done() and time.perf_counter() < deadline:
                if await _waiting(DELIVERY_LOCK):
                    child.send_signal(signal.SIGKILL)
                    return
                await asyncio.sleep(0.005)
    finally:
        await connection.close()


async def _held(point: str, sqlite_path: str | None) -> bool:
    from tenantcrm.reminders.service import DELIVERY_LOCK, SWEEP_LOCK

    if sqlite_path is not None:
        return point == "sweep" and await asyncio.to_thread(_sqlite_write_locked, sqlite_path)
    return await _advisory_held(SWEEP_LOCK if point == "sweep" else DELIVERY_LOCK)


# --- running the child -------------------------------------------------------------------


@dataclass
class Run:
    point: str
    seconds: float
    returncode: int
    killed: bool
    output: str


def _command() -> list[str]:
    code = "from tenantcrm.cli import main; main()"
    return [sys.executable, "-c", code, "remind", "--today", TODAY.isoformat()]


async def run_remind(
    env: dict[str, str], sink: KillingSink, point: str, sqlite_path: str | None
) -> Run:
    """One ``tenantcrm remind``, killed at ``point`` (``""``: left to finish)."""
    mode, _, nth = point.partition(":")
    began = time.perf_counter()
    child = await asyncio.create_subprocess_exec(
        *_command(), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output = asyncio.ensure_future(child.communicate())
    if mode in ("accept", "reject", "after", "report"):
        sink.arm(mode, int(nth or 1), child.pid)
    elif mode == "claim":
        await _kill_in_claim(child, env["TENANTCRM_DATABASE_URL"], output)
    elif mode == "sweep":
        while not output.done() and time.perf_counter() - began < RUN_TIMEOUT:
            if await _held(mode, sqlite_path):
                child.send_signal(signal.SIGKILL)
                break
            await asyncio.sleep(0.002)
    try:
        out, _ = await asyncio.wait_for(output, RUN_TIMEOUT)
    except TimeoutError:
        child.kill()
        raise RuntimeError(f"tenantcrm remind hung at kill point {point!r}") from None
    finally:
        sink.disarm()
    code = child.returncode if child.returncode is not None else 0
    if not mode and code != 0:
        raise RuntimeError(f"tenantcrm remind failed:\n{out.decode(errors='replace')}")
    return Run(point, time.perf_counter() - began, code, code == -signal.SIGKILL, out.decode())


async def _settle(sqlite_path: str | None) -> None:
    """Wait until no transaction of a killed child holds a lock (the server noticed)."""
    for _ in range(500):
        if not (await _held("sweep", sqlite_path) or await _held("claim", sqlite_path)):
            return
        await asyncio.sleep(0.01)


async def _run_in_process(settings: Any) -> None:
    """One more daily run here, as the restarted app's scheduler would do it."""
    from tenantcrm.reminders.scheduler import run_once

    await run_once(settings, TODAY)


# --- the figures -------------------------------------------------------------------------


@dataclass
class Figures:
    engine: str
    tenants: int
    kills_planned: list[str]
    kills_fired: list[str] = field(default_factory=list)
    runs: int = 0
    run_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0
    reminders_due: int = 0
    reminders_created: int = 0
    reminder_duplicates: int = 0
    reminders_missing: int = 0
    reminders_not_mailed_too_old: int = 0
    reminders_to_mail: int = 0
    reminders_mailed: int = 0
    reminders_lost: int = 0
    reminders_in_two_digests: int = 0
    reminders_in_digests_never_received: int = 0
    digests: int = 0
    digests_unconfirmed: int = 0
    messages_received: int = 0
    copies_same_message_id: int = 0
    copies_differing: int = 0
    reports_due: int = 0
    reports_mailed: int = 0
    report_copies_same_message_id: int = 0
    last_run_sent: int = 0
    unknown_messages: int = 0
    notes: list[str] = field(default_factory=list)


async def prepare(size: Any) -> int:
    """Fill the (emptied, migrated) database with a demo portfolio, no reminders stored yet."""
    from tenantcrm.demo import generate_portfolio
    from tenantcrm.reminders.tables import Delivery, MailDigest, Reminder, SweepRun
    from tenantcrm.reports.tables import ReportMailing

    counts = await generate_portfolio(size, TODAY, 7)
    for table in (Delivery, MailDigest, Reminder, SweepRun, ReportMailing):
        await table.delete(force=True)
    tenants: int = counts.tenants
    return tenants


async def check(figures: Figures, settings: Any, sink: KillingSink) -> None:
    """Fill in what was stored and mailed."""
    from tenantcrm.auth import service as users
    from tenantcrm.auth.enums import Role
    from tenantcrm.reminders.schedule import sweep_span
    from tenantcrm.reminders.sources import SOURCES
    from tenantcrm.reminders.tables import Delivery, MailDigest, Reminder
    from tenantcrm.reports.mailing import report_message_id
    from tenantcrm.reports.period import previous_month
    from tenantcrm.reports.tables import ReportMailing

    span = sweep_span(TODAY, None, settings.reminder_window_days, settings.reminder_catch_up_days)
    expected: set[tuple[str, str, str]] = set()
    for source in SOURCES:
        for draft in await source.due(span.first, span.days):
            expected.add((draft.kind, str(draft.subject), draft.due.isoformat()))
    rows = await Reminder.select(
        Reminder.id,
        Reminder.kind,
        Reminder.subject,
        Reminder.due,
        Reminder.title,
        Reminder.recipient,
        Reminder.recipient.email.as_alias("email"),
        Reminder.recipient.is_active.as_alias("active"),
    )
    keys = [(r["kind"], str(r["subject"]), str(r["due"])[:10]) for r in rows]
    figures.reminders_due = len(expected)
    figures.reminders_created = len(rows)
    figures.reminder_duplicates = len(keys) - len(set(keys))
    figures.reminders_missing = len(expected - set(keys))
    if set(keys) - expected:
        figures.notes.append(f"{len(set(keys) - expected)} reminders stored but not due")

    admins = await users.list_users(500, 0, Role.ADMIN)
    any_admin = any(u.is_active and u.email for u in admins.items)
    # What is mailed: the reminders due from the catch-up limit to the window's end (an older
    # one, such as a complaint stage overdue for months, is in the inbox but not e-mailed).
    oldest = (TODAY - timedelta(days=settings.reminder_catch_up_days)).isoformat()
    newest = (TODAY + timedelta(days=settings.reminder_window_days)).isoformat()
    in_window = [r for r in rows if oldest <= str(r["due"])[:10] <= newest]
    figures.reminders_not_mailed_too_old = len(rows) - len(in_window)
    to_mail = {
        r["id"]
        for r in in_window
        if (r["recipient"] is None and any_admin)
        or (r["recipient"] is not None and r["email"] and r["active"])
    }
    figures.reminders_to_mail = len(to_mail)

    digests = {d["id"]: d for d in await MailDigest.select()}
    figures.digests = len(digests)
    figures.digests_unconfirmed = sum(d["sent_at"] is None for d in digests.values())
    members: defaultdict[Any, list[Any]] = defaultdict(list)
    per_reminder: Counter[Any] = Counter()
    for delivery in await Delivery.select(Delivery.reminder, Delivery.digest):
        members[delivery["digest"]].append(delivery["reminder"])
        per_reminder[delivery["reminder"]] += 1
    figures.reminders_in_two_digests = sum(n > 1 for n in per_reminder.values())
    by_message_id = {d["message_id"]: ident for ident, d in digests.items()}

    period = previous_month(TODAY)
    reports: dict[str, tuple[Any, Any]] = {}
    for owner, buildings in await users.owners_and_buildings():
        for building in buildings:
            reports[report_message_id(owner.id, building, period, settings.smtp_from)] = (
                owner.id,
                building,
            )
    figures.reports_due = len(reports)
    figures.reports_mailed = await ReportMailing.count()

    figures.messages_received = len(sink.received)
    copies: defaultdict[str, list[Received]] = defaultdict(list)
    for message in sink.received:
        copies[message.message_id].append(message)
    mailed: set[Any] = set()
    for message_id, sent in copies.items():
        if message_id in reports:
            figures.report_copies_same_message_id += len(sent) - 1
            continue
        digest = by_message_id.get(message_id)
        if digest is None:
            figures.unknown_messages += len(sent)
            continue
        figures.copies_same_message_id += len(sent) - 1
        figures.copies_differing += sum(copy.body != sent[0].body for copy in sent[1:])
        if len(sent[0].lines) != len(members[digest]):
            figures.notes.append(f"{message_id} lists {len(sent[0].lines)} of {members[digest]}")
            continue
        mailed.update(members[digest])
    figures.reminders_mailed = len(mailed & to_mail)
    figures.reminders_lost = len(to_mail - mailed)
    figures.reminders_in_digests_never_received = len(set(per_reminder) - mailed)
    missing_reports = set(reports) - set(copies)
    if missing_reports:
        figures.notes.append(f"{len(missing_reports)} owner reports never received")


async def run_faults(
    env: dict[str, str],
    settings: Any,
    size: Any,
    kills: tuple[str, ...] = DEFAULT_KILLS,
) -> Figures:
    """Prepare, run ``tenantcrm remind`` once per kill point, finish, and count.

    ``env`` is the children's environment (database URL set); the calling process's Piccolo
    engine must point at the same database, migrated and empty.
    """
    from tenantcrm.reminders.service import is_postgres

    sqlite_path = None if is_postgres() else settings.database_url.removeprefix("sqlite:///")
    if sqlite_path is not None:
        kills = tuple(k for k in kills if k != "claim")  # no lock to watch on SQLite
    figures = Figures("postgresql" if sqlite_path is None else "sqlite", 0, list(kills))
    figures.tenants = await prepare(size)
    sink = KillingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    child_env = {
        **env,
        "TENANTCRM_SMTP_HOST": "127.0.0.1",
        "TENANTCRM_SMTP_PORT": str(port),
        "TENANTCRM_SMTP_FROM": settings.smtp_from,
        "TENANTCRM_REMINDER_WINDOW_DAYS": str(settings.reminder_window_days),
        "TENANTCRM_REMINDER_DIGEST_SIZE": str(settings.reminder_digest_size),
    }
    began = time.perf_counter()
    try:
        for point in kills:
            run = await run_remind(child_env, sink, point, sqlite_path)
            figures.runs += 1
            figures.run_seconds.append(round(run.seconds, 2))
            if run.killed:
                figures.kills_fired.append(point)
            else:
                figures.notes.append(f"kill point {point} not reached: {run.output.strip()}")
            await _settle(sqlite_path)
        for _ in range(3):  # a sweep skipped for a dying lock holder is run again
            run = await run_remind(child_env, sink, "", sqlite_path)
            figures.runs += 1
            figures.run_seconds.append(round(run.seconds, 2))
            if "skipped" not in run.output:
                break
        before = len(sink.received)
        await _run_in_process(
            settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
        )
        figures.last_run_sent = len(sink.received) - before
    finally:
        controller.stop()
    figures.seconds = round(time.perf_counter() - began, 1)
    await check(figures, settings, sink)
    return figures


# --- the script --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=300)
    parser.add_argument("--buildings", type=int, default=3)
    parser.add_argument("--window", type=int, default=120, help="reminder window in days")
    parser.add_argument("--digest", type=int, default=10, help="reminders per digest")
    parser.add_argument("--kill", action="append", help=f"kill points (default {DEFAULT_KILLS})")
    parser.add_argument("--pg", help="PostgreSQL maintenance URL; default: a SQLite file")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tenantcrm-faults-"))
    database = f"faults_remind_{os.getpid()}"
    if args.pg:
        url = f"{args.pg.rsplit('/', 1)[0]}/{database}"
        asyncio.run(_pgadmin(args.pg, "create", database))
    else:
        url = f"sqlite:///{scratch / 'remind.sqlite3'}"
    os.environ["TENANTCRM_DATABASE_URL"] = url
    try:
        figures = asyncio.run(_main(args))
    finally:
        if args.pg:
            asyncio.run(_pgadmin(args.pg, "drop", database))
    print(json.dumps(asdict(figures), indent=2))


async def _pgadmin(url: str, action: str, name: str) -> None:
    from tenantcrm.devtools.pgadmin import run

    await run(url, action, name)


async def _main(args: argparse.Namespace) -> Figures:
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.demo import PortfolioSize
    from tenantcrm.migrate import migrate
    from tenantcrm.settings import Settings

    settings = Settings(
        reminder_window_days=args.window,
        reminder_digest_size=args.digest,
        smtp_from="crm@faults.example",
    )
    await migrate()
    await open_pool(settings)
    try:
        size = PortfolioSize(
            buildings=args.buildings,
            floors=(8, 12),
            units_per_floor=(3, 6),
            tenants=args.tenants,
        )
        kills = tuple(args.kill) if args.kill else DEFAULT_KILLS
        return await run_faults(dict(os.environ), settings, size, kills)
    finally:
        await close_pool()


if __name__ == "__main__":
    main()
