"""The daily sweep inside the app: APScheduler 3's AsyncIOScheduler, started in the lifespan.

One job a day at ``TENANTCRM_SWEEP_HOUR`` plus one at start-up to catch up on days the app was
down. ``coalesce`` folds runs missed while the loop was busy into one, ``misfire_grace_time``
lets a late run still happen the same day, and ``max_instances=1`` keeps runs from overlapping
in a process. Across processes the sweep's own lock decides (see ``service.sweep``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from tenantcrm.reminders.mail import MailResult, deliver_email
from tenantcrm.reminders.service import SweepResult, sweep
from tenantcrm.settings import Settings

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 12 * 3600


async def run_once(settings: Settings) -> tuple[SweepResult, MailResult]:
    """One sweep for the business date, then the e-mail of what is pending."""
    today = settings.clock_today()
    result = await sweep(today, settings)
    mailed = await deliver_email(today, settings)
    return result, mailed


async def _job(settings: Settings) -> None:
    try:
        result, mailed = await run_once(settings)
    except Exception:  # a failed run is retried by the next one; the app keeps serving
        log.exception("reminder sweep failed")
        return
    log.info("reminder sweep %s: %s; e-mail %s", result.day, result, mailed)


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
