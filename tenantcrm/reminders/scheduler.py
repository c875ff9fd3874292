"""The daily sweep inside the app: APScheduler 3's AsyncIOScheduler, started in the lifespan.

One job a day at ``TENANTCRM_SWEEP_HOUR`` plus one at start-up to catch up on days the app was
down. ``coalesce`` folds runs missed while the loop was busy into one, ``misfire_grace_time``
lets a late run still happen the same day, and ``max_instances=1`` keeps runs from overlapping
in a process. Across processes the sweep's own lock decides (see ``service.sweep``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from tenantcrm.audit.actor import Actor, acting_as
from tenantcrm.reminders.mail import MailResult, deliver_email
from tenantcrm.reminders.service import SweepResult, sweep
from tenantcrm.reports.mailing import MailingResult, mail_owner_reports
from tenantcrm.settings import Settings

DAILY_RUN = Actor("system: daily run")
"""Who the daily sweep's changes were made by, in the audit trail."""

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 12 * 3600


@dataclass(frozen=True, slots=True)
class DailyRun:
    sweep: SweepResult
    mail: MailResult
    reports: MailingResult


async def run_once(settings: Settings, today: date | None = None) -> DailyRun:
    """One sweep for the business date, the e-mail of what is pending, and last month's
    owner reports not mailed yet."""
    day = today or settings.clock_today()
    with acting_as(DAILY_RUN):
        result = await sweep(day, settings)
        mailed = await deliver_email(day, settings)
        reports = await mail_owner_reports(day, settings)
    return DailyRun(result, mailed, reports)


async def _job(settings: Settings) -> None:
    try:
        run = await run_once(settings)
    except Exception:  # a failed run is retried by the next one; the app keeps serving
        log.exception("reminder sweep failed")
        return
    log.info(
        "daily run %s: %s; e-mail %s; reports %s", run.sweep.day, run.sweep, run.mail, run.reports
    )


def start_scheduler(settings: Settings) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(
        job_defaults={
            "coalesce": True,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            "max_instances": 1,
        }
    )
    scheduler.add_job(
        _job,
        CronTrigger(hour=settings.sweep_hour, minute=0),
        args=[settings],
        id="reminder-sweep",
        name="daily reminder sweep",
        replace_existing=True,
    )
    scheduler.add_job(
        _job,
        "date",
        run_date=datetime.now(tz=UTC),
        args=[settings],
        id="reminder-catch-up",
        name="start-up reminder sweep",
    )
    scheduler.start()
    return scheduler
