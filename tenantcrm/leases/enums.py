"""Choice lists of the leases domain."""

from enum import StrEnum

from tenantcrm.core.workflow import Workflow
from tenantcrm.leases.critical_dates import DateKind, OptionKind
from tenantcrm.leases.rent import StepKind

__all__ = [
    "STATUS_EDITS",
    "DateKind",
    "LeaseStatus",
    "OptionKind",
    "StepKind",
    "UnitAddedBy",
    "UnitReleasedBy",
]


class LeaseStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"
    RENEWED = "renewed"


STATUS_EDITS: Workflow[LeaseStatus] = Workflow(
    {
        LeaseStatus.DRAFT: frozenset({LeaseStatus.DRAFT, LeaseStatus.ACTIVE}),
        LeaseStatus.ACTIVE: frozenset({LeaseStatus.ACTIVE}),
    }
)
"""Status changes an edit may make: a draft is signed. A lease ends only by a move-out and is
renewed only by signing its renewal, so ended and renewed leases are history (notes only)."""


class UnitAddedBy(StrEnum):
    LETTING = "letting"
    RENEWAL = "renewal"
    EXPANSION = "expansion"


class UnitReleasedBy(StrEnum):
    CONTRACTION = "contraction"
    MOVE_OUT = "move_out"
