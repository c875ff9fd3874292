"""Use cases of tenant health: one tenant's score with its reasons, and the early-warning list.

Signals come from each domain through its service (care, complaints, satisfaction, space
requests, renewals); ``scoring.assess`` decides. Portfolio-wide, every source is read once for
all tenants, never tenant by tenant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta

from tenantcrm.care import service as care
from tenantcrm.complaints import service as complaints
from tenantcrm.core.errors import NotFoundError
from tenantcrm.health.schemas import AtRiskPageOut, HealthReasonOut, TenantHealthOut
from tenantcrm.health.scoring import Health, RenewalIntent, Signals, assess
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.renewals import service as renewals
from tenantcrm.satisfaction import service as satisfaction
from tenantcrm.spacerequests import service as spacerequests


@dataclass(frozen=True, slots=True)
class _Standing:
    """What care knows of a tenant owed care: who, how long, how late, what it pays."""

    tenant: UUID
    name: str
    manager: UUID | None
    since: date
    next_expiry: date | None
    overdue_days: int
    annual_rent: Decimal
    currency: str | None


def _months(first: date, last: date) -> int:
    delta = relativedelta(last, first)
    return max(0, delta.years * 12 + delta.months)


async def _assess(standings: list[_Standing], on: date) -> list[tuple[_Standing, Health]]:
    ids = [s.tenant for s in standings]
    complained = await complaints.complaint_signals(ids, on)
    surveyed = await satisfaction.latest_satisfaction(ids)
    shrinking = await spacerequests.tenants_giving_space_back(ids)
    talking = await renewals.tenants_in_renewal_talks(ids)
    found = []
    for s in standings:
        c = complained.get(s.tenant, complaints.ComplaintSignals())
        survey = surveyed.get(s.tenant)
        previous = None if survey is None else survey.previous_overall
        signals = Signals(
            tenure_months=_months(s.since, on),
            care_overdue_days=s.overdue_days,
            open_complaints=c.open,
            complaints_past_sla=c.overdue,
            complaints_last_year=c.last_year,
            last_complaint_closed_on=c.last_closed_on,
            last_complaint_satisfied=c.last_satisfied,
            satisfaction=None if survey is None else Decimal(survey.overall),
            previous_satisfaction=None if previous is None else Decimal(previous),
            renewal_intent=None if survey is None else RenewalIntent(survey.renewal_intent),
            contraction_requested=s.tenant in shrinking,
            months_to_expiry=None if s.next_expiry is None else _months(on, s.next_expiry),
            renewal_in_talks=s.tenant in talking,
        )
        found.append((s, assess(signals, on)))
    return found


def _out(standing: _Standing, health: Health) -> TenantHealthOut:
    return TenantHealthOut(
        tenant=standing.tenant,
        tenant_name=standing.name,
        manager=standing.manager,
        score=health.score,
        band=health.band,
        stage=health.stage,
        at_risk=health.at_risk,
        reasons=[
            HealthReasonOut(sign=r.sign, points=r.points, message=r.message) for r in health.reasons
        ],
        next_expiry=standing.next_expiry,
        annual_rent=standing.annual_rent,
        currency=standing.currency,
    )


def _largest(rent_by_currency: dict[str, Decimal]) -> tuple[Decimal, str | None]:
    if not rent_by_currency:
        return Decimal("0.00"), None
    currency = max(rent_by_currency, key=lambda c: (rent_by_currency[c], c))
    return rent_by_currency[currency], currency


def _overdue_days(on: date, items: list[tuple[bool, date]]) -> int:
    return max(((on - due).days for overdue, due in items if overdue), default=0)


async def tenant_health(tenant_id: UUID, on: date) -> TenantHealthOut:
    """One tenant's health on ``on`` (404 for a tenant owed no care: no lease in force)."""
    plan = await care.tenant_plan(tenant_id, on)
    in_force = [
        lease
        for lease in await leases.leases_of_tenant(tenant_id, on)
        if lease.status is not LeaseStatus.DRAFT and lease.start_date <= on <= lease.end_date
    ]
    if not plan.owed or not in_force:
        raise NotFoundError("tenant with a lease in force", tenant_id)
    by_currency: dict[str, Decimal] = defaultdict(Decimal)
    for lease in in_force:
        by_currency[lease.currency] += 12 * (lease.current_rent or Decimal(0))
    rent, currency = _largest(by_currency)
    standing = _Standing(
        tenant=tenant_id,
        name=plan.tenant_name,
        manager=plan.manager,
        since=min(lease.start_date for lease in in_force),
        next_expiry=plan.next_expiry,
        overdue_days=_overdue_days(on, [(i.overdue, i.next_due) for i in plan.items]),
        annual_rent=rent,
        currency=currency,
    )
    [(assessed, health)] = await _assess([standing], on)
    return _out(assessed, health)


async def at_risk(
    on: date, building: UUID | None, manager: UUID | None, limit: int, offset: int
) -> AtRiskPageOut:
    """Tenants scoring under 60, the most annual rent first (then the lowest score, name)."""
    cares = await care.portfolio_care(on, building, manager)
    standings = []
    for c in cares:
        rent, currency = _largest(dict(c.holding.rent_by_currency))
        standings.append(
            _Standing(
                tenant=c.tenant.id,
                name=c.tenant.name,
                manager=c.tenant.manager,
                since=c.holding.since,
                next_expiry=c.holding.next_expiry,
                overdue_days=_overdue_days(on, [(i.overdue, i.next_due) for i in c.items]),
                annual_rent=rent,
                currency=currency,
            )
        )
    risky = [(s, h) for s, h in await _assess(standings, on) if h.at_risk]
    risky.sort(key=lambda pair: (-pair[0].annual_rent, pair[1].score, pair[0].name.lower()))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for s, _ in risky:
        if s.currency is not None:
            totals[s.currency] += s.annual_rent
    return AtRiskPageOut(
        on=on,
        items=[_out(s, h) for s, h in risky[offset : offset + limit]],
        total=len(risky),
        limit=limit,
        offset=offset,
        rent_at_risk=dict(sorted(totals.items())),
    )
