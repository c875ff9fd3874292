"""A digest whose send was never confirmed goes again under the same Message-ID, with the same
reminders and date, and each reminder stays in one digest (in process, on both engines)."""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from uuid import uuid4

import aiosmtplib
import pytest
from httpx import AsyncClient

from tenantcrm.core.mail import send_mail
from tenantcrm.core.reminder_drafts import ReminderDraft
from tenantcrm.reminders import mail, service
from tenantcrm.reminders.tables import Delivery, MailDigest
from tenantcrm.settings import Settings
from tests.api import factories as make
from tests.mail_fixtures import Sink

TODAY = date(2026, 3, 15)


async def test_a_digest_sent_but_not_confirmed_goes_again_with_its_message_id(
    client: AsyncClient, smtp: tuple[Sink, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    sink, port = smtp
    settings = Settings(
        today=TODAY,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="crm@example.com",
        reminder_digest_size=2,
    )
    manager = await make.user(client, email="li@example.com")
    drafts = [
        ReminderDraft(
            "test.kind", uuid4(), TODAY + timedelta(days=n), f"Thing {n}", "", manager["id"]
        )
        for n in range(3)
    ]
    assert await service.store(drafts) == 3

    async def lost_after_250(message: EmailMessage, settings: Settings) -> None:
        await send_mail(message, settings)  # the server accepts it ...
        raise aiosmtplib.SMTPServerDisconnected("... and the answer is lost")

    monkeypatch.setattr(mail, "send_mail", lost_after_250)
    first = await mail.deliver_email(TODAY, settings)
    assert (first.messages, first.failed) == (0, 1)
    assert len(sink.envelopes) == 1
    assert await MailDigest.count() == 1  # claimed, not confirmed; the rest not claimed yet

    monkeypatch.undo()
    later = TODAY + timedelta(days=1)
    second = await mail.deliver_email(later, settings)
    assert (second.messages, second.reminders, second.failed) == (2, 3, 0)
    received = [message_from_bytes(e.content, policy=policy.default) for e in sink.envelopes]
    ids = [str(m["Message-ID"]) for m in received]
    assert ids[0] == ids[1]  # the copy keeps its Message-ID ...
    assert ids[2] != ids[0]
    assert received[0].get_content() == received[1].get_content()  # ... reminders and date
    assert "as of 2026-03-15" in received[1].get_content()
    assert received[2]["Subject"] == "TenantCRM: 1 reminder due"
    # Each reminder in exactly one digest, every digest confirmed; nothing left to send.
    assert await Delivery.count() == 3
    assert await MailDigest.count().where(MailDigest.sent_at.is_null()) == 0
    third = await mail.deliver_email(later, settings)
    assert (third.messages, third.reminders) == (0, 0)
    assert len(sink.envelopes) == 3
