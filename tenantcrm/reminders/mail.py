"""Reminders by e-mail: one digest per recipient per run, each reminder mailed once.

Which reminders
    Open ones due up to ``today + window`` (and not older than the catch-up limit) that have no
    e-mail ``Delivery`` yet. A reminder with a manager goes to the manager's address; an
    unassigned one to the active admins with an address, in one digest addressed to them all.
Send, then record (at least once)
    Each recipient's digest is one write transaction: it takes the delivery lock
    (``pg_advisory_xact_lock`` on PostgreSQL, waiting; SQLite's IMMEDIATE transaction), reads
    which of its reminders are still undelivered, sends the mail, then records one ``Delivery``
    per reminder (unique per reminder and channel) and commits. A failed send rolls back and is
    tried again on the next run; a process killed between the send and the commit sends that
    digest again next time. So a reminder is mailed at least once and, short of such a crash,
    exactly once; recording first would risk a reminder never mailed, which is worse.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.core.mail import MAIL_ERRORS, send_mail
from tenantcrm.core.records import Row
from tenantcrm.db import write_transaction
from tenantcrm.reminders.enums import Channel, ReminderState
from tenantcrm.reminders.service import DELIVERY_LOCK, take_lock
from tenantcrm.reminders.tables import Delivery, Reminder
from tenantcrm.settings import Settings

log = logging.getLogger(__name__)

DIGEST_SIZE = 500
"""Most reminders in one message; a longer backlog goes in several."""

_UNDELIVERED = WhereRaw(
    "NOT EXISTS (SELECT 1 FROM delivery WHERE delivery.reminder = reminder.id "
    "AND delivery.channel = {})",
    Channel.EMAIL.value,
)


@dataclass(frozen=True, slots=True)
class MailResult:
    messages: int = 0
    reminders: int = 0
    failed: int = 0


async def deliver_email(today: date, settings: Settings) -> MailResult:
    """Send the pending reminders by e-mail (nothing when ``TENANTCRM_SMTP_HOST`` is unset)."""
    if not settings.smtp_host:
        return MailResult()
    pending = await _pending(today, settings, None)
    by_address: defaultdict[tuple[str, ...], list[UUID]] = defaultdict(list)
    admins: tuple[str, ...] | None = None
    for row in pending:
        if row["recipient"] is not None:
            if row["email"] and row["active"]:
                by_address[(row["email"],)].append(row["id"])
            continue
        if admins is None:
            admins = await _admin_addresses()
        if admins:
            by_address[admins].append(row["id"])
    messages = reminders = failed = 0
    for addresses, ids in sorted(by_address.items()):
        for start in range(0, len(ids), DIGEST_SIZE):
            try:
                sent = await _send_digest(
                    addresses, ids[start : start + DIGEST_SIZE], today, settings
                )
            except MAIL_ERRORS as error:
                log.warning("reminder e-mail to %s failed: %s", ", ".join(addresses), error)
                failed += 1
                break
            messages += sent > 0
            reminders += sent
    return MailResult(messages, reminders, failed)


async def _pending(today: date, settings: Settings, ids: list[UUID] | None) -> list[Row]:
    query = Reminder.select(
        *Reminder.all_columns(),
        Reminder.recipient.email.as_alias("email"),
        Reminder.recipient.is_active.as_alias("active"),
    ).where(
        Reminder.state == ReminderState.OPEN.value,
        Reminder.due >= today - timedelta(days=settings.reminder_catch_up_days),
        Reminder.due <= today + timedelta(days=settings.reminder_window_days),
        _UNDELIVERED,
    )
    if ids is not None:
        query = query.where(Reminder.id.is_in(ids))
    rows: list[Row] = await query.order_by(Reminder.due, Reminder.kind, Reminder.id)
    return rows


async def _admin_addresses() -> tuple[str, ...]:
    page = await users.list_users(500, 0, Role.ADMIN)
    return tuple(sorted({u.email for u in page.items if u.is_active and u.email}))


async def _send_digest(
    addresses: tuple[str, ...], ids: list[UUID], today: date, settings: Settings
) -> int:
    async with write_transaction():
        await take_lock(DELIVERY_LOCK, wait=True)
        rows = await _pending(today, settings, ids)
        if not rows:
            return 0
        await send_mail(digest(addresses, rows, today, settings.smtp_from), settings)
        await Delivery.insert(
            *[
                Delivery(
                    reminder=r["id"], channel=Channel.EMAIL.value, address=", ".join(addresses)
                )
                for r in rows
            ]
        ).on_conflict(action="DO NOTHING")
    return len(rows)


def digest(addresses: tuple[str, ...], rows: list[Row], today: date, sender: str) -> EmailMessage:
    """The digest mail: one line per reminder (due day, title), its detail and link below."""
    message = EmailMessage()
    count = len(rows)
    message["Subject"] = f"TenantCRM: {count} reminder{'s' if count != 1 else ''} due"
    message["From"] = sender
    message["To"] = ", ".join(addresses)
    lines = [f"Reminders as of {today.isoformat()}:", ""]
    for row in rows:
        due = row["due"] if isinstance(row["due"], date) else date.fromisoformat(row["due"])
        overdue = " (overdue)" if due < today else ""
        lines.append(f"- {due.isoformat()}{overdue}  {row['title']}")
        if row["detail"]:
            lines.append(f"  {row['detail']}")
        if row["link"]:
            lines.append(f"  {row['link']}")
    lines += ["", "Acknowledge, snooze or close them in your TenantCRM inbox."]
    message.set_content("\n".join(lines))
    return message
