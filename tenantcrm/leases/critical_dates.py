"""A lease's critical dates: expiry, the notice deadline, rent changes and option windows.

Pure calculation: no I/O and no clock (``today`` is a parameter).

Notice deadline
    The last day to give notice is ``end - notice_months`` months, clamped to the end of a shorter
    month (31 Aug less 6 months is 28 Feb, or 29 Feb in a leap year); with no notice period it is
    the expiry itself.
Which dates
    The expiry, the notice deadline, every rent change of the terms (``rent.rent_changes``,
    recurring steps expanded) and the opening and closing day of every option window, keeping only
    days from ``today`` on (a date falling on ``today`` is still ahead of the manager) and, when
    ``within_days`` is given, up to ``today + within_days``. They are sorted by day, then in
    ``DateKind`` order, then by option kind and label.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from tenantcrm.leases.rent import LeaseTerms, Violation, rent_changes

__all__ = [
    "CriticalDate",
    "DateKind",
    "LeaseOption",
    "OptionKind",
    "critical_dates",
    "notice_deadline",
    "option_errors",
]

_DURING_TERM = "must be within the lease term (start_date to end_date)"


class DateKind(StrEnum):
    EXPIRY = "expiry"
    NOTICE_DEADLINE = "notice_deadline"
    RENT_STEP = "rent_step"
    OPTION_OPENS = "option_opens"
    OPTION_CLOSES = "option_closes"


class OptionKind(StrEnum):
    """What a lease option lets the tenant do within its window."""

    RENEW = "renew"
    EXPAND = "expand"
    CONTRACT = "contract"
    BREAK = "break"


_OPTION_NAMES = {
    OptionKind.RENEW: "Renewal option",
    OptionKind.EXPAND: "Expansion option",
    OptionKind.CONTRACT: "Contraction option",
    OptionKind.BREAK: "Break option",
}
_KIND_ORDER = {kind: index for index, kind in enumerate(DateKind)}
_OPTION_ORDER = {kind: index for index, kind in enumerate(OptionKind)}


@dataclass(frozen=True, slots=True)
class LeaseOption:
    """A right the tenant may exercise between ``opens`` and ``closes`` (both inclusive)."""

    kind: OptionKind
    opens: date
    closes: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class CriticalDate:
    """A day that matters for a lease, and what happens on it."""

    day: date
    kind: DateKind
    label: str
    option_kind: OptionKind | None = None


def notice_deadline(end: date, notice_months: int) -> date:
    """The last day to give notice for a lease ending on ``end``."""
    if notice_months < 0:
        raise ValueError("notice_months must not be negative")
    return end - relativedelta(months=notice_months)


def option_errors(
    options: Sequence[LeaseOption], term_start: date, term_end: date
) -> list[Violation]:
    """Every problem with the option windows; an empty list means they are usable."""
    return list(_option_violations(options, term_start, term_end))


def critical_dates(
    terms: LeaseTerms,
    notice_months: int,
    options: Sequence[LeaseOption],
    today: date,
    within_days: int | None = None,
) -> list[CriticalDate]:
    """The lease's dates from ``today`` on (and within ``within_days`` if given), in order.

    Raises ``ValueError`` for invalid terms (see ``rent.validate_terms``), invalid options (see
    ``option_errors``), a negative notice period or a negative ``within_days``.
    """
    if within_days is not None and within_days < 0:
        raise ValueError("within_days must not be negative")
    if violations := option_errors(options, terms.start, terms.end):
        details = "; ".join(f"{v.field} {v.message}" for v in violations)
        raise ValueError(f"invalid lease options: {details}")
    deadline = notice_deadline(terms.end, notice_months)

    def wanted(day: date) -> bool:
        return day >= today and (within_days is None or (day - today).days <= within_days)

    found = [d for d in _all_dates(terms, notice_months, deadline, options) if wanted(d.day)]
    found.sort(key=_order)
    return found


def _all_dates(
    terms: LeaseTerms, notice_months: int, deadline: date, options: Sequence[LeaseOption]
) -> Iterator[CriticalDate]:
    yield CriticalDate(terms.end, DateKind.EXPIRY, "Lease expires")
    yield CriticalDate(
        deadline,
        DateKind.NOTICE_DEADLINE,
        f"Last day to give notice ({_months(notice_months)} before expiry)"
        if notice_months
        else "Last day to give notice (no notice period: the expiry itself)",
    )
    for change in rent_changes(terms):
        label = f"Rent becomes {change.monthly_rent:,.2f} a month"
        yield CriticalDate(change.effective, DateKind.RENT_STEP, label)
    for option in options:
        kind = OptionKind(option.kind)
        note = f": {option.note.strip()}" if option.note.strip() else ""
        name = _OPTION_NAMES[kind]
        yield CriticalDate(option.opens, DateKind.OPTION_OPENS, f"{name} opens{note}", kind)
        yield CriticalDate(option.closes, DateKind.OPTION_CLOSES, f"{name} closes{note}", kind)


def _order(item: CriticalDate) -> tuple[date, int, int, str]:
    option = -1 if item.option_kind is None else _OPTION_ORDER[item.option_kind]
    return item.day, _KIND_ORDER[item.kind], option, item.label


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def _option_violations(
    options: Sequence[LeaseOption], term_start: date, term_end: date
) -> Iterator[Violation]:
    for index, option in enumerate(options):
        prefix = f"options[{index}]"
        try:
            OptionKind(option.kind)
        except ValueError:
            yield Violation(f"{prefix}.kind", f"must be one of {', '.join(OptionKind)}")
        if not term_start <= option.opens <= term_end:
            yield Violation(f"{prefix}.opens", _DURING_TERM)
        if not term_start <= option.closes <= term_end:
            yield Violation(f"{prefix}.closes", _DURING_TERM)
        if option.closes < option.opens:
            yield Violation(f"{prefix}.closes", "must not be before opens")
