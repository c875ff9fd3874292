"""Daily runs (sweep, e-mail, reports) started at once: each reminder is raised and mailed
once; a reminder moved by many people at once moves once."""

from __future__ import annotations

import asyncio
from collections import Counter
from email import message_from_bytes, policy

from httpx import AsyncClient

from tenantcrm.reminders.scheduler import run_once
from tenantcrm.reminders.tables import Delivery, Reminder
from tests.api.checks import problem
from tests.api.test_reminders import SETTINGS, expected_keys, portfolio, stored
from tests.app_fixtures import TODAY
from tests.concurrency.race import race
from tests.mail_fixtures import Sink

RUNS = 10


async def test_daily_runs_at_once_raise_and_mail_each_reminder_once(
    client: AsyncClient, smtp: tuple[Sink, int]
) -> None:
    sink, port = smtp
    settings = SETTINGS.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "crm@example.com"}
    )
    p = await portfolio(client)
    runs = await asyncio.gather(*(run_once(settings, TODAY) for _ in range(RUNS)))
    keys = await stored()
    assert len(keys) == len(set(keys))
    assert expected_keys(p) <= set(keys)
    assert sum(run.sweep.created for run in runs) == len(keys)
    # Mailed: those due from the catch-up limit on (the five lease ones), each exactly once.
    deliveries = Counter(str(d["reminder"]) for d in await Delivery.select(Delivery.reminder))
    assert set(deliveries.values()) == {1}
    lease_ones = await Reminder.select(Reminder.id).where(Reminder.kind.like("lease.%"))
    assert {str(r["id"]) for r in lease_ones} <= set(deliveries)
    assert sum(run.mail.reminders for run in runs) == len(deliveries)
    lines = [
        line
        for envelope in sink.envelopes
        for line in message_from_bytes(envelope.content, policy=policy.default)
        .get_content()
        .splitlines()
        if line.startswith("- ")
    ]
    assert len(lines) == len(deliveries)
    # Another round finds nothing new to raise or mail.
    again = await asyncio.gather(*(run_once(settings, TODAY) for _ in range(3)))
    assert sum(r.sweep.created + r.mail.reminders for r in again) == 0
    assert len(await stored()) == len(keys)


async def test_one_reminder_moved_by_many_moves_once(client: AsyncClient) -> None:
    await portfolio(client)
    await run_once(SETTINGS, TODAY)
    reminder = (await Reminder.select(Reminder.id).first()) or {}
    url = f"/api/reminders/{reminder['id']}/transitions"
    result = await race(
        [lambda: client.post(url, json={"to": "acknowledged", "version": 1}) for _ in range(20)],
        hold=("reminder", str(reminder["id"])),
    )
    assert result.statuses == {200: 1, 409: 19}, result.texts()
    for loser in result.with_status(409):
        problem(loser, 409)
    result = await race(
        [lambda: client.post(url, json={"to": "done"}) for _ in range(20)],
        hold=("reminder", str(reminder["id"])),
    )
    assert result.statuses == {200: 1, 409: 19}, result.texts()
    row = (
        await Reminder.select(Reminder.state, Reminder.version)
        .where(Reminder.id == reminder["id"])
        .first()
    )
    assert row == {"state": "done", "version": 3}
