"""Renewal proposals: stepped rent (梯次性) from the current rent to the market rent, compared.

Pure calculation on top of ``tenantcrm.leases.rent``: no I/O and no clock. Money is ``Decimal``
rounded to cents half up; percentages are shown to 2 dp. ``propose`` raises ``ValueError`` when
``validate_request`` reports anything.

Forms
    FLAT_MARKET   the market rent for the whole term.
    FIXED_STEP    equal amount increases from the current rent up to the market rent.
    PERCENT_STEP  equal percentage increases from the current rent up to the market rent.
    INDEX_LINKED  the market rent at the start, then at every anniversary (start + 12k months
                  inside the term) a rise by the assumed index rate clamped to [floor, cap]. A
                  clamped rate of 0 means no rises at all.
Common terms
    Every option runs from ``start`` to ``start + term_months months - 1 day``, opens with the same
    ``free_months`` of free rent (a FREE step at ``start``) and carries the same ``incentive``, so
    totals and net effective rents compare like for like. An option's first level is the terms'
    ``base_rent``; each later level is a FIXED step (INDEX_LINKED uses PERCENT steps).
Stepped dates
    Level k of a stepped form applies from ``start + k * step_every_months`` months (always counted
    from ``start``), k = 0 .. n-1, so the first increase is at the renewal's start. Every step must
    fall inside the term: at most ``1 + (term_months - 1) // step_every_months`` steps fit, and
    asking for more is a validation error on ``policy.steps``.
Market above current
    PERCENT_STEP level k is ``current * (market / current) ** ((k + 1) / n)``, FIXED_STEP level k is
    ``current + (k + 1) * (market - current) / n``, each rounded to cents; the last level is exactly
    the market rent. n is the smallest count from ``policy.steps`` up to the steps that fit for
    which every increase, current -> first level included, is at most ``max_step_percent`` both
    exactly and between the rounded levels. (For FIXED_STEP the first increase is the largest in
    percent, so exactly this is ``(market - current) / n <= current * max_step_percent / 100``.)
Falling short
    When even the most steps that fit would break the cap, the form uses those steps at the cap:
    PERCENT_STEP raises each level by ``max_step_percent`` of the level before, FIXED_STEP by
    ``max_step_percent`` of the current rent, rounded down to cents so no increase exceeds the cap
    (stopping early should one land on the market rent). Ending below market, the option has
    ``reaches_market`` False.
Market at or below current
    FIXED_STEP and PERCENT_STEP renew flat at the market rent (one level); the note says so.
Levels
    A level equal to the one before it (when market and current are a few cents apart) is
    dropped, so ``levels`` lists real changes. ``largest_step_percent`` is the largest change
    between consecutive levels, current -> first level included; it is negative when the rent
    only falls.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from dateutil.relativedelta import relativedelta

from tenantcrm.core.money import CENT, has_at_most_cents, to_cents
from tenantcrm.leases.rent import (
    LeaseTerms,
    RentStep,
    RentSummary,
    StepKind,
    Violation,
    rent_changes,
    summarize,
)

__all__ = [
    "ProposalForm",
    "ProposalOption",
    "RenewalPolicy",
    "RenewalRequest",
    "propose",
    "steps_that_fit",
    "validate_request",
]

_HUNDRED = Decimal(100)
_PERCENT_PLACES = Decimal("0.01")
_INDEX_EVERY_MONTHS = 12
_ONE_DAY = timedelta(days=1)

Level = tuple[date, Decimal]


class ProposalForm(StrEnum):
    FLAT_MARKET = "flat_market"  # market rent for the whole term
    FIXED_STEP = "fixed_step"  # equal amount steps from current to market
    PERCENT_STEP = "percent_step"  # equal percentage steps from current to market
    INDEX_LINKED = "index_linked"  # market, then yearly rises by the clamped index rate


@dataclass(frozen=True, slots=True, kw_only=True)
class RenewalPolicy:
    """How far and how fast the rent may move, and the assumptions for the index-linked form."""

    max_step_percent: Decimal  # largest single increase allowed, e.g. 8 (%)
    steps: int  # increases wanted, the one at the renewal's start included
    step_every_months: int = 12
    free_months: int = 0  # free rent at the start, given alike to every option
    incentive: Decimal = Decimal("0")  # one-off landlord incentive, alike for every option
    index_rate_percent: Decimal  # the assumed yearly index rate
    index_floor_percent: Decimal
    index_cap_percent: Decimal


@dataclass(frozen=True, slots=True)
class RenewalRequest:
    """A sitting tenant's renewal: what it pays now, what the market pays, and the new term."""

    current_rent: Decimal  # monthly
    market_rent: Decimal  # monthly
    start: date  # first day of the renewal term
    term_months: int
    policy: RenewalPolicy


@dataclass(frozen=True, slots=True)
class ProposalOption:
    """One way to renew, with its lease terms, totals and how it compares to flat market rent."""

    form: ProposalForm
    terms: LeaseTerms
    summary: RentSummary
    levels: tuple[Level, ...]  # (from date, monthly rent), ascending dates
    largest_step_percent: Decimal  # largest change between consecutive levels, current included
    reaches_market: bool
    difference_vs_flat_market: Decimal  # total_rent minus FLAT_MARKET's total_rent
    note: str


def steps_that_fit(term_months: int, step_every_months: int) -> int:
    """How many steps ``start + k * step_every_months`` months (k = 0, 1, ...) fall in the term."""
    return 1 + (term_months - 1) // step_every_months


def validate_request(request: RenewalRequest) -> list[Violation]:
    """Every problem with ``request``; an empty list means ``propose`` accepts it."""
    return list(_violations(request))


def propose(request: RenewalRequest) -> list[ProposalOption]:
    """FLAT_MARKET, FIXED_STEP, PERCENT_STEP and INDEX_LINKED options, in that order."""
    if violations := validate_request(request):
        details = "; ".join(f"{v.field} {v.message}" for v in violations)
        raise ValueError(f"invalid renewal request: {details}")
    drafts = [
        _flat_market(request),
        _stepped(request, ProposalForm.FIXED_STEP),
        _stepped(request, ProposalForm.PERCENT_STEP),
        _index_linked(request),
    ]
    flat_total = drafts[0].summary.total_rent
    return [
        ProposalOption(
            form=draft.form,
            terms=draft.terms,
            summary=draft.summary,
            levels=draft.levels,
            largest_step_percent=_largest_step_percent(request.current_rent, draft.levels),
            reaches_market=draft.reaches_market,
            difference_vs_flat_market=draft.summary.total_rent - flat_total,
            note=draft.note,
        )
        for draft in drafts
    ]


# --- Validation -----------------------------------------------------------------------------


def _violations(request: RenewalRequest) -> Iterator[Violation]:
    yield from _rent_violations("current_rent", request.current_rent)
    yield from _rent_violations("market_rent", request.market_rent)
    if request.term_months < 1:
        yield Violation("term_months", "must be at least 1")
    elif _end_of_term(request.start, request.term_months) is None:
        yield Violation("term_months", "runs past the last date the calendar can hold")
    yield from _policy_violations(request.policy, max(request.term_months, 1))


def _rent_violations(field: str, value: Decimal) -> Iterator[Violation]:
    if not value.is_finite():
        yield Violation(field, "must be a finite amount")
        return
    if value <= 0:
        yield Violation(field, "must be greater than 0")
    if not has_at_most_cents(value):
        yield Violation(field, "must have at most 2 decimal places")


def _percent_violations(field: str, value: Decimal, *, positive: bool) -> Iterator[Violation]:
    if not value.is_finite():
        yield Violation(field, "must be a finite number")
        return
    if positive and value <= 0:
        yield Violation(field, "must be greater than 0")
    if not positive and value <= -100:
        yield Violation(field, "must be greater than -100")
    if not has_at_most_cents(value):
        yield Violation(field, "must have at most 2 decimal places")


def _policy_violations(policy: RenewalPolicy, term_months: int) -> Iterator[Violation]:
    yield from _percent_violations(
        "policy.max_step_percent", policy.max_step_percent, positive=True
    )
    if policy.step_every_months < 1:
        yield Violation("policy.step_every_months", "must be at least 1")
    if policy.steps < 1:
        yield Violation("policy.steps", "must be at least 1")
    elif policy.step_every_months >= 1:
        fit = steps_that_fit(term_months, policy.step_every_months)
        if policy.steps > fit:
            yield Violation(
                "policy.steps",
                f"must be at most {fit}: no more steps every {policy.step_every_months} months"
                f" fit in a {term_months}-month term",
            )
    if policy.free_months < 0:
        yield Violation("policy.free_months", "must not be negative")
    elif policy.free_months >= term_months:
        yield Violation("policy.free_months", "must be shorter than the term")
    if not policy.incentive.is_finite():
        yield Violation("policy.incentive", "must be a finite amount")
    else:
        if policy.incentive < 0:
            yield Violation("policy.incentive", "must not be negative")
        if not has_at_most_cents(policy.incentive):
            yield Violation("policy.incentive", "must have at most 2 decimal places")
    index = (
        ("policy.index_rate_percent", policy.index_rate_percent),
        ("policy.index_floor_percent", policy.index_floor_percent),
        ("policy.index_cap_percent", policy.index_cap_percent),
    )
    for field, value in index:
        yield from _percent_violations(field, value, positive=False)
    floor, cap = policy.index_floor_percent, policy.index_cap_percent
    if floor.is_finite() and cap.is_finite() and floor > cap:
        yield Violation("policy.index_floor_percent", "must not exceed index_cap_percent")


def _end_of_term(start: date, term_months: int) -> date | None:
    try:
        return start + relativedelta(months=term_months) - _ONE_DAY
    except (OverflowError, ValueError):
        return None


# --- The options ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Draft:
    form: ProposalForm
    terms: LeaseTerms
    summary: RentSummary
    levels: tuple[Level, ...]
    reaches_market: bool
    note: str


def _draft(
    request: RenewalRequest,
    form: ProposalForm,
    levels: list[Level],
    *,
    reaches_market: bool,
    note: str,
) -> _Draft:
    """Lease terms with the levels as base rent and FIXED steps, plus the shared free rent."""
    (_, base), *later = levels
    steps = [RentStep(StepKind.FIXED, day, amount=amount) for day, amount in later]
    terms = _terms(request, base, steps)
    return _Draft(form, terms, summarize(terms), tuple(levels), reaches_market, note)


def _terms(request: RenewalRequest, base: Decimal, steps: list[RentStep]) -> LeaseTerms:
    policy = request.policy
    end = _end_of_term(request.start, request.term_months)
    assert end is not None  # validated
    free = [RentStep(StepKind.FREE, request.start, months=policy.free_months)]
    return LeaseTerms(
        start=request.start,
        end=end,
        base_rent=base,
        steps=(*free, *steps) if policy.free_months else tuple(steps),
        incentive=to_cents(policy.incentive),
    )


def _flat_market(request: RenewalRequest) -> _Draft:
    market = to_cents(request.market_rent)
    note = f"Flat at market {_money(market)} for {request.term_months} months"
    return _draft(
        request, ProposalForm.FLAT_MARKET, [(request.start, market)], reaches_market=True, note=note
    )


def _stepped(request: RenewalRequest, form: ProposalForm) -> _Draft:
    current, market = to_cents(request.current_rent), to_cents(request.market_rent)
    if market <= current:
        note = (
            f"Market {_money(market)} is not above current {_money(current)}: renews flat at market"
        )
        return _draft(request, form, [(request.start, market)], reaches_market=True, note=note)

    policy = request.policy
    fit = steps_that_fit(request.term_months, policy.step_every_months)
    cap = 1 + Fraction(policy.max_step_percent) / 100
    percent = form is ProposalForm.PERCENT_STEP
    n = _fewest_steps(current, market, cap, policy.steps, fit, percent=percent)
    while n <= fit:
        amounts = (_percent_levels if percent else _fixed_levels)(current, market, n)
        if _within_cap(current, amounts, cap):
            levels = _dated(request, amounts)
            note = _note(form, request, n, levels)
            return _draft(request, form, levels, reaches_market=True, note=note)
        n += 1

    amounts = (_capped_percent_levels if percent else _capped_fixed_levels)(
        current, market, policy.max_step_percent, fit
    )
    levels = _dated(request, amounts)
    reaches = levels[-1][1] == market
    return _draft(
        request, form, levels, reaches_market=reaches, note=_capped_note(form, request, levels)
    )


def _fewest_steps(
    current: Decimal, market: Decimal, cap: Fraction, wanted: int, fit: int, *, percent: bool
) -> int:
    """The least n >= wanted whose exact (unrounded) increases respect the cap, or fit + 1.

    The caller then also requires the increases between the rounded levels to respect it.
    """
    ratio = Fraction(market) / Fraction(current)
    if percent:
        n, power = wanted, cap**wanted
        while n <= fit and power < ratio:
            n, power = n + 1, power * cap
        return n
    # Equal amounts d = (market - current) / n; the first, d / current, is the largest in percent.
    least = -(-(ratio - 1) // (cap - 1))  # ceiling
    return max(wanted, min(int(least), fit + 1))


def _percent_levels(current: Decimal, market: Decimal, n: int) -> list[Decimal]:
    with localcontext() as context:
        context.prec = 50
        log_ratio = (market / current).ln()
        levels = [to_cents(current * (log_ratio * (k + 1) / n).exp()) for k in range(n - 1)]
    return [*levels, market]


def _fixed_levels(current: Decimal, market: Decimal, n: int) -> list[Decimal]:
    with localcontext() as context:
        context.prec = 50
        levels = [to_cents(current + (market - current) * (k + 1) / n) for k in range(n - 1)]
    return [*levels, market]


def _capped_percent_levels(
    current: Decimal, market: Decimal, max_percent: Decimal, fit: int
) -> list[Decimal]:
    levels: list[Decimal] = []
    previous = current
    for _ in range(fit):
        level = min(market, _cents_down(previous * (_HUNDRED + max_percent) / _HUNDRED))
        if level <= previous:
            break
        levels.append(level)
        previous = level
        if level == market:
            break
    return levels or [current]


def _capped_fixed_levels(
    current: Decimal, market: Decimal, max_percent: Decimal, fit: int
) -> list[Decimal]:
    step = _cents_down(current * max_percent / _HUNDRED)
    if step <= 0:
        return [current]
    levels: list[Decimal] = []
    for k in range(1, fit + 1):
        levels.append(min(market, current + k * step))
        if levels[-1] == market:
            break
    return levels


def _within_cap(current: Decimal, amounts: list[Decimal], cap: Fraction) -> bool:
    return all(
        Fraction(after) <= Fraction(before) * cap for before, after in pairwise([current, *amounts])
    )


def _dated(request: RenewalRequest, amounts: list[Decimal]) -> list[Level]:
    """Pair level k with ``start + k * step_every_months``, dropping levels that repeat."""
    every = request.policy.step_every_months
    levels: list[Level] = []
    for k, amount in enumerate(amounts):
        if not levels or amount != levels[-1][1]:
            levels.append((request.start + relativedelta(months=k * every), amount))
    return levels


def _index_linked(request: RenewalRequest) -> _Draft:
    policy = request.policy
    market = to_cents(request.market_rent)
    rate = min(max(policy.index_rate_percent, policy.index_floor_percent), policy.index_cap_percent)
    rises = []
    if rate != 0:
        end = _end_of_term(request.start, request.term_months)
        assert end is not None  # validated
        for k in range(1, request.term_months // _INDEX_EVERY_MONTHS + 1):
            day = request.start + relativedelta(months=k * _INDEX_EVERY_MONTHS)
            if day <= end:
                rises.append(RentStep(StepKind.PERCENT, day, percent=rate))
    terms = _terms(request, market, rises)
    levels = [(request.start, market)]
    levels += [(change.effective, change.monthly_rent) for change in rent_changes(terms)]
    note = _index_note(request, market, rate, rises)
    return _Draft(ProposalForm.INDEX_LINKED, terms, summarize(terms), tuple(levels), True, note)


# --- Figures and notes ------------------------------------------------------------------------


def _largest_step_percent(current: Decimal, levels: tuple[Level, ...]) -> Decimal:
    rents = [to_cents(current), *(amount for _, amount in levels)]
    changes = [after / before - 1 for before, after in pairwise(rents) if before > 0]
    return _percent(max(changes) * _HUNDRED) if changes else _percent(Decimal(0))


def _note(form: ProposalForm, request: RenewalRequest, n: int, levels: list[Level]) -> str:
    current, market = to_cents(request.current_rent), to_cents(request.market_rent)
    if form is ProposalForm.PERCENT_STEP:
        with localcontext() as context:
            context.prec = 50
            each = ((market / current).ln() / n).exp() * _HUNDRED - _HUNDRED
        size = f"{_percent(each)} %"
    else:
        with localcontext() as context:
            context.prec = 50
            step = (market - current) / n
        size = f"{_money(to_cents(step))} ({_percent(step / current * _HUNDRED)} % at first)"
    by = levels[-1][0].isoformat()
    return f"{_count(len(levels))} of {size} to market {_money(market)} by {by}"


def _capped_note(form: ProposalForm, request: RenewalRequest, levels: list[Level]) -> str:
    current, market = to_cents(request.current_rent), to_cents(request.market_rent)
    max_percent = _percent(request.policy.max_step_percent)
    if form is ProposalForm.PERCENT_STEP:
        size = f"{max_percent} % (the cap)"
    else:
        step = _cents_down(current * request.policy.max_step_percent / _HUNDRED)
        size = f"{_money(step)} ({max_percent} % of current, the cap)"
    last_day, last = levels[-1]
    by = last_day.isoformat()
    if last == market:  # the capped steps happen to land on market after all
        return f"{_count(len(levels))} of {size} to market {_money(market)} by {by}"
    if last == current:
        return f"Renews at current {_money(current)}: a step of {size} is less than a cent"
    return (
        f"{_count(len(levels))} of {size} to {_money(last)} by {by}, below market {_money(market)}"
    )


def _index_note(
    request: RenewalRequest, market: Decimal, rate: Decimal, rises: list[RentStep]
) -> str:
    policy = request.policy
    assumed = _percent(policy.index_rate_percent)
    if rate == 0:
        return f"Flat at market {_money(market)}: the index rate {assumed} % clamps to 0.00 %"
    if not rises:
        return f"Flat at market {_money(market)}: no anniversary falls inside the term"
    if policy.index_rate_percent > policy.index_cap_percent:
        why = f"index {assumed} % capped at {_percent(rate)} %"
    elif policy.index_rate_percent < policy.index_floor_percent:
        why = f"index {assumed} % raised to the floor {_percent(rate)} %"
    else:
        why = (
            f"index {assumed} % within floor {_percent(policy.index_floor_percent)} %"
            f" and cap {_percent(policy.index_cap_percent)} %"
        )
    return (
        f"Market {_money(market)}, then {_signed(rate)} % a year from"
        f" {rises[0].effective.isoformat()} ({why})"
    )


def _count(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _money(amount: Decimal) -> str:
    return f"{to_cents(amount):,.2f}"


def _percent(value: Decimal) -> Decimal:
    rounded = value.quantize(_PERCENT_PLACES, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded.is_zero() else rounded


def _signed(value: Decimal) -> str:
    return f"{_percent(value):+.2f}"


def _cents_down(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)
