"""Churn: why tenants leave, hard versus soft, and the rates owners read.

Hard churn: the tenant leaves for reasons of its own (downsizing, bankruptcy, a merger...); hard
to prevent. Soft churn: it leaves because of the building (price, service, facilities, the
relationship); preventable, and the leasing manager's responsibility.

Every move-out reason belongs to exactly one class (``REASON_CLASS``). A manager may override the
class of one move-out with a written justification; choosing the reason's own class is no override.

Figures
    Only move-outs dated inside ``[period_start, period_end]`` count, each under its recorded
    ``churn_class`` (an override included). Rates divide by what was occupied at the period's start
    (``OccupiedBase``) and are shares to 4 dp, half up; a base of 0 gives a rate of 0. The renewal
    rate is renewals signed over expiries decided (renewed or left), None when nothing was decided.
    Soft reasons lists the reasons of the move-outs counted as soft, most move-outs first, then
    most area, then in ``MoveOutReason`` order; reasons with no move-out are left out.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from tenantcrm.leases.rent import Violation

__all__ = [
    "MIN_JUSTIFICATION",
    "REASON_CLASS",
    "REASON_LABELS",
    "ChurnClass",
    "ChurnFigures",
    "ClassFigures",
    "Classification",
    "MoveOutFact",
    "MoveOutReason",
    "OccupiedBase",
    "ReasonFigures",
    "churn_figures",
    "classification_errors",
    "classify",
    "rate",
]

MIN_JUSTIFICATION = 10  # characters, surrounding blanks not counted
RATE_PLACES = Decimal("0.0001")


class ChurnClass(StrEnum):
    HARD = "hard"  # the tenant leaves for its own reasons
    SOFT = "soft"  # the tenant leaves because of the building


class MoveOutReason(StrEnum):
    # hard: the tenant's own business
    BUSINESS_DOWNSIZING = "business_downsizing"
    BANKRUPTCY = "bankruptcy"
    LIQUIDATION = "liquidation"
    MERGER_ACQUISITION = "merger_acquisition"
    REORGANISATION = "reorganisation"
    GROUP_RELOCATION = "group_relocation"
    LEAVING_CITY = "leaving_city"
    OTHER_TENANT_SIDE = "other_tenant_side"
    # soft: the building
    RENT_LEVEL = "rent_level"
    SERVICE_QUALITY = "service_quality"
    BUILDING_CONDITION = "building_condition"
    MANAGEMENT_RELATIONSHIP = "management_relationship"
    COMPETITOR_OFFER = "competitor_offer"
    PARKING_AMENITIES = "parking_amenities"
    NO_ROOM_TO_GROW = "no_room_to_grow"
    OTHER_BUILDING_SIDE = "other_building_side"


_R = MoveOutReason
_HARD = ChurnClass.HARD
_SOFT = ChurnClass.SOFT

REASON_CLASS: Mapping[MoveOutReason, ChurnClass] = MappingProxyType(
    {
        _R.BUSINESS_DOWNSIZING: _HARD,
        _R.BANKRUPTCY: _HARD,
        _R.LIQUIDATION: _HARD,
        _R.MERGER_ACQUISITION: _HARD,
        _R.REORGANISATION: _HARD,
        _R.GROUP_RELOCATION: _HARD,
        _R.LEAVING_CITY: _HARD,
        _R.OTHER_TENANT_SIDE: _HARD,
        _R.RENT_LEVEL: _SOFT,
        _R.SERVICE_QUALITY: _SOFT,
        _R.BUILDING_CONDITION: _SOFT,
        _R.MANAGEMENT_RELATIONSHIP: _SOFT,
        _R.COMPETITOR_OFFER: _SOFT,
        _R.PARKING_AMENITIES: _SOFT,
        _R.NO_ROOM_TO_GROW: _SOFT,
        _R.OTHER_BUILDING_SIDE: _SOFT,
    }
)
"""The churn class of every reason."""

REASON_LABELS: Mapping[MoveOutReason, str] = MappingProxyType(
    {
        _R.BUSINESS_DOWNSIZING: "Business downsizing",
        _R.BANKRUPTCY: "Bankruptcy",
        _R.LIQUIDATION: "Liquidation or dissolution",
        _R.MERGER_ACQUISITION: "Merger or acquisition",
        _R.REORGANISATION: "Reorganisation",
        _R.GROUP_RELOCATION: "Group relocation or consolidation",
        _R.LEAVING_CITY: "Ending business in the city",
        _R.OTHER_TENANT_SIDE: "Other (tenant side)",
        _R.RENT_LEVEL: "Rent level",
        _R.SERVICE_QUALITY: "Service quality",
        _R.BUILDING_CONDITION: "Facilities or building condition",
        _R.MANAGEMENT_RELATIONSHIP: "Relationship with management",
        _R.COMPETITOR_OFFER: "Competitor's offer",
        _R.PARKING_AMENITIES: "Parking or amenities",
        _R.NO_ROOM_TO_GROW: "No space to grow here",
        _R.OTHER_BUILDING_SIDE: "Other (building side)",
    }
)
"""Short English labels for reports and forms."""


@dataclass(frozen=True, slots=True)
class Classification:
    """The class a move-out counts under, and whether a manager chose it against its reason."""

    churn_class: ChurnClass
    overridden: bool
    justification: str  # stripped; required (MIN_JUSTIFICATION characters) when overridden


@dataclass(frozen=True, slots=True)
class MoveOutFact:
    """One move-out as the figures need it: what the tenant held and paid when it left."""

    tenant_id: object
    building_id: object
    day: date
    reason: MoveOutReason
    churn_class: ChurnClass
    area: Decimal
    annual_rent: Decimal


@dataclass(frozen=True, slots=True)
class OccupiedBase:
    """What was occupied at the start of the period: the denominators of the rates."""

    tenants: int
    area: Decimal
    annual_rent: Decimal


@dataclass(frozen=True, slots=True)
class ClassFigures:
    """Move-outs of one churn class in the period, and their rates against the base."""

    churn_class: ChurnClass
    count: int
    area: Decimal
    annual_rent: Decimal
    rate_by_count: Decimal  # 4 dp
    rate_by_area: Decimal
    rate_by_rent: Decimal


@dataclass(frozen=True, slots=True)
class ReasonFigures:
    """Move-outs counted under one reason."""

    reason: MoveOutReason
    label: str
    count: int
    area: Decimal
    annual_rent: Decimal


@dataclass(frozen=True, slots=True)
class ChurnFigures:
    """Hard and soft churn of one period, the renewal rate, and what drove the soft churn."""

    period_start: date
    period_end: date
    hard: ClassFigures
    soft: ClassFigures
    renewal_rate: Decimal | None  # renewals signed / expiries decided, 4 dp
    soft_reasons: tuple[ReasonFigures, ...]  # ranked: count, then area, descending


def classification_errors(
    reason: MoveOutReason, override: ChurnClass | None, justification: str
) -> list[Violation]:
    """Every problem with a classification; an empty list means ``classify`` accepts it."""
    return list(_classification_violations(reason, override, justification))


def classify(
    reason: MoveOutReason, override: ChurnClass | None = None, justification: str = ""
) -> Classification:
    """The class of a move-out: its reason's, unless a justified override says otherwise."""
    if violations := classification_errors(reason, override, justification):
        details = "; ".join(f"{v.field} {v.message}" for v in violations)
        raise ValueError(f"invalid classification: {details}")
    default = REASON_CLASS[MoveOutReason(reason)]
    chosen = default if override is None else ChurnClass(override)
    return Classification(chosen, chosen is not default, justification.strip())


def rate(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """``part / whole`` to 4 dp, half up; 0 when ``whole`` is 0."""
    if whole == 0:
        return Decimal("0.0000")
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def churn_figures(
    move_outs: Iterable[MoveOutFact],
    base: OccupiedBase,
    renewals_signed: int,
    expiries_decided: int,
    period_start: date,
    period_end: date,
) -> ChurnFigures:
    """Hard and soft churn by count, area and rent in ``[period_start, period_end]``."""
    if period_end < period_start:
        raise ValueError("period_end must not be before period_start")
    if base.tenants < 0 or base.area < 0 or base.annual_rent < 0:
        raise ValueError("the occupied base must not be negative")
    if not 0 <= renewals_signed <= expiries_decided:
        raise ValueError("renewals_signed must be between 0 and expiries_decided")
    counted = [m for m in move_outs if period_start <= m.day <= period_end]
    by_class = {
        churn_class: _class_figures(
            churn_class, [m for m in counted if m.churn_class == churn_class], base
        )
        for churn_class in ChurnClass
    }
    return ChurnFigures(
        period_start=period_start,
        period_end=period_end,
        hard=by_class[ChurnClass.HARD],
        soft=by_class[ChurnClass.SOFT],
        renewal_rate=rate(renewals_signed, expiries_decided) if expiries_decided else None,
        soft_reasons=_ranked_reasons([m for m in counted if m.churn_class == ChurnClass.SOFT]),
    )


def _classification_violations(
    reason: MoveOutReason, override: ChurnClass | None, justification: str
) -> Iterator[Violation]:
    try:
        default: ChurnClass | None = REASON_CLASS[MoveOutReason(reason)]
    except ValueError:
        default = None
        yield Violation("reason", f"must be one of {', '.join(MoveOutReason)}")
    if override is None:
        return
    try:
        chosen = ChurnClass(override)
    except ValueError:
        yield Violation("override", f"must be one of {', '.join(ChurnClass)}")
        return
    overriding = default is not None and chosen is not default
    if overriding and len(justification.strip()) < MIN_JUSTIFICATION:
        yield Violation(
            "justification",
            f"must explain the override in at least {MIN_JUSTIFICATION} characters",
        )


def _class_figures(
    churn_class: ChurnClass, move_outs: list[MoveOutFact], base: OccupiedBase
) -> ClassFigures:
    area = sum((m.area for m in move_outs), Decimal(0))
    rent = sum((m.annual_rent for m in move_outs), Decimal(0))
    return ClassFigures(
        churn_class=churn_class,
        count=len(move_outs),
        area=area,
        annual_rent=rent,
        rate_by_count=rate(len(move_outs), base.tenants),
        rate_by_area=rate(area, base.area),
        rate_by_rent=rate(rent, base.annual_rent),
    )


def _ranked_reasons(move_outs: list[MoveOutFact]) -> tuple[ReasonFigures, ...]:
    order = {reason: index for index, reason in enumerate(MoveOutReason)}
    figures = []
    for reason in MoveOutReason:
        mine = [m for m in move_outs if m.reason == reason]
        if mine:
            figures.append(
                ReasonFigures(
                    reason=reason,
                    label=REASON_LABELS[reason],
                    count=len(mine),
                    area=sum((m.area for m in mine), Decimal(0)),
                    annual_rent=sum((m.annual_rent for m in mine), Decimal(0)),
                )
            )
    figures.sort(key=lambda f: (-f.count, -f.area, order[f.reason]))
    return tuple(figures)
