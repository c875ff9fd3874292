"""Care cadence: which kinds of contact a tenant is owed, how often, and when each falls due.

The plan of a tenant (``care_plan``) is built in four steps, each documented number a default of
``CadencePolicy``:

1. Tier. The tenant's tier sets the base intervals, in months:

   ============  =====  ====  ===============  ================
   tier          visit  call  business review  feedback request
   ============  =====  ====  ===============  ================
   standard             3                      12
   key           6      2                      12
   strategic     3      1     6                12
   ============  =====  ====  ===============  ================

   Value raises the tier one step: a tenant whose annual rent (all leases, in the lease
   currency) is at least ``high_value_rent`` (5,000,000) is cared for as the next tier up
   (standard -> key -> strategic).
2. Anchor. An anchor tenant is owed an executive visit every month and a business review every
   quarter (3 months): where that is more often than its tier's, the anchor interval applies.
3. Step-up. Within ``step_up_months`` (18) of the tenant's nearest expiry (months to expiry at
   most 18, 0 included), every interval is halved, rounded down, at least 1 month, and a visit at
   least every ``step_up_visit_months`` (3) is added: the renewal is decided in those months.
4. Overrides. A manager may set a kind's interval for one tenant, or disable it; an override is
   final (no step-up applies to it) and may add a kind the tier does not require.

Due dates: a kind falls due ``interval`` calendar months after its last contact (relativedelta:
Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year); never contacted, ``interval`` months after
``since`` (the day care began, usually the lease start). A logged contact resets only its own
kind's clock. A kind is overdue on ``today`` when its due day is before ``today``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from dateutil.relativedelta import relativedelta

from tenantcrm.care.enums import ContactKind, PlanSource
from tenantcrm.tenants.enums import Tier

__all__ = [
    "DEFAULT_POLICY",
    "CadencePolicy",
    "Override",
    "PlanItem",
    "care_plan",
    "due_after",
    "effective_tier",
    "months_between",
]

_K = ContactKind

TIER_INTERVALS: Mapping[Tier, Mapping[ContactKind, int]] = MappingProxyType(
    {
        Tier.STANDARD: MappingProxyType({_K.CALL: 3, _K.FEEDBACK_REQUEST: 12}),
        Tier.KEY: MappingProxyType({_K.VISIT: 6, _K.CALL: 2, _K.FEEDBACK_REQUEST: 12}),
        Tier.STRATEGIC: MappingProxyType(
            {_K.VISIT: 3, _K.CALL: 1, _K.BUSINESS_REVIEW: 6, _K.FEEDBACK_REQUEST: 12}
        ),
    }
)
"""Base intervals (months) by tier."""

ANCHOR_INTERVALS: Mapping[ContactKind, int] = MappingProxyType({_K.VISIT: 1, _K.BUSINESS_REVIEW: 3})
"""An anchor's executive visit monthly and business review quarterly."""

_NEXT_TIER = {Tier.STANDARD: Tier.KEY, Tier.KEY: Tier.STRATEGIC, Tier.STRATEGIC: Tier.STRATEGIC}


@dataclass(frozen=True, slots=True)
class CadencePolicy:
    """The numbers of the cadence; the defaults are the ones documented above."""

    high_value_rent: Decimal = Decimal(5_000_000)
    step_up_months: int = 18
    step_up_visit_months: int = 3
    tier_intervals: Mapping[Tier, Mapping[ContactKind, int]] = field(
        default_factory=lambda: TIER_INTERVALS
    )
    anchor_intervals: Mapping[ContactKind, int] = field(default_factory=lambda: ANCHOR_INTERVALS)


DEFAULT_POLICY = CadencePolicy()


@dataclass(frozen=True, slots=True)
class Override:
    """A manager's choice for one kind of one tenant: an interval, or None to disable it."""

    kind: ContactKind
    interval_months: int | None


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One required kind of contact: how often, why, when it was last made and when it is due."""

    kind: ContactKind
    interval_months: int
    source: PlanSource
    last_contact: date | None
    next_due: date
    overdue: bool


def effective_tier(
    tier: Tier, annual_rent: Decimal, policy: CadencePolicy = DEFAULT_POLICY
) -> Tier:
    """The tier a tenant is cared for as: one step up when its rent is high."""
    tier = Tier(tier)
    return _NEXT_TIER[tier] if annual_rent >= policy.high_value_rent else tier


def months_between(first: date, last: date) -> int:
    """Whole calendar months from ``first`` to ``last`` (negative when ``last`` is earlier)."""
    delta = relativedelta(last, first)
    return delta.years * 12 + delta.months


def due_after(day: date, interval_months: int) -> date:
    """``interval_months`` calendar months after ``day``, clamped to the month's end."""
    if interval_months < 1:
        raise ValueError("interval_months must be at least 1")
    return day + relativedelta(months=interval_months)


def intervals(
    tier: Tier,
    is_anchor: bool,
    annual_rent: Decimal,
    months_to_expiry: int | None,
    overrides: Mapping[ContactKind, int | None] | None = None,
    policy: CadencePolicy = DEFAULT_POLICY,
) -> dict[ContactKind, tuple[int, PlanSource]]:
    """Each required kind with its interval (months) and where the interval comes from."""
    chosen: dict[ContactKind, tuple[int, PlanSource]] = {
        kind: (months, PlanSource.TIER)
        for kind, months in policy.tier_intervals[effective_tier(tier, annual_rent, policy)].items()
    }
    if is_anchor:
        for kind, months in policy.anchor_intervals.items():
            if kind not in chosen or months < chosen[kind][0]:
                chosen[kind] = (months, PlanSource.ANCHOR)
    if months_to_expiry is not None and months_to_expiry <= policy.step_up_months:
        stepped = {
            kind: (max(1, months // 2), PlanSource.STEP_UP) for kind, (months, _) in chosen.items()
        }
        for kind, (months, _) in chosen.items():
            if stepped[kind][0] == months:  # nothing shorter: keep the original reason
                stepped[kind] = chosen[kind]
        visit = stepped.get(_K.VISIT)
        if visit is None or visit[0] > policy.step_up_visit_months:
            stepped[_K.VISIT] = (policy.step_up_visit_months, PlanSource.STEP_UP)
        chosen = stepped
    for kind, chosen_months in (overrides or {}).items():
        if chosen_months is None:
            chosen.pop(ContactKind(kind), None)
        else:
            if chosen_months < 1:
                raise ValueError("an override's interval must be at least 1 month")
            chosen[ContactKind(kind)] = (chosen_months, PlanSource.OVERRIDE)
    return chosen


def care_plan(
    *,
    tier: Tier,
    is_anchor: bool,
    annual_rent: Decimal,
    months_to_expiry: int | None,
    since: date,
    today: date,
    last_contacts: Mapping[ContactKind, date] | None = None,
    overrides: Mapping[ContactKind, int | None] | None = None,
    policy: CadencePolicy = DEFAULT_POLICY,
) -> list[PlanItem]:
    """The required kinds, in ``ContactKind`` order, each with its interval and next due day.

    ``months_to_expiry``: whole months from today to the nearest expiry, None when no expiry
    is pending (no step-up). ``since``: the day care began, counted from when a kind was never
    contacted. ``last_contacts``: the latest contact of each kind.
    """
    last_contacts = last_contacts or {}
    required = intervals(tier, is_anchor, annual_rent, months_to_expiry, overrides, policy)
    items = []
    for kind in ContactKind:
        if kind not in required:
            continue
        months, source = required[kind]
        last = last_contacts.get(kind)
        due = due_after(last if last is not None else since, months)
        items.append(PlanItem(kind, months, source, last, due, due < today))
    return items
