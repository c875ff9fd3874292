"""Web page of reports: pick a building and a period, download the owner report as a PDF.

An owner picks among its own buildings only; asking for another building is refused (403)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromQuery
from litestar.response import Template

from tenantcrm.core.http import AppSettings
from tenantcrm.reports import service
from tenantcrm.reports.period import parse_period, previous_month
from tenantcrm.scope import Scope, building_scope, identity

PDF = "application/pdf"
YEARS = 3


def period_choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Months of the last year, quarters of the last two, the last three years: latest first."""
    months, quarters = [], []
    year, month = today.year, today.month
    for _ in range(13):
        months.append((f"{year}-{month:02d}", parse_period(f"{year}-{month:02d}").label))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for y in range(today.year, today.year - 2, -1):
        for q in range(4, 0, -1):
            if date(y, 3 * q - 2, 1) <= today:
                quarters.append((f"{y}-Q{q}", f"Q{q} {y}"))
    years = [(str(y), str(y)) for y in range(today.year, today.year - YEARS, -1)]
    return [("Month", months), ("Quarter", quarters), ("Year", years)]


def _page(scope: Scope, today: date, form: dict[str, str], errors: dict[str, str]) -> Template:
    context = {
        "scope": scope,
        "periods": period_choices(today),
        "form": form,
        "errors": errors,
        "buildings": [(str(b), name) for b, name in scope.choices],
        "today": today,
    }
    return Template("reports/page.html", context=context, status_code=422 if errors else 200)


class ReportViews(Controller):
    path = "/reports"
    include_in_schema = False

    @get("/")
    async def report_page(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        building: FromQuery[str | None] = None,
    ) -> Template:
        """Choose a building and a period for the owner report."""
        today = settings.clock_today()
        scope = await building_scope(request, building)
        chosen = scope.building or (scope.choices[0][0] if scope.choices else None)
        last_month = previous_month(today).start.strftime("%Y-%m")
        form = {"building": str(chosen or ""), "period": last_month}
        return _page(scope, today, form, {})

    @get("/owner")
    async def owner_pdf(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        building: FromQuery[str | None] = None,
        period: FromQuery[str | None] = None,
    ) -> Response[bytes] | Template:
        """The owner report of the building for the period, as a PDF to download."""
        today = settings.clock_today()
        scope = await building_scope(request, None)
        form = {"building": building or "", "period": period or ""}
        errors: dict[str, str] = {}
        try:
            building_id: UUID | None = UUID(building or "")
        except ValueError:
            building_id = None
            errors["building"] = "choose a building"
        try:
            chosen = parse_period(period or "")
        except ValueError as error:
            errors["period"] = str(error)
        if errors:
            return _page(scope, today, form, errors)
        assert building_id is not None
        user = identity(request)
        if user is not None and not user.sees_building(building_id):
            raise PermissionDeniedException("an owner reads the reports of its own buildings")
        report = await service.owner_report(building_id, chosen, today)
        pdf = await service.render_owner_pdf(
            report, settings.templates_dir, settings.report_time_limit
        )
        name = f"{report.building.name} {chosen.label}.pdf".replace('"', "")
        return Response(
            pdf,
            media_type=PDF,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
        )
