"""Rules of the benefits ledger: what a grant must say, when grants collide, what they cost.

Pure: no I/O, no framework types, no clock (``today`` is a parameter).

Grants
    A grant runs from ``start`` to ``end`` inclusive. A rent concession names a lease and a
    monthly amount off the rent; a parking space, storage room or signage space may name the
    concrete resource it gives (then its quantity is 1, and the resource must be of the matching
    kind); a custom benefit needs a title. The annual cost to the owner is given, except for a
    rent concession where it defaults to 12 x the monthly amount.
Collisions
    A limited resource is held by one tenant at a time: two grants of one resource collide when
    their periods share a day (``a.start <= b.end and b.start <= a.end``).
Figures
    A grant is in force on ``day`` when ``start <= day <= end``. It expires soon when its end
    falls in ``[today, today + window days]``. Cost as a share of anchor rent is
    ``100 * annual cost / annual anchor rent`` rounded half up to 2 places (None with no rent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tenantcrm.benefits.enums import BenefitKind, ResourceKind

KIND_RESOURCE: dict[BenefitKind, ResourceKind] = {
    BenefitKind.PARKING_SPACE: ResourceKind.PARKING_BAY,
    BenefitKind.STORAGE_ROOM: ResourceKind.STORAGE_ROOM,
    BenefitKind.SIGNAGE_SPACE: ResourceKind.SIGNAGE_SLOT,
}
"""Kinds of benefit that may name a concrete resource, and the kind of resource they name."""

KIND_LABELS: dict[BenefitKind, str] = {
    BenefitKind.RENT_CONCESSION: "Rent concession (monthly amount off the rent)",
    BenefitKind.PARKING_SPACE: "Parking spaces",
    BenefitKind.STORAGE_ROOM: "Storage rooms",
    BenefitKind.SIGNAGE_SPACE: "Advertising and signage spaces",
    BenefitKind.BUTLER_SERVICE: "Butler-style service",
    BenefitKind.AUTHORITY_LIAISON: "Liaison with local authorities",
    BenefitKind.CUSTOM: "Custom benefit (titled)",
}

_PERCENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad field of a grant, named as in the API."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class GrantTerms:
    """What a grant says, as the rules check it."""

    kind: BenefitKind
    start: date
    end: date
    quantity: int = 1
    title: str = ""
    has_lease: bool = False
    resource_kind: ResourceKind | None = None  # the named resource's kind, if one is named
    monthly_amount: Decimal | None = None
    annual_cost: Decimal | None = None


def grant_problems(terms: GrantTerms) -> list[Problem]:
    """Every problem with a grant's terms; empty when they are acceptable."""
    problems: list[Problem] = []
    if terms.end < terms.start:
        problems.append(Problem("end_date", "must not be before start_date"))
    if terms.quantity < 1:
        problems.append(Problem("quantity", "must be at least 1"))
    if terms.resource_kind is not None:
        wanted = KIND_RESOURCE.get(terms.kind)
        if wanted is None:
            problems.append(Problem("resource", f"a {terms.kind} benefit names no resource"))
        elif terms.resource_kind != wanted:
            problems.append(
                Problem(
                    "resource",
                    f"a {terms.kind} benefit needs a {wanted}, not a {terms.resource_kind}",
                )
            )
        if terms.quantity != 1:
            problems.append(Problem("quantity", "must be 1 when a resource is named"))
    if terms.kind is BenefitKind.RENT_CONCESSION:
        if not terms.has_lease:
            problems.append(Problem("lease", "is required for a rent concession"))
        if terms.monthly_amount is None:
            problems.append(Problem("monthly_amount", "is required for a rent concession"))
        elif terms.monthly_amount <= 0:
            problems.append(Problem("monthly_amount", "must be greater than 0"))
    elif terms.monthly_amount is not None:
        problems.append(Problem("monthly_amount", "only a rent concession has one"))
    if terms.kind is BenefitKind.CUSTOM and not terms.title.strip():
        problems.append(Problem("title", "is required for a custom benefit"))
    if terms.annual_cost is None and terms.kind is not BenefitKind.RENT_CONCESSION:
        problems.append(Problem("annual_cost", "is required (the cost to the owner per year)"))
    if terms.annual_cost is not None and terms.annual_cost < 0:
        problems.append(Problem("annual_cost", "must not be negative"))
    return problems


def annual_cost(terms: GrantTerms) -> Decimal:
    """The grant's cost to the owner per year: as given, or 12 x a concession's monthly amount."""
    if terms.annual_cost is not None:
        return terms.annual_cost
    if terms.kind is BenefitKind.RENT_CONCESSION and terms.monthly_amount is not None:
        return terms.monthly_amount * 12
    return Decimal("0.00")


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """True when the inclusive periods share at least one day."""
    return a_start <= b_end and b_start <= a_end


def in_force(start: date, end: date, day: date) -> bool:
    return start <= day <= end


def expires_soon(end: date, today: date, window: int) -> bool:
    """True when the grant's last day falls within ``window`` days from ``today`` (inclusive)."""
    return today <= end <= today + timedelta(days=window)


def cost_share(annual_cost_total: Decimal, anchor_annual_rent: Decimal) -> Decimal | None:
    """Cost as a percentage of the anchors' annual rent (2 places), None without rent."""
    if anchor_annual_rent <= 0:
        return None
    return (annual_cost_total * 100 / anchor_annual_rent).quantize(_PERCENT, ROUND_HALF_UP)
