"""Persistence of reminders, their deliveries and the sweeps that raised them.

A reminder's identity is ``(kind, subject, due)``: a unique index (made in the migration: a
composite Piccolo constraint cannot be added on SQLite) makes a sweep idempotent (drafts are
inserted with ``ON CONFLICT DO NOTHING``). A delivery is unique per ``(reminder, channel)``
(a unique index too), so a reminder is e-mailed once however often the sweep runs.

A ``MailDigest`` is one e-mail of reminders: claimed (its row and its reminders' deliveries
committed) before it is sent, and ``sent_at`` set once the SMTP server has accepted it. Its
``message_id`` is the mail's Message-ID, the same on every attempt to send it (see
``tenantcrm.reminders.mail``).
"""

from piccolo.columns import UUID, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenantcrm.auth.tables import User
from tenantcrm.core.columns import created_at, uuid_pk, version_column
from tenantcrm.reminders.enums import Channel, ReminderState


class Reminder(Table):
    id = uuid_pk()
    kind = Varchar(length=60)
    subject = UUID()
    due = Date(index=True)
    title = Varchar(length=300)
    detail = Text(default="")
    recipient = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True, index=True)
    tenant = UUID(null=True, default=None)
    building = UUID(null=True, default=None)
    link = Varchar(length=300, default="")
    state = Varchar(length=20, choices=ReminderState, default=ReminderState.OPEN.value, index=True)
    snoozed_until = Date(null=True, default=None)
    created_at = created_at()
    acknowledged_at = Timestamptz(null=True, default=None)
    done_at = Timestamptz(null=True, default=None)
    version = version_column()


class MailDigest(Table):
    id = uuid_pk()
    message_id = Varchar(length=255, unique=True)
    addresses = Text()
    day = Date()
    claimed_at = created_at()
    sent_at = Timestamptz(null=True, default=None, index=True)


class Delivery(Table):
    id = uuid_pk()
    reminder = ForeignKey(references=Reminder, on_delete=OnDelete.cascade, index=True)
    channel = Varchar(length=10, choices=Channel)
    delivered_at = created_at()
    address = Text(default="")
    digest = ForeignKey(references=MailDigest, on_delete=OnDelete.cascade, null=True, index=True)


class SweepRun(Table):
    """One completed sweep: the day it ran for, the due days it covered and what it created."""

    id = uuid_pk()
    day = Date(index=True)
    first = Date()
    last = Date()
    started_at = Timestamptz()
    finished_at = Timestamptz()
    created = Integer(default=0)
    woken = Integer(default=0)
