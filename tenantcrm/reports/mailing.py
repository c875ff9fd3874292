"""The monthly owner reports by e-mail: each owner gets last month's report of each of its
buildings once.

Run with the daily reminder job: on any day it mails what is due for the month before and not
yet mailed, so a missed 1st is caught up the next day. Each report is one write transaction:
the unique row (user, building, period) is written first, which makes a concurrent run wait
and then skip; the mail is sent; the transaction commits. A failed send rolls the row back and
the next run tries again; a crash after sending and before the commit sends it again (at least
once, as reminders are). Every attempt carries the same Message-ID (``report_message_id``: the
owner, building and month), so a copy sent again after such a crash is the same message to a
mail client or archive.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from uuid import UUID

import asyncpg

from tenantcrm.auth import service as users
from tenantcrm.core.mail import MAIL_ERRORS, send_mail
from tenantcrm.db import write_transaction
from tenantcrm.reports import service
from tenantcrm.reports.period import Period, previous_month
from tenantcrm.reports.tables import ReportMailing
from tenantcrm.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MailingResult:
    period: str
    sent: int = 0
    failed: int = 0


async def _already(user: UUID, building: UUID, period: Period) -> bool:
    return bool(
        await ReportMailing.exists().where(
            ReportMailing.user == user,
            ReportMailing.building == building,
            ReportMailing.period == period.label,
        )
    )


def report_message_id(owner: UUID, building: UUID, period: Period, sender: str) -> str:
    """The Message-ID of one owner's report of one building for one month, on every attempt."""
    domain = sender.rpartition("@")[2] or "tenantcrm"
    return f"<owner-report.{period.start.isoformat()}.{building}.{owner}@{domain}>"


def report_mail(
    address: str, sender: str, building: str, period: Period, pdf: bytes
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"{building}: owner report for {period.label}"
    message["From"] = sender
    message["To"] = address
    message.set_content(
        f"Attached: the owner report of {building} for {period.label} "
        f"({period.start.isoformat()} to {period.end.isoformat()})."
    )
    name = f"{building} {period.label}.pdf"
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=name)
    return message


async def mail_owner_reports(today: date, settings: Settings) -> MailingResult:
    """Mail last month's report of each building to each of its owners, once."""
    period = previous_month(today)
    if not settings.smtp_host:
        return MailingResult(period.label)
    sent = failed = 0
    for owner, buildings in await users.owners_and_buildings():
        for building in buildings:
            if await _already(owner.id, building, period):
                continue
            report = await service.owner_report(building, period, today)
            pdf = await service.render_owner_pdf(
                report, settings.templates_dir, settings.report_time_limit
            )
            mail = report_mail(owner.email, settings.smtp_from, report.building.name, period, pdf)
            mail["Message-ID"] = report_message_id(owner.id, building, period, settings.smtp_from)
            try:
                async with write_transaction():
                    await ReportMailing.insert(
                        ReportMailing(
                            user=owner.id,
                            building=building,
                            period=period.label,
                            address=owner.email,
                        )
                    )
                    await send_mail(mail, settings)
            except (sqlite3.IntegrityError, asyncpg.UniqueViolationError):
                continue  # another run mailed it meanwhile
            except MAIL_ERRORS as error:
                log.warning("owner report to %s failed: %s", owner.email, error)
                failed += 1
                continue
            sent += 1
    return MailingResult(period.label, sent, failed)
