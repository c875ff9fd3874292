"""The daily reminder run killed (SIGKILL) mid-sweep and mid-mail, then restarted: every due
reminder is stored once, each lands in exactly one digest, every digest reaches the SMTP
server, and a digest sent twice (the process died between the server's 250 and recording it
sent) carries one Message-ID and the same content both times.

Real processes: ``tenantcrm remind`` children on this run's database and an SMTP server on
127.0.0.1; see ``bench/fault_remind.py`` for the kill points and larger runs.
"""

from __future__ import annotations

import os

from httpx import AsyncClient

from bench.fault_remind import run_faults
from tenantcrm.demo import PortfolioSize
from tenantcrm.reminders.service import is_postgres
from tenantcrm.settings import Settings

SIZE = PortfolioSize(buildings=2, floors=(8, 10), units_per_floor=(3, 5), tenants=120)
KILLS = {
    "postgresql": ("sweep", "claim", "accept:2", "reject:2", "report"),
    # Each kill costs a process start: the SQLite pass kills the sweep and a mail in flight.
    "sqlite": ("sweep", "accept:2"),
}


async def test_killed_reminder_runs_store_and_mail_each_reminder_once(
    client: AsyncClient,  # empties the database
) -> None:
    settings = Settings(
        reminder_window_days=60, reminder_digest_size=5, smtp_from="crm@faults.example"
    )
    kills = KILLS["postgresql" if is_postgres() else "sqlite"]
    figures = await run_faults(dict(os.environ), settings, SIZE, kills)

    # Every kill point was reached and the process died there.
    assert figures.kills_fired == list(kills), figures.notes
    # Stored: each due reminder once.
    assert figures.reminders_due > 20
    assert figures.reminders_created == figures.reminders_due
    assert (figures.reminder_duplicates, figures.reminders_missing) == (0, 0)
    # Mailed: each reminder in one digest, each digest received and confirmed.
    assert figures.reminders_to_mail == figures.reminders_due - figures.reminders_not_mailed_too_old
    assert figures.reminders_in_digests_never_received == 0
    assert figures.reminders_mailed == figures.reminders_to_mail
    assert (figures.reminders_lost, figures.reminders_in_two_digests) == (0, 0)
    assert figures.digests_unconfirmed == 0
    assert figures.unknown_messages == 0
    # The kill after the server kept a digest ("accept") made the only copy, with the first
    # copy's Message-ID and body.
    assert figures.copies_same_message_id == 1
    assert figures.copies_differing == 0
    assert figures.messages_received == figures.digests + 1 + (
        figures.copies_same_message_id + figures.report_copies_same_message_id
    )
    # The owner report killed after the server kept it was sent again under its Message-ID.
    assert (figures.reports_due, figures.reports_mailed) == (1, 1)
    assert figures.report_copies_same_message_id == ("report" in kills)
    # A run after all that has nothing left to send.
    assert figures.last_run_sent == 0
    assert figures.notes == []
