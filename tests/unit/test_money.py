from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantcrm.core.money import (
    CENT,
    format_money,
    from_minor,
    has_at_most_cents,
    to_cents,
    to_minor,
)


def test_cent_is_one_hundredth() -> None:
    assert Decimal(1) / 100 == CENT


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.675", "2.68"),  # half up, not half even
        ("2.665", "2.67"),
        ("-2.675", "-2.68"),  # half away from zero on the negative side too
        ("2.674999", "2.67"),
        ("12500", "12500.00"),
        ("-0.001", "0.00"),  # no negative zero
        ("1E+30", "1000000000000000000000000000000.00"),  # beyond the default 28 digits
    ],
)
def test_to_cents_rounds_half_up(value: str, expected: str) -> None:
    assert str(to_cents(Decimal(value))) == expected


def test_to_cents_refuses_non_finite_values() -> None:
    with pytest.raises(ValueError, match="finite"):
        to_cents(Decimal("NaN"))


def test_minor_major_round_trip() -> None:
    assert to_minor(Decimal("1234567.89")) == 123456789
    assert from_minor(123456789) == Decimal("1234567.89")
    assert str(from_minor(123456789)) == "1234567.89"
    assert str(from_minor(0)) == "0.00"
    assert str(from_minor(-5)) == "-0.05"
    assert to_minor(Decimal("-0.05")) == -5
    assert to_minor(Decimal("12500")) == 1250000


def test_to_minor_accepts_trailing_zeros() -> None:
    # 1.230 has three places on paper but is a whole number of cents.
    assert to_minor(Decimal("1.230")) == 123


@pytest.mark.parametrize("value", ["1.005", "0.001", "-12.345", "NaN", "Infinity"])
def test_to_minor_rejects_fractions_of_a_cent(value: str) -> None:
    assert not has_at_most_cents(Decimal(value))
    with pytest.raises(ValueError, match="cents"):
        to_minor(Decimal(value))


@pytest.mark.parametrize("value", ["0", "1", "1.2", "1.23", "1.230", "-99.99", "1E+40"])
def test_has_at_most_cents(value: str) -> None:
    assert has_at_most_cents(Decimal(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12500", "12500.00"),
        ("12500.5", "12500.50"),
        ("1234567.891", "1234567.89"),
        ("0.005", "0.01"),
        ("-3.5", "-3.50"),
        ("1E+12", "1000000000000.00"),  # no exponent for large values
        ("1.5E-7", "0.00"),  # nor for small ones
        ("123456789012345678901234567890.125", "123456789012345678901234567890.13"),
    ],
)
def test_format_money_is_plain(value: str, expected: str) -> None:
    assert format_money(Decimal(value)) == expected


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_from_minor_then_to_minor_is_identity(minor: int) -> None:
    amount = from_minor(minor)
    assert amount.as_tuple().exponent == -2
    assert to_minor(amount) == minor


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_to_minor_then_from_minor_is_identity(amount: Decimal) -> None:
    assert from_minor(to_minor(amount)) == amount
    assert format_money(from_minor(to_minor(amount))) == format_money(amount)
