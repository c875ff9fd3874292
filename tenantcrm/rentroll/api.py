"""JSON API of rent roll imports: check or import an uploaded file, get the template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery

from tenantcrm.core.http import AppSettings
from tenantcrm.core.problems import problem
from tenantcrm.rentroll import service
from tenantcrm.rentroll.schemas import ImportReportOut, report_out
from tenantcrm.rentroll.template import CSV_TYPE, XLSX_TYPE
from tenantcrm.rentroll.uploads import TemplateFormat, actor_of, read_upload, template_response


@dataclass
class RentRollUpload:
    """The multipart form: the rent roll file in the field ``file``."""

    file: UploadFile | None = None


class ImportController(Controller):
    path = "/api/imports"
    tags = ["imports"]

    @post("/rent-roll", operation_id="importRentRoll", status_code=201)
    async def import_rent_roll(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        data: Annotated[RentRollUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        dry_run: FromQuery[bool] = False,
    ) -> Response[Any]:
        """Check (dry_run=true) or import a rent roll (.xlsx or CSV, multipart field 'file').

        A dry run answers 200 with every problem by line and column and what would be
        created; an import answers 201 with what was created, or 422 listing the problems
        and creates nothing at all.
        """
        content, filename = await read_upload(data.file)
        report = await service.import_rent_roll(
            content,
            filename,
            dry_run=dry_run,
            today=settings.clock_today(),
            actor=actor_of(request),
        )
        body = report_out(report)
        if dry_run:
            return Response(body, status_code=200)
        if not report.imported:
            count = len(report.problems)
            return problem(
                422,
                "Rent roll refused",
                f"{count} problem{'s' if count != 1 else ''} in the file: nothing was imported",
                request,
                **body.model_dump(mode="json"),
            )
        return Response(body, status_code=201)

    @get("/rent-roll/template.xlsx", operation_id="getRentRollTemplateXlsx", media_type=XLSX_TYPE)
    async def template_xlsx(self) -> Response[bytes]:
        """The rent roll template as .xlsx, with a sheet describing each column."""
        return template_response(TemplateFormat.XLSX)

    @get("/rent-roll/template.csv", operation_id="getRentRollTemplateCsv", media_type=CSV_TYPE)
    async def template_csv(self) -> Response[bytes]:
        """The rent roll template as CSV (UTF-8 with a BOM, as Excel writes it)."""
        return template_response(TemplateFormat.CSV)


__all__ = ["ImportController", "ImportReportOut"]
