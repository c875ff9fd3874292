"""What changed in a record, as plain values, and how a change reads in a history.

Pure functions: no ORM, no web. Values are stored the way the API shows them: money as exact
decimal strings ("12500.00", from the ``*_minor`` integer columns), hundredths (``*_centi``:
percentages, areas) as decimal strings, dates and times as ISO 8601, ids as strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

HIDDEN = "[secret]"
"""Stands for the value of a secret column (a password hash, a token digest)."""

Change = dict[str, Any]
"""``{"before": old, "after": new}``; an insert has only ``after``, a delete only ``before``."""

_SCALED = {"_minor": 2, "_centi": 2}
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_LONG = 80


def field_name(column: str) -> str:
    """The name a change shows for a column: ``base_rent_minor`` -> ``base_rent``."""
    for suffix in _SCALED:
        if column.endswith(suffix):
            return column.removesuffix(suffix)
    return column


def plain_value(column: str, value: Any) -> Any:
    """A column's value as JSON that keeps it exact."""
    if value is None or isinstance(value, bool):
        return value
    for suffix, places in _SCALED.items():
        if column.endswith(suffix) and isinstance(value, int):
            return f"{Decimal(value).scaleb(-places):f}"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain_value("", item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain_value("", item) for key, item in value.items()}
    return value


def plain_row(row: Mapping[str, Any], *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """A row as plain values by field name, without the ``skip`` columns."""
    skipped = set(skip)
    return {
        field_name(column): plain_value(column, value)
        for column, value in row.items()
        if column not in skipped
    }


def load_json(value: Any) -> Any:
    """A JSON column as read back (a string on some engines) as the value it holds."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def changes(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    *,
    secret: Iterable[str] = (),
) -> dict[str, Change]:
    """The fields that differ between two plain rows (None: the row did not exist).

    An insert lists every field it set, a delete every field it had, an update only the
    fields whose value changed. A ``secret`` field shows as ``[secret]``, never its value.
    """
    hidden = set(secret)
    found: dict[str, Change] = {}
    for name in {**(before or {}), **(after or {})}:
        change: Change = {}
        if before is not None:
            change["before"] = before.get(name)
        if after is not None:
            change["after"] = after.get(name)
        if before is not None and after is not None and change["before"] == change["after"]:
            continue
        if name in hidden:
            change = {side: HIDDEN for side in change}
        found[name] = change
    return found


def show_value(value: Any) -> str:
    """A value as a person reads it: 12500.00 -> "12,500.00", None -> a dash, True -> "yes"."""
    if value is None or value == "":
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and _DECIMAL.match(value):
        whole, _, fraction = value.partition(".")
        return f"{int(whole):,}.{fraction}" if whole != "-0" else value
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value) or "\u2013"
    if isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= _LONG else text[: _LONG - 1] + "\u2026"


def show_field(name: str) -> str:
    return name.replace("_", " ")


def describe_change(name: str, change: Change) -> str:
    """One field of a change: "base rent 12,000.00 -> 12,500.00"."""
    if "before" in change and "after" in change:
        if change["after"] == HIDDEN:
            return f"{show_field(name)} changed"
        return f"{show_field(name)} {show_value(change['before'])} -> {show_value(change['after'])}"
    if "after" in change:
        return f"{show_field(name)} {show_value(change['after'])}"
    return f"{show_field(name)} was {show_value(change['before'])}"


VERBS = {"insert": "added", "update": "", "delete": "deleted"}


def describe(action: str, subject: str, fields: Mapping[str, Change]) -> str:
    """A whole entry in one line: "Lease 2026-01-01: base rent 12,000.00 -> 12,500.00"."""
    verb = VERBS.get(action, action)
    head = f"{subject} {verb}".strip() if verb else subject
    if action == "delete":
        return head
    parts = "; ".join(describe_change(name, change) for name, change in fields.items())
    return f"{head}: {parts}" if parts else head
