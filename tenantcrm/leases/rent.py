"""A lease's rent over time: face-rent steps, free rent, the monthly schedule and its summary.

Pure calculation: no I/O, no framework types and no clock (pass the day you mean). Amounts are
``Decimal`` rounded to cents half up. Every public function validates the terms first and raises
``ValueError`` when ``validate_terms`` reports anything.

Periods
    Period *i* (0-based) runs from ``start + i months`` to the day before ``start + (i+1) months``,
    always counted from ``start``: a 31 Jan start gives periods from 31 Jan, 29 Feb (28 Feb in a
    common year), 31 Mar, 30 Apr... The last period is cut at ``end`` (inclusive). Periods cover
    the term with no gap and no overlap.
Face rent
    Starts at ``base_rent``. Steps expand into dated events: FIXED sets the rent, PERCENT multiplies
    it by ``1 + percent/100`` (rounded to cents at each event), AMOUNT adds ``amount`` (the rent
    never drops below 0). PERCENT and AMOUNT steps with ``every_months`` recur at
    ``effective + k * every_months`` months (k = 0, 1, ...) up to ``end``. Events apply in date
    order; on one date FIXED comes first, then input order. Events of one date are reported as one
    ``RentChange`` carrying the rent they leave in effect and the kind of the last of them.
Area
    Rent follows the area let. An ``AreaChange`` scales the face rent from its ``effective`` day
    by ``factor``, the area let from that day over the area let at the start (so factors do not
    compound: each is measured against the start). The steps run on the rent for the starting
    area, and the face rent is that rent times the factor in force, rounded to cents once:
    a percent step after an expansion raises the larger rent, a fixed step's amount is for the
    starting area and is scaled too. On one date area changes apply after the steps; a factor
    of 1 changes nothing.
Proration
    A period charges, over the day segments on which its rent is constant,
    ``sum(monthly_rent * segment_days) / full_period_days``, rounded to cents once, where
    ``full_period_days`` is the length of the uncut period. A whole period at one rent charges
    exactly that rent.
Free rent
    A FREE step abates the face rent on the days of ``[effective, effective + months)`` inside the
    term, prorated the same way and rounded once per line. Overlapping windows abate a day once.
Concessions
    A ``Concession`` (a rent concession granted to the tenant, e.g. an anchor's benefit) takes
    ``monthly_amount`` off the rent on each day of ``[start, end]`` inside the term that is not
    free, never more than the face rent of the day; overlapping concessions add up. It is
    prorated like free rent, rounded once per line, and never takes a line's due below 0.
    A line's ``due`` is ``rent - free - concession``.
Summary
    ``months`` is the number of full periods plus the last period's fraction (its days over its
    uncut length), shown to 4 dp. The average and net effective rent divide by the exact,
    unrounded month count, so a flat lease averages exactly its rent however its term ends.
    ``total_rent`` is what is payable (gross - free - concessions), and the net effective rent is
    ``(total_rent - incentive) / months``: a concession lowers it as free rent does.
"""

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import count, pairwise
from operator import attrgetter, itemgetter
from typing import Self

from dateutil.relativedelta import relativedelta

from tenantcrm.core.money import from_minor, has_at_most_cents, to_cents

__all__ = [
    "AreaChange",
    "ChangeKind",
    "Concession",
    "LeaseTerms",
    "RentChange",
    "RentStep",
    "RentSummary",
    "ScheduleLine",
    "StepKind",
    "Violation",
    "build_schedule",
    "is_free_on",
    "next_change",
    "rent_changes",
    "rent_on",
    "summarize",
    "validate_terms",
]

_ONE_DAY = timedelta(days=1)
_ZERO = Decimal("0.00")
_MONTHS_PLACES = Decimal("0.0001")
_DURING_TERM = "must be within the lease term (start_date to end_date)"


class StepKind(StrEnum):
    FIXED = "fixed"  # from `effective`, monthly rent becomes `amount`
    PERCENT = "percent"  # at `effective` (and every `every_months` after) rent rises by `percent` %
    AMOUNT = "amount"  # at `effective` (and every `every_months` after) rent rises by `amount`
    FREE = "free"  # `months` whole months of free rent starting at `effective`


class ChangeKind(StrEnum):
    """What moved the face rent: a kind of step (free rent never does), or a change of area."""

    FIXED = "fixed"
    PERCENT = "percent"
    AMOUNT = "amount"
    AREA = "area"  # the area let changed (an expansion or a contraction)


@dataclass(frozen=True, slots=True)
class RentStep:
    """One change to the rent; which fields matter depends on ``kind`` (see ``StepKind``)."""

    kind: StepKind
    effective: date
    amount: Decimal | None = None
    percent: Decimal | None = None
    every_months: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class AreaChange:
    """From ``effective`` on, the area let is ``factor`` times the area let at the start."""

    effective: date
    factor: Fraction  # area let from `effective` / area let at the start; above 0


@dataclass(frozen=True, slots=True)
class Concession:
    """``monthly_amount`` off the rent on the days ``start`` to ``end`` (inclusive)."""

    start: date
    end: date
    monthly_amount: Decimal


@dataclass(frozen=True, slots=True)
class LeaseTerms:
    """What the rent of one lease depends on."""

    start: date
    end: date  # inclusive last day of the term
    base_rent: Decimal  # monthly rent at the start
    steps: tuple[RentStep, ...] = ()
    incentive: Decimal = Decimal("0")  # one-off landlord incentive, deducted in net effective rent
    area_changes: tuple[AreaChange, ...] = ()  # amendments of the area let, any order
    concessions: tuple[Concession, ...] = ()  # rent concessions granted, any order


@dataclass(frozen=True, slots=True)
class Violation:
    """A problem with the terms, named after the API field: ``rent_steps[2].effective``."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    """One period of the term and the rent it carries."""

    number: int  # 1-based month number within the term
    start: date
    end: date  # inclusive
    monthly_rent: Decimal  # face monthly rent in effect at `start`
    rent: Decimal  # face rent charged for the period (prorated by day where needed)
    free: Decimal  # free-rent abatement within the period (0 <= free <= rent)
    due: Decimal  # rent - free - concession
    concession: Decimal = Decimal("0.00")  # rent concessions within the period


@dataclass(frozen=True, slots=True)
class RentSummary:
    """Totals over the whole term."""

    months: Decimal  # term length in months, a partial last period as its fraction (4 dp)
    gross_rent: Decimal  # sum of the lines' rent
    free_rent: Decimal  # sum of the lines' free
    total_rent: Decimal  # payable: gross_rent - free_rent - concessions, the sum of the lines' due
    average_monthly_rent: Decimal  # gross_rent / months
    net_effective_rent: Decimal  # (total_rent - incentive) / months: the monthly NER
    concessions: Decimal = Decimal("0.00")  # sum of the lines' concession


@dataclass(frozen=True, slots=True)
class RentChange:
    """The face rent from ``effective`` on, and what set it (a kind of step, or the area)."""

    effective: date
    monthly_rent: Decimal
    kind: ChangeKind


def validate_terms(terms: LeaseTerms) -> list[Violation]:
    """Every problem with ``terms``; an empty list means the other functions accept them."""
    return list(_violations(terms))


def build_schedule(terms: LeaseTerms) -> list[ScheduleLine]:
    """One line per period of the term, in order."""
    timeline = _Timeline.of(terms)
    return [timeline.line(period) for period in _periods(terms)]


def summarize(terms: LeaseTerms, schedule: list[ScheduleLine] | None = None) -> RentSummary:
    """Totals and monthly averages; pass ``schedule`` if you already built it for ``terms``."""
    if schedule is None:
        schedule = build_schedule(terms)
    else:
        _require_valid(terms)
    gross = sum((line.rent for line in schedule), _ZERO)
    free = sum((line.free for line in schedule), _ZERO)
    conceded = sum((line.concession for line in schedule), _ZERO)
    total = gross - free - conceded
    months = _term_months(terms)
    return RentSummary(
        months=_to_four_places(months),
        gross_rent=gross,
        free_rent=free,
        total_rent=total,
        average_monthly_rent=_per_month(gross, months),
        net_effective_rent=_per_month(total - to_cents(terms.incentive), months),
        concessions=conceded,
    )


def rent_on(terms: LeaseTerms, day: date) -> Decimal | None:
    """Face monthly rent in effect on ``day``, or None outside the term.

    Only the changes up to ``day`` are worked out (portfolio figures ask this of every lease).
    """
    if not terms.start <= day <= terms.end:
        return None
    _require_valid(terms)
    rent = to_cents(terms.base_rent)
    for change in _rent_changes(terms, until=day):
        rent = change.monthly_rent
    return rent


def is_free_on(terms: LeaseTerms, day: date) -> bool:
    """True if ``day`` falls in a free-rent window of the term."""
    timeline = _Timeline.of(terms)
    return terms.start <= day <= terms.end and timeline.is_free(day)


def next_change(terms: LeaseTerms, after: date) -> RentChange | None:
    """The first face-rent change strictly after ``after``, or None if there is none."""
    changes = _Timeline.of(terms).changes
    index = bisect_right(changes, after, key=attrgetter("effective"))
    return changes[index] if index < len(changes) else None


def rent_changes(terms: LeaseTerms) -> list[RentChange]:
    """Every face-rent change of the term in date order, recurring steps expanded."""
    return list(_Timeline.of(terms).changes)


# --- Validation -----------------------------------------------------------------------------


def _violations(terms: LeaseTerms) -> Iterator[Violation]:
    if terms.end <= terms.start:
        yield Violation("end_date", "must be after start_date")
    yield from _money_violations("base_rent", terms.base_rent, allow_negative=False)
    yield from _money_violations("incentive", terms.incentive, allow_negative=False)
    for index, step in enumerate(terms.steps):
        yield from _step_violations(f"rent_steps[{index}]", step, terms)
    for index, change in enumerate(terms.area_changes):
        prefix = f"area_changes[{index}]"
        if not terms.start <= change.effective <= terms.end:
            yield Violation(f"{prefix}.effective", _DURING_TERM)
        if not change.factor > 0:
            yield Violation(f"{prefix}.factor", "must be greater than 0: some area stays let")
    for index, concession in enumerate(terms.concessions):
        prefix = f"concessions[{index}]"
        if concession.end < concession.start:
            yield Violation(f"{prefix}.end", "must not be before start")
        yield from _money_violations(
            f"{prefix}.monthly_amount", concession.monthly_amount, allow_negative=False
        )


def _money_violations(field: str, value: Decimal, *, allow_negative: bool) -> Iterator[Violation]:
    if not value.is_finite():
        yield Violation(field, "must be a finite amount")
        return
    if value < 0 and not allow_negative:
        yield Violation(field, "must not be negative")
    if not has_at_most_cents(value):
        yield Violation(field, "must have at most 2 decimal places")


def _step_violations(prefix: str, step: RentStep, terms: LeaseTerms) -> Iterator[Violation]:
    def problem(name: str, message: str) -> Violation:
        return Violation(f"{prefix}.{name}", message)

    if not terms.start <= step.effective <= terms.end:
        yield problem("effective", _DURING_TERM)
    try:
        kind = StepKind(step.kind)
    except ValueError:
        yield problem("kind", f"must be one of {', '.join(StepKind)}")
        return

    if kind in (StepKind.FIXED, StepKind.AMOUNT):
        if step.amount is None:
            yield problem("amount", f"is required for {kind} steps")
        else:
            yield from _money_violations(
                f"{prefix}.amount", step.amount, allow_negative=kind is StepKind.AMOUNT
            )

    if kind is StepKind.PERCENT:
        if step.percent is None:
            yield problem("percent", "is required for percent steps")
        elif not step.percent.is_finite():
            yield problem("percent", "must be a finite number")
        else:
            if step.percent <= -100:
                yield problem("percent", "must be greater than -100")
            if not has_at_most_cents(step.percent):
                yield problem("percent", "must have at most 2 decimal places")

    if step.every_months is not None:
        if kind not in (StepKind.PERCENT, StepKind.AMOUNT):
            yield problem("every_months", "is only allowed for percent and amount steps")
        elif step.every_months < 1:
            yield problem("every_months", "must be at least 1")

    if kind is StepKind.FREE:
        if step.months is None:
            yield problem("months", "is required for free steps")
        elif step.months < 1:
            yield problem("months", "must be at least 1")


def _require_valid(terms: LeaseTerms) -> None:
    if violations := validate_terms(terms):
        details = "; ".join(f"{v.field} {v.message}" for v in violations)
        raise ValueError(f"invalid lease terms: {details}")


# --- Periods ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Period:
    number: int  # 1-based
    start: date
    end: date  # inclusive, cut at the end of the term
    full_days: int  # days in the uncut period

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _periods(terms: LeaseTerms) -> Iterator[_Period]:
    """The periods of the term, each anchored on ``terms.start`` (never stepped from the last)."""
    for index in count():
        start = terms.start + relativedelta(months=index)
        if start > terms.end:
            return
        next_start = terms.start + relativedelta(months=index + 1)
        end = min(next_start - _ONE_DAY, terms.end)
        yield _Period(index + 1, start, end, (next_start - start).days)


def _term_months(terms: LeaseTerms) -> Fraction:
    return sum((Fraction(p.days, p.full_days) for p in _periods(terms)), Fraction(0))


def _to_four_places(months: Fraction) -> Decimal:
    return (months.numerator / Decimal(months.denominator)).quantize(
        _MONTHS_PLACES, rounding=ROUND_HALF_UP
    )


def _per_month(amount: Decimal, months: Fraction) -> Decimal:
    # One division of an exact numerator, then one rounding.
    return to_cents(amount * months.denominator / months.numerator)


# --- Face rent and free windows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Timeline:
    """Face rent and free-rent windows of valid terms, ready for lookups by day."""

    opening_rent: Decimal
    changes: tuple[RentChange, ...]  # one per date, ascending
    free_windows: tuple[tuple[date, date], ...]  # disjoint half-open [begin, until), ascending
    concessions: tuple[Concession, ...]
    cuts: tuple[date, ...]  # every date on which the rent or free status may change, ascending

    @classmethod
    def of(cls, terms: LeaseTerms) -> Self:
        _require_valid(terms)
        changes = tuple(_rent_changes(terms))
        windows = tuple(_free_windows(terms))
        cuts = {change.effective for change in changes} | {day for w in windows for day in w}
        cuts |= {day for c in terms.concessions for day in (c.start, c.end + _ONE_DAY)}
        return cls(
            to_cents(terms.base_rent), changes, windows, terms.concessions, tuple(sorted(cuts))
        )

    def rent_on(self, day: date) -> Decimal:
        index = bisect_right(self.changes, day, key=attrgetter("effective"))
        return self.changes[index - 1].monthly_rent if index else self.opening_rent

    def is_free(self, day: date) -> bool:
        index = bisect_right(self.free_windows, day, key=itemgetter(0))
        return index > 0 and day < self.free_windows[index - 1][1]

    def conceded(self, day: date, face_rent: Decimal) -> Decimal:
        """Monthly concession in force on ``day``: their sum, at most the face rent."""
        amount = sum((c.monthly_amount for c in self.concessions if c.start <= day <= c.end), _ZERO)
        return min(amount, face_rent)

    def segments(self, begin: date, until: date) -> Iterator[tuple[date, date]]:
        """Split ``[begin, until)`` into half-open ranges of constant rent and free status."""
        inner = self.cuts[bisect_right(self.cuts, begin) : bisect_left(self.cuts, until)]
        return pairwise((begin, *inner, until))

    def line(self, period: _Period) -> ScheduleLine:
        # Sums of rent * days are exact; each is divided once and rounded once.
        rent_days = free_days = conceded_days = _ZERO
        for begin, until in self.segments(period.start, period.end + _ONE_DAY):
            face = self.rent_on(begin)
            days = (until - begin).days
            rent_days += face * days
            if self.is_free(begin):
                free_days += face * days
            elif self.concessions:
                conceded_days += self.conceded(begin, face) * days
        rent = to_cents(rent_days / period.full_days)
        # Rounding is monotonic and free_days <= rent_days, so free never exceeds rent.
        free = to_cents(free_days / period.full_days)
        # Rounded apart, free + concession could pass rent by a cent: the concession gives way.
        concession = min(to_cents(conceded_days / period.full_days), rent - free)
        return ScheduleLine(
            number=period.number,
            start=period.start,
            end=period.end,
            monthly_rent=self.rent_on(period.start),
            rent=rent,
            free=free,
            due=rent - free - concession,
            concession=concession,
        )


def _rent_changes(terms: LeaseTerms, until: date | None = None) -> Iterator[RentChange]:
    """Apply the face-rent events in order, one change per date (up to ``until`` if given).

    ``rent`` is the rent for the starting area, as the steps make it; the face rent is that
    times the area factor in force, rounded once.
    """
    rent = to_cents(terms.base_rent)
    factor = Fraction(1)
    pending: RentChange | None = None
    for day, event in _rent_events(terms, terms.end if until is None else min(until, terms.end)):
        if pending is not None and pending.effective != day:
            yield pending
        if isinstance(event, AreaChange):
            factor = event.factor
            kind = ChangeKind.AREA
        else:
            rent = _apply(event, rent)
            kind = ChangeKind(event.kind)
        pending = RentChange(day, _scaled(rent, factor), kind)
    if pending is not None:
        yield pending


def _scaled(rent: Decimal, factor: Fraction) -> Decimal:
    """``rent * factor`` rounded half up to cents, exactly (rent is never negative)."""
    if factor == 1:
        return rent
    cents = Fraction(rent) * Fraction(factor) * 100
    return from_minor(math.floor(cents + Fraction(1, 2)))


_Event = RentStep | AreaChange


def _rent_events(terms: LeaseTerms, until: date) -> list[tuple[date, _Event]]:
    """FIXED, PERCENT and AMOUNT steps expanded into dated events, and the area changes, in the
    order they apply, up to ``until``: by date; on one date FIXED, the other steps, then area
    changes."""
    keyed: list[tuple[tuple[date, int, int], _Event]] = [
        ((day, 0 if step.kind == StepKind.FIXED else 1, index), step)
        for index, step in enumerate(terms.steps)
        if step.kind != StepKind.FREE
        for day in _occurrences(step, until)
    ]
    keyed += [
        ((change.effective, 2, index), change)
        for index, change in enumerate(terms.area_changes)
        if change.effective <= until
    ]
    keyed.sort(key=itemgetter(0))
    return [(key[0], event) for key, event in keyed]


def _occurrences(step: RentStep, until: date) -> Iterator[date]:
    if step.every_months is None:
        if step.effective <= until:
            yield step.effective
        return
    for k in count():
        day = step.effective + relativedelta(months=k * step.every_months)
        if day > until:
            return
        yield day


def _apply(step: RentStep, rent: Decimal) -> Decimal:
    match step.kind:
        case StepKind.FIXED:
            assert step.amount is not None
            return to_cents(step.amount)
        case StepKind.PERCENT:
            assert step.percent is not None
            return to_cents(rent * (100 + step.percent) / 100)
        case StepKind.AMOUNT:
            assert step.amount is not None
            return max(to_cents(rent + step.amount), _ZERO)
        case _:
            raise ValueError(f"{step.kind} steps do not change the face rent")


def _free_windows(terms: LeaseTerms) -> list[tuple[date, date]]:
    """FREE steps as disjoint half-open ``[begin, until)`` windows inside the term, merged."""
    term_until = terms.end + _ONE_DAY
    windows = sorted(_free_window(step) for step in terms.steps if step.kind == StepKind.FREE)
    merged: list[tuple[date, date]] = []
    for begin, until in windows:
        until = min(until, term_until)
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], until))
        else:
            merged.append((begin, until))
    return merged


def _free_window(step: RentStep) -> tuple[date, date]:
    assert step.months is not None
    return step.effective, step.effective + relativedelta(months=step.months)
