"""Monthly owner reports by e-mail: last month's report of each building to each owner, once."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

from httpx import AsyncClient

from tenantcrm.auth import service as users
from tenantcrm.reports.mailing import mail_owner_reports
from tenantcrm.settings import Settings
from tests.api import factories as make
from tests.mail_fixtures import Sink


async def test_each_owner_gets_last_months_report_once(
    client: AsyncClient, smtp: tuple[Sink, int]
) -> None:
    sink, port = smtp
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="crm@example.com")
    tower = await make.building(client, name="Harbour Tower")
    annex = await make.building(client, name="Harbour Annex")
    owner = await make.user(client, role="owner", email="owner@example.com")
    silent = await make.user(client, role="owner")  # no address: nothing to send to
    await users.grant_buildings(owner["id"], [tower["id"], annex["id"]])
    await users.grant_buildings(silent["id"], [tower["id"]])

    first = await mail_owner_reports(date(2026, 3, 15), settings)
    assert (first.period, first.sent, first.failed) == ("February 2026", 2, 0)
    subjects = set()
    for envelope in sink.envelopes:
        assert envelope.rcpt_tos == ["owner@example.com"]
        mail = message_from_bytes(envelope.content, policy=policy.default)
        subjects.add(mail["Subject"])
        [attachment] = list(mail.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content().startswith(b"%PDF")
    assert subjects == {
        "Harbour Tower: owner report for February 2026",
        "Harbour Annex: owner report for February 2026",
    }

    again = await mail_owner_reports(date(2026, 3, 20), settings)
    assert again.sent == 0
    assert len(sink.envelopes) == 2
    next_month = await mail_owner_reports(date(2026, 4, 1), settings)
    assert (next_month.period, next_month.sent) == ("March 2026", 2)


async def test_without_smtp_nothing_is_mailed(client: AsyncClient) -> None:
    tower = await make.building(client)
    owner = await make.user(client, role="owner", email="owner@example.com")
    await users.grant_buildings(owner["id"], [tower["id"]])
    assert (await mail_owner_reports(date(2026, 3, 15), Settings())).sent == 0
