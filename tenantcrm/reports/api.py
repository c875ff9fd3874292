"""JSON API of reports: the owner report of a building as a PDF."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromQuery

from tenantcrm.auth.identity import Identity
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.reports import service
from tenantcrm.reports.period import parse_period

PDF = "application/pdf"


class ReportController(Controller):
    path = "/api/reports"
    tags = ["reports"]

    @get("/owner", operation_id="getOwnerReport", media_type=PDF)
    async def owner_report(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        building: FromQuery[UUID],
        period: FromQuery[str],
    ) -> Response[bytes]:
        """The owner report of a building for a period (2026, 2026-Q1 or 2026-03), as a PDF."""
        identity = request.user
        if isinstance(identity, Identity) and not identity.sees_building(building):
            raise PermissionDeniedException("an owner reads the reports of its own buildings")
        try:
            chosen = parse_period(period)
        except ValueError as error:
            raise InvalidInputError([FieldError("period", str(error))]) from error
        report = await service.owner_report(building, chosen, settings.clock_today())
        pdf = await service.render_owner_pdf(
            report, settings.templates_dir, settings.report_time_limit
        )
        name = f"{report.building.name} {chosen.label}.pdf".replace('"', "")
        return Response(
            pdf,
            media_type=PDF,
            headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"},
        )
