"""Checks and imports that run in the background of the web app, with their progress.

A web upload is kept here (its bytes, by a random id) while its dry run runs as an asyncio
task; the page polls the job for its progress and report, and the import button runs the
import of the same bytes as a second task. Jobs live in this process's memory, for an hour
and at most ``KEEP`` at a time: serve the web app from one process (``tenantcrm serve``
does), or route a user's requests to the same one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid4

from tenantcrm.rentroll import service
from tenantcrm.rentroll.service import ImportReport

KEEP = 20
LIFETIME_SECONDS = 3600

log = logging.getLogger(__name__)


class JobState(StrEnum):
    CHECKING = "checking"
    CHECKED = "checked"
    IMPORTING = "importing"
    IMPORTED = "imported"
    REFUSED = "refused"  # the import found problems and created nothing
    FAILED = "failed"  # an unexpected error: nothing was created


@dataclass(slots=True)
class ImportJob:
    id: UUID
    user: UUID
    filename: str
    content: bytes
    started: float = field(default_factory=time.monotonic)
    state: JobState = JobState.CHECKING
    done: int = 0
    total: int = 0
    report: ImportReport | None = None
    task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self.state in (JobState.CHECKING, JobState.IMPORTING)

    @property
    def may_import(self) -> bool:
        return (
            self.state is JobState.CHECKED
            and self.report is not None
            and self.report.clean
            and self.report.created.leases > 0
        )

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


class ImportJobs:
    """The jobs of this process, by id; each visible to the user who started it."""

    def __init__(self) -> None:
        self._jobs: dict[UUID, ImportJob] = {}

    def _prune(self) -> None:
        now = time.monotonic()
        for job in list(self._jobs.values()):
            if not job.running and now - job.started > LIFETIME_SECONDS:
                del self._jobs[job.id]
        finished = [j for j in self._jobs.values() if not j.running]
        for job in sorted(finished, key=lambda j: j.started)[: max(len(self._jobs) - KEEP, 0)]:
            del self._jobs[job.id]

    def get(self, job_id: UUID, user: UUID) -> ImportJob | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.user == user else None

    def of_user(self, user: UUID) -> list[ImportJob]:
        return sorted(
            (j for j in self._jobs.values() if j.user == user),
            key=lambda j: j.started,
            reverse=True,
        )

    def check(self, user: UUID, filename: str, content: bytes, today: date) -> ImportJob:
        """Start the dry run of an upload."""
        self._prune()
        job = ImportJob(uuid4(), user, filename, content)
        self._jobs[job.id] = job
        job.task = asyncio.create_task(self._run(job, dry_run=True, today=today, actor=""))
        return job

    def start_import(self, job: ImportJob, today: date, actor: str) -> None:
        """Import a checked, clean upload (the records are checked again as they are made)."""
        job.state, job.done, job.total = JobState.IMPORTING, 0, 0
        job.started = time.monotonic()
        job.task = asyncio.create_task(self._run(job, dry_run=False, today=today, actor=actor))

    async def _run(self, job: ImportJob, *, dry_run: bool, today: date, actor: str) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            report = await service.import_rent_roll(
                job.content,
                job.filename,
                dry_run=dry_run,
                today=today,
                actor=actor or "system",
                progress=progress,
            )
        except Exception:
            log.exception("rent roll job %s failed", job.id)
            job.state = JobState.FAILED
            return
        job.report = report
        if dry_run:
            job.state = JobState.CHECKED
        else:
            job.state = JobState.IMPORTED if report.imported else JobState.REFUSED
            if report.imported:
                job.content = b""  # done with: never import it twice


JOBS = ImportJobs()
"""This process's import jobs."""
