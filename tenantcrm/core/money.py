"""Money as ``Decimal`` in major units (12500.00), rounded to cents with ROUND_HALF_UP.

Storage uses integer minor units (cents); ``to_minor`` and ``from_minor`` convert exactly, whatever
the size of the amount, and refuse to lose a fraction of a cent.
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

__all__ = ["CENT", "format_money", "from_minor", "has_at_most_cents", "to_cents", "to_minor"]

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """Round to cents, half up (2.675 -> 2.68, -2.675 -> -2.68); negative zero becomes 0.00."""
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {value}")
    with localcontext() as context:
        # Enough digits for the whole amount, so large values are never cut short.
        context.prec = max(context.prec, value.adjusted() + 3)
        cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return abs(cents) if cents.is_zero() else cents


def has_at_most_cents(value: Decimal) -> bool:
    """True if ``value`` is finite and a whole number of cents (1.230 counts, 1.235 does not)."""
    return value.is_finite() and (Fraction(value) * 100).denominator == 1


def to_minor(value: Decimal) -> int:
    """Exact number of cents in ``value``: Decimal("1234567.89") -> 123456789."""
    if not has_at_most_cents(value):
        raise ValueError(f"not a whole number of cents: {value}")
    return (Fraction(value) * 100).numerator


def from_minor(minor: int) -> Decimal:
    """Amount of ``minor`` cents with exactly two places: 123456789 -> Decimal("1234567.89")."""
    sign, digits, _ = Decimal(minor).as_tuple()
    return Decimal((sign, digits, -2))


def format_money(value: Decimal) -> str:
    """Plain fixed-point text to the cent: "12500.00" (no thousands separator, no exponent)."""
    return f"{to_cents(value):f}"
