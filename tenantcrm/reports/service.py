"""The owner report of a building over a period: figures from the same services as the API,
rendered to PDF by WeasyPrint in a worker thread with a time limit.

The event loop only gathers figures (database work); the HTML-to-PDF step, WeasyPrint's slow
part, runs in a thread, so the app keeps answering while a report renders.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tenantcrm.analytics import service as analytics
from tenantcrm.analytics.absorption import Grain
from tenantcrm.analytics.schemas import ChurnOut, ExpiriesOut, OccupancyHistoryOut
from tenantcrm.benefits import service as benefits
from tenantcrm.benefits.schemas import BenefitSummaryOut, GrantOut
from tenantcrm.buildings import service as buildings
from tenantcrm.buildings.schemas import BuildingOut, OccupancyOut
from tenantcrm.care import service as care
from tenantcrm.care.schemas import CoverageFigures
from tenantcrm.complaints import service as complaints
from tenantcrm.core.errors import DomainError
from tenantcrm.health import service as health
from tenantcrm.health.schemas import AtRiskPageOut
from tenantcrm.leases import service as leases
from tenantcrm.leases.service import LeaseFact
from tenantcrm.referrals import service as referrals
from tenantcrm.referrals.schemas import ReferralFiguresOut
from tenantcrm.reports import charts
from tenantcrm.reports.period import Period
from tenantcrm.satisfaction import service as satisfaction
from tenantcrm.satisfaction.enums import Period as SurveyPeriod
from tenantcrm.satisfaction.schemas import TrendOut

AT_RISK_SHOWN = 15
GRANTS_SHOWN = 200
BENEFITS_EXPIRING_DAYS = 90


class ReportTimeoutError(DomainError):
    """The PDF took longer than its time limit (the figures were fine)."""

    title = "Report timed out"
    status = 503


@dataclass(frozen=True)
class OwnerReport:
    building: BuildingOut
    period: Period
    today: date
    occupancy: OccupancyOut
    history: OccupancyHistoryOut
    churn: ChurnOut
    expiries: ExpiriesOut
    care: CoverageFigures
    complaints: complaints.ComplaintSummary
    satisfaction: TrendOut
    at_risk: AtRiskPageOut
    benefits: BenefitSummaryOut
    grants: list[GrantOut]
    referrals: ReferralFiguresOut
    rent_roll: list[LeaseFact]

    @property
    def absorbed(self) -> dict[str, Decimal]:
        """Move-ins, expansions, move-outs and contractions (m²) within the period."""
        inside = [p for p in self.history.periods if p.start >= self.period.start]
        totals = {
            name: sum((Decimal(getattr(p, name)) for p in inside), Decimal(0))
            for name in ("move_ins", "expansions", "move_outs", "contractions")
        }
        totals["net"] = (
            totals["move_ins"] + totals["expansions"] - totals["move_outs"] - totals["contractions"]
        )
        return totals

    @property
    def rent_roll_area(self) -> Decimal:
        return sum((fact.area for fact in self.rent_roll), Decimal(0))

    @property
    def rent_roll_rent(self) -> Decimal:
        return sum((fact.monthly_rent for fact in self.rent_roll), Decimal(0))


async def owner_report(building_id: UUID, period: Period, today: date) -> OwnerReport:
    """Every figure of the report, read as the API reads it."""
    building = await buildings.get_building(building_id)
    end = min(period.end, today)
    history_start = (period.end - relativedelta(months=11)).replace(day=1)
    in_force = await leases.leases_in_force(end, building_id)
    coverage = await care.coverage(end, building_id)
    return OwnerReport(
        building=building,
        period=period,
        today=today,
        occupancy=await leases.building_occupancy(building_id, end),
        history=await analytics.occupancy_history(history_start, end, Grain.MONTH, building_id),
        churn=await analytics.churn(period.start, end, building_id),
        expiries=await analytics.expiries(end, building_id),
        care=coverage.total,
        complaints=await complaints.period_summary(building_id, period.start, end, today),
        satisfaction=await satisfaction.trend(None, building_id, SurveyPeriod.QUARTER),
        at_risk=await health.at_risk(end, building_id, None, AT_RISK_SHOWN, 0),
        benefits=await benefits.summary(end, BENEFITS_EXPIRING_DAYS, building_id),
        grants=sorted(
            (
                await benefits.list_grants(
                    end, GRANTS_SHOWN, 0, building=building_id, in_force=True
                )
            ).items,
            key=lambda g: (g.tenant_name.lower(), g.kind_label, str(g.id)),
        ),
        referrals=await referrals.figures(building_id, period.start, end),
        rent_roll=sorted(in_force, key=lambda fact: (fact.tenant_name.lower(), str(fact.id))),
    )


@lru_cache(maxsize=4)
def _environment(templates: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(templates), autoescape=select_autoescape(["html"])
    )
    environment.filters["money"] = lambda value: f"{Decimal(value):,.2f}"
    environment.filters["area"] = lambda value: f"{Decimal(value):,.2f}"
    environment.filters["percent"] = lambda value: (
        "\u2013" if value is None else f"{Decimal(value) * 100:.1f} %"
    )
    return environment


def report_html(report: OwnerReport, templates: Path) -> str:
    history = report.history.periods
    context: dict[str, Any] = {
        "r": report,
        "occupancy_svg": charts.occupancy_chart(
            [p.start.strftime("%b %y") for p in history], [p.occupancy_rate for p in history]
        ),
        "expiry_svg": charts.expiry_chart(
            [y.year for y in report.expiries.years],
            [y.area_share for y in report.expiries.years],
            [y.rent_share for y in report.expiries.years],
        ),
        "churn_svg": charts.churn_chart(
            report.churn.hard.area, report.churn.soft.area, report.churn.base.area
        ),
    }
    return _environment(templates).get_template("reports/owner.html").render(context)


def _pdf(html: str, base_url: Path) -> bytes:
    from weasyprint import HTML  # imported where used: it loads fonts and native libraries

    pdf: bytes = HTML(string=html, base_url=str(base_url)).write_pdf()
    return pdf


async def render_owner_pdf(report: OwnerReport, templates: Path, time_limit: float) -> bytes:
    """The report as PDF, rendered in a worker thread; ``ReportTimeoutError`` past the limit.

    A thread cannot be stopped: past the limit the caller gets its answer at once and the
    thread finishes its page layout and is discarded.
    """
    html = report_html(report, templates)
    try:
        return await asyncio.wait_for(asyncio.to_thread(_pdf, html, templates), time_limit)
    except TimeoutError as error:
        raise ReportTimeoutError(
            f"the report took longer than {time_limit:g} s to render; try a shorter period"
        ) from error
