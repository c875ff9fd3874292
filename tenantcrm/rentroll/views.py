"""Web pages of rent roll imports: upload, the dry run's report, the import, with progress.

For managers and admins only: the access policy refuses owners every page under /imports.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenantcrm.auth.identity import Identity
from tenantcrm.core.errors import InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.rentroll.columns import COLUMNS
from tenantcrm.rentroll.jobs import JOBS, ImportJob
from tenantcrm.rentroll.uploads import TemplateFormat, actor_of, read_upload, template_response

SHOWN_PROBLEMS = 1_000


def _user(request: Request[Any, Any, Any]) -> UUID:
    user = request.scope.get("user")
    assert isinstance(user, Identity)  # the access guard lets no anonymous request here
    return user.id


def _job(request: Request[Any, Any, Any], job_id: UUID) -> ImportJob:
    job = JOBS.get(job_id, _user(request))
    if job is None:
        raise NotFoundException("no such import: it may have expired (they are kept an hour)")
    return job


def _context(job: ImportJob) -> dict[str, Any]:
    return {"job": job, "report": job.report, "shown": SHOWN_PROBLEMS}


class ImportViews(Controller):
    path = "/imports"
    include_in_schema = False

    @get("/")
    async def imports_page(self, request: Request[Any, Any, Any]) -> Template:
        """Upload a rent roll; the template and the layout; this user's recent imports."""
        context = {"jobs": JOBS.of_user(_user(request)), "columns": COLUMNS, "error": ""}
        return Template("rentroll/page.html", context=context)

    @post("/", status_code=303)
    async def upload(
        self, request: Request[Any, Any, Any], settings: AppSettings
    ) -> Redirect | Template:
        """Keep the upload and start its dry run; show its page."""
        form = await request.form()
        upload = form.get("file")
        try:
            content, filename = await read_upload(
                upload if isinstance(upload, UploadFile) else None
            )
        except InvalidInputError as error:
            context = {
                "jobs": JOBS.of_user(_user(request)),
                "columns": COLUMNS,
                "error": error.errors[0].message,
            }
            return Template("rentroll/page.html", context=context, status_code=422)
        job = JOBS.check(_user(request), filename, content, settings.clock_today())
        return Redirect(f"/imports/{job.id}", status_code=303)

    @get("/template.xlsx")
    async def template_xlsx(self) -> Response[bytes]:
        """The rent roll template as an Excel workbook."""
        return template_response(TemplateFormat.XLSX)

    @get("/template.csv")
    async def template_csv(self) -> Response[bytes]:
        """The rent roll template as CSV."""
        return template_response(TemplateFormat.CSV)

    @get("/{job_id:uuid}")
    async def job_page(self, request: Request[Any, Any, Any], job_id: FromPath[UUID]) -> Template:
        """An upload's check or import: its progress while it runs, then its report."""
        return Template("rentroll/job.html", context=_context(_job(request, job_id)))

    @get("/{job_id:uuid}/status")
    async def job_status(self, request: Request[Any, Any, Any], job_id: FromPath[UUID]) -> Template:
        """The progress or report part of the page (polled while the job runs)."""
        return Template("rentroll/_status.html", context=_context(_job(request, job_id)))

    @post("/{job_id:uuid}/import", status_code=303)
    async def run_import(
        self, request: Request[Any, Any, Any], settings: AppSettings, job_id: FromPath[UUID]
    ) -> Redirect:
        """Import a checked upload with no problem, in the background."""
        job = _job(request, job_id)
        if job.may_import:
            JOBS.start_import(job, settings.clock_today(), actor_of(request))
        return Redirect(f"/imports/{job.id}", status_code=303)
