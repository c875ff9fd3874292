"""JSON API of portfolio analytics: churn, the lease expiry schedule, occupancy over time."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.params import FromQuery, QueryParameter

from tenantcrm.analytics import service
from tenantcrm.analytics.absorption import Grain
from tenantcrm.analytics.schemas import ChurnOut, ExpiriesOut, OccupancyHistoryOut
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import AppSettings, query_day
from tenantcrm.core.schemas import FIRST_DAY, LAST_DAY

Building = Annotated[
    UUID | None,
    QueryParameter(description="One building (404 if unknown); leave out for the portfolio"),
]
Currency = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^[A-Z]{3}$",
        description="Portfolio only: the currency whose leases to count (needed when mixed)",
    ),
]
From = Annotated[
    str | None,
    QueryParameter(
        name="from",
        description="First day of the period (default: 1 January of this year)",
        schema_extra={"format": "date"},
    ),
]
To = Annotated[
    str | None,
    QueryParameter(
        name="to",
        description="Last day of the period, inclusive (default: today)",
        schema_extra={"format": "date"},
    ),
]


def _period(first: str | None, last: str | None, today: date) -> tuple[date, date]:
    """The period asked for; ``from`` and ``to`` are Python keywords, so read as text here."""
    start = query_day(first, "from") or date(today.year, 1, 1)
    end = query_day(last, "to") or today
    errors = [
        FieldError(name, f"must be between {FIRST_DAY} and {LAST_DAY}")
        for name, day in (("from", start), ("to", end))
        if not FIRST_DAY <= day <= LAST_DAY
    ]
    if not errors and end < start:
        errors.append(FieldError("to", "must not be before from"))
    if errors:
        raise InvalidInputError(errors)
    return start, end


class AnalyticsController(Controller):
    path = "/api/analytics"
    tags = ["analytics"]

    @get("/churn", operation_id="getChurn")
    async def churn(
        self,
        settings: AppSettings,
        first: From = None,
        last: To = None,
        building: Building = None,
        currency: Currency = None,
    ) -> ChurnOut:
        """Hard and soft churn of a period by count, area and rent, renewal rate, soft reasons."""
        start, end = _period(first, last, settings.clock_today())
        return await service.churn(start, end, building, currency)

    @get("/expiries", operation_id="getLeaseExpirySchedule")
    async def expiries(
        self,
        settings: AppSettings,
        building: Building = None,
        from_year: Annotated[
            int | None,
            QueryParameter(ge=1900, le=2190, description="First year shown (default: this year)"),
        ] = None,
        currency: Currency = None,
    ) -> ExpiriesOut:
        """Active leases by expiry year for ten years: count, area, annual rent and shares."""
        return await service.expiries(settings.clock_today(), building, from_year, currency)

    @get("/occupancy", operation_id="getOccupancyHistory")
    async def occupancy(
        self,
        settings: AppSettings,
        first: From = None,
        last: To = None,
        building: Building = None,
        grain: FromQuery[Grain] = Grain.QUARTER,
    ) -> OccupancyHistoryOut:
        """Occupancy at the close of each month, quarter or year, and its net absorption."""
        start, end = _period(first, last, settings.clock_today())
        return await service.occupancy_history(start, end, grain, building)
