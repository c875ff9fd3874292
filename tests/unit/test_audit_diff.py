"""How a change is stored (exact plain values) and how it reads in a history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from uuid import UUID

import pytest

from tenantcrm.audit.diff import (
    HIDDEN,
    changes,
    describe,
    describe_change,
    field_name,
    load_json,
    plain_row,
    plain_value,
    show_value,
)


class Colour(Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("column", "value", "plain"),
    [
        ("base_rent_minor", 1_250_000, "12500.00"),
        ("base_rent_minor", -5, "-0.05"),
        ("amount_minor", 123_456_789_012_345_678, "1234567890123456.78"),
        ("percent_centi", 325, "3.25"),
        ("area_centi", 25_000, "250.00"),
        ("start_date", date(2026, 3, 15), "2026-03-15"),
        ("at", datetime(2026, 3, 15, 10, 2, tzinfo=UTC), "2026-03-15T10:02:00+00:00"),
        ("tenant", UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        ("kind", Colour.RED, "red"),
        ("amount", Decimal("0.10"), "0.10"),
        ("is_anchor", True, True),
        ("headcount", None, None),
        ("tags", ("a", date(2026, 1, 1)), ["a", "2026-01-01"]),
    ],
)
def test_values_are_stored_exactly(column: str, value: object, plain: object) -> None:
    assert plain_value(column, value) == plain


def test_scaled_columns_show_under_their_plain_name() -> None:
    assert field_name("base_rent_minor") == "base_rent"
    assert field_name("desired_area_centi") == "desired_area"
    assert field_name("notes") == "notes"
    assert plain_row({"id": 1, "base_rent_minor": 100, "notes": ""}, skip={"id"}) == {
        "base_rent": "1.00",
        "notes": "",
    }


def test_json_read_back_as_text_is_loaded() -> None:
    assert load_json('["fintech"]') == ["fintech"]
    assert load_json(["fintech"]) == ["fintech"]
    assert load_json("not json") == "not json"


def test_an_update_lists_only_the_fields_it_changed() -> None:
    before = {"name": "Acme", "headcount": 10, "tags": ["a"]}
    after = {"name": "Acme", "headcount": 12, "tags": ["a", "b"]}
    assert changes(before, after) == {
        "headcount": {"before": 10, "after": 12},
        "tags": {"before": ["a"], "after": ["a", "b"]},
    }
    assert changes(before, dict(before)) == {}


def test_an_insert_lists_new_values_and_a_delete_old_ones() -> None:
    row = {"name": "Acme", "headcount": None}
    assert changes(None, row) == {"name": {"after": "Acme"}, "headcount": {"after": None}}
    assert changes(row, None) == {"name": {"before": "Acme"}, "headcount": {"before": None}}
    assert changes(None, None) == {}


def test_secrets_show_that_they_changed_never_their_value() -> None:
    before = {"username": "ann", "password_hash": "$argon2$old"}
    after = {"username": "ann", "password_hash": "$argon2$new"}
    assert changes(before, after, secret={"password_hash"}) == {
        "password_hash": {"before": HIDDEN, "after": HIDDEN}
    }
    assert changes(before, dict(before), secret={"password_hash"}) == {}
    inserted = changes(None, after, secret={"password_hash"})
    assert inserted["password_hash"] == {"after": HIDDEN}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("12500.00", "12,500.00"),
        ("-1234567.5", "-1,234,567.5"),
        ("3.25", "3.25"),
        (None, "\u2013"),
        ("", "\u2013"),
        (True, "yes"),
        (False, "no"),
        (7, "7"),
        (["fintech", "ai"], "fintech, ai"),
        ({"b": 1, "a": "x"}, '{"a": "x", "b": 1}'),
        ("x" * 200, "x" * 79 + "\u2026"),
        ("2026-03-15", "2026-03-15"),
    ],
)
def test_values_read_like_the_rest_of_the_app(value: object, shown: str) -> None:
    assert show_value(value) == shown


def test_a_change_reads_in_one_line() -> None:
    rent = {"base_rent": {"before": "12000.00", "after": "12500.00"}}
    assert describe("update", "Lease L-0042", rent) == (
        "Lease L-0042: base rent 12,000.00 -> 12,500.00"
    )
    added = {"name": {"after": "Mei"}, "role": {"after": "CFO"}}
    assert describe("insert", "Contact Mei", added) == "Contact Mei added: name Mei; role CFO"
    assert describe("delete", "Contact Mei", {"name": {"before": "Mei"}}) == "Contact Mei deleted"
    secret = {"before": HIDDEN, "after": HIDDEN}
    assert describe_change("password_hash", secret) == "password hash changed"
    assert describe_change("notes", {"before": "old"}) == "notes was old"
