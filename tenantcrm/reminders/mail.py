"""Reminders by e-mail: one digest per recipient per run, each reminder in one digest.

Which reminders
    Open ones due up to ``today + window`` (and not older than the catch-up limit) that have no
    e-mail ``Delivery`` yet. A reminder with a manager goes to the manager's address; an
    unassigned one to the active admins with an address, in one digest addressed to them all.
Claim, send, confirm (at least once, one Message-ID)
    1. Claim: one write transaction takes the delivery lock (``pg_advisory_xact_lock`` on
       PostgreSQL, waiting; SQLite's IMMEDIATE transaction), reads which of the recipient's
       reminders are still undelivered, and commits a ``MailDigest`` (with a fresh Message-ID)
       and one ``Delivery`` per reminder (unique per reminder and channel). From then on each
       reminder belongs to exactly one digest, whatever happens to the process.
    2. Send and confirm: a second transaction locks the digest row (``FOR UPDATE SKIP LOCKED``
       on PostgreSQL, so two runs never send one digest at the same time), skips it if it is
       already sent, sends the mail with the digest's Message-ID and sets ``sent_at``.
    Every run first sends the digests claimed earlier and never confirmed: a send that failed
    (server down) or a process that died before ``sent_at`` was committed. Those are sent
    again with the same Message-ID, reminders and date, so a reminder is never lost; it is
    mailed twice only when the process dies (or the connection drops) after the SMTP server
    accepted the message and before ``sent_at`` was committed, and then both copies carry one
    Message-ID, which mail clients and archives treat as one message.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.core.mail import MAIL_ERRORS, send_mail
from tenantcrm.core.records import Row
from tenantcrm.db import write_transaction
from tenantcrm.reminders.enums import Channel, ReminderState
from tenantcrm.reminders.service import DELIVERY_LOCK, is_postgres, take_lock
from tenantcrm.reminders.tables import Delivery, MailDigest, Reminder
from tenantcrm.settings import Settings

log = logging.getLogger(__name__)

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
    """Send the pending reminders by e-mail (nothing when ``TENANTCRM_SMTP_HOST`` is unset):
    first the digests claimed before and not confirmed, then new ones; see the module."""
    if not settings.smtp_host:
        return MailResult()
    messages = reminders = failed = 0
    for earlier, to in await _unconfirmed():
        try:
            sent = await _send_claimed(earlier, settings)
        except MAIL_ERRORS as error:
            log.warning("reminder e-mail to %s failed again: %s", to, error)
            failed += 1
            continue
        messages += sent > 0
        reminders += sent
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
    size = settings.reminder_digest_size
    for addresses, ids in sorted(by_address.items()):
        for start in range(0, len(ids), size):
            digest_id = await _claim(addresses, ids[start : start + size], today, settings)
            if digest_id is None:
                continue
            try:
                sent = await _send_claimed(digest_id, settings)
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


async def _unconfirmed() -> list[tuple[UUID, str]]:
    """Digests claimed and not confirmed sent, oldest first."""
    rows = await (
        MailDigest.select(MailDigest.id, MailDigest.addresses)
        .where(MailDigest.sent_at.is_null())
        .order_by(MailDigest.claimed_at)
    )
    return [(row["id"], row["addresses"]) for row in rows]


async def _claim(
    addresses: tuple[str, ...], ids: list[UUID], today: date, settings: Settings
) -> UUID | None:
    """Commit a digest of those of ``ids`` still undelivered (None if none is)."""
    async with write_transaction():
        await take_lock(DELIVERY_LOCK, wait=True)
        rows = await _pending(today, settings, ids)
        if not rows:
            return None
        domain = settings.smtp_from.rpartition("@")[2] or "tenantcrm"
        digest = MailDigest(
            message_id=make_msgid("reminders", domain=domain),
            addresses=", ".join(addresses),
            day=today,
        )
        await digest.save()
        await Delivery.insert(
            *[
                Delivery(
                    reminder=r["id"],
                    channel=Channel.EMAIL.value,
                    address=", ".join(addresses),
                    digest=digest.id,
                )
                for r in rows
            ]
        )
    digest_id: UUID = digest.id
    return digest_id


async def _send_claimed(digest_id: UUID, settings: Settings) -> int:
    """Send a claimed digest unless it is sent (or being sent by another run); its size."""
    async with write_transaction():
        query = MailDigest.select().where(MailDigest.id == digest_id, MailDigest.sent_at.is_null())
        if is_postgres():
            query = query.lock_rows("UPDATE", skip_locked=True)
        claimed = await query.first()
        if claimed is None:
            return 0
        rows = await _in_digest(digest_id)
        if rows:
            day = claimed["day"]
            day = day if isinstance(day, date) else date.fromisoformat(day)
            addresses = tuple(claimed["addresses"].split(", "))
            message = digest(addresses, rows, day, settings.smtp_from)
            message["Message-ID"] = claimed["message_id"]
            await send_mail(message, settings)
        await MailDigest.update({MailDigest.sent_at: datetime.now(tz=UTC)}).where(
            MailDigest.id == digest_id
        )
    return len(rows)


async def _in_digest(digest_id: UUID) -> list[Row]:
    """The reminders of a digest, in the order the digest lists them."""
    ids = [
        row["reminder"]
        for row in await Delivery.select(Delivery.reminder).where(Delivery.digest == digest_id)
    ]
    if not ids:
        return []
    rows: list[Row] = await (
        Reminder.select()
        .where(Reminder.id.is_in(ids))
        .order_by(Reminder.due, Reminder.kind, Reminder.id)
    )
    return rows


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
