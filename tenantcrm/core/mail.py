"""Sending one e-mail through the SMTP server the settings name (TENANTCRM_SMTP_*)."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from tenantcrm.settings import Settings

MAIL_ERRORS = (aiosmtplib.SMTPException, OSError)
"""What a failed send raises: the server refused, or could not be reached."""


async def send_mail(message: EmailMessage, settings: Settings) -> None:
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        start_tls=settings.smtp_starttls,
        timeout=settings.smtp_timeout,
    )
