"""Approval authority: the compensation an approver of each level may grant.

A resolution whose compensation exceeds an approver's limit needs a higher approver; the limit
itself is still within authority. Limits are in the building's currency, major units.
Pure: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tenantcrm.complaints.enums import ApprovalLevel

L = ApprovalLevel

AUTHORITY_LIMITS: Mapping[ApprovalLevel, Decimal | None] = {
    L.MANAGER: Decimal("5000.00"),
    L.DIRECTOR: Decimal("50000.00"),
    L.GENERAL_MANAGER: Decimal("500000.00"),
    L.BOARD: None,
}
"""The most each level may approve; None: no limit (configurable here)."""


def may_approve(level: ApprovalLevel, amount: Decimal) -> bool:
    """True if an approver of ``level`` may approve a compensation of ``amount``."""
    limit = AUTHORITY_LIMITS[level]
    return limit is None or amount <= limit


def required_level(amount: Decimal) -> ApprovalLevel:
    """The lowest level with authority for ``amount``."""
    return next(level for level in ApprovalLevel if may_approve(level, amount))


def authority_message(level: ApprovalLevel, amount: Decimal) -> str | None:
    """Why ``level`` may not approve ``amount``, or None when it may."""
    if may_approve(level, amount):
        return None
    return (
        f"a {level} may approve up to {AUTHORITY_LIMITS[level]}; {amount} needs "
        f"a {required_level(amount)} or higher"
    )
