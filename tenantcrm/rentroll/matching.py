"""Matching the file's records to what TenantCRM holds, by natural key, and what differs.

A line never changes a record that exists: a building, unit, tenant, contact or lease that
matches is left as it is when it agrees with the file, and any disagreement is a problem
(edit the record in TenantCRM, or the file). So importing a file twice creates nothing the
second time, and never overwrites anyone's edits.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from uuid import UUID

from tenantcrm.leases.schemas import LeaseIn, LeaseOut, RentStepIn, RentStepOut

StepKey = tuple[str, str, Decimal | None, Decimal | None, int | None, int | None]


def _steps(steps: Iterable[RentStepIn | RentStepOut]) -> list[StepKey]:
    keys = [
        (
            s.kind.value,
            s.effective.isoformat(),
            s.amount,
            s.percent,
            s.every_months,
            s.months,
        )
        for s in steps
    ]
    return sorted(keys, key=repr)


def lease_difference(
    existing: LeaseOut, wanted: LeaseIn, currency: str, units: Iterable[UUID]
) -> str | None:
    """How the lease in TenantCRM differs from the file's (None when they agree)."""
    pairs: list[tuple[str, object, object]] = [
        ("end", existing.end_date, wanted.end_date),
        ("currency", existing.currency, currency),
        ("monthly rent", existing.base_rent, wanted.base_rent),
        ("deposit", existing.deposit, wanted.deposit),
        ("notice months", existing.notice_months, wanted.notice_months),
    ]
    for label, held, given in pairs:
        if held != given:
            return f"its {label} is {held} in TenantCRM, {given} in the file"
    if {u.unit for u in existing.units} != set(units):
        held_codes = ", ".join(sorted(u.code for u in existing.units))
        return f"it lets {held_codes} in TenantCRM, other units in the file"
    if _steps(existing.rent_steps) != _steps(wanted.rent_steps):
        return "its rent steps differ from the file's"
    return None
