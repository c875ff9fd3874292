"""Choice lists of the leases domain."""

from enum import StrEnum

from tenantcrm.leases.critical_dates import DateKind, OptionKind
from tenantcrm.leases.rent import StepKind

__all__ = ["DateKind", "LeaseStatus", "OptionKind", "StepKind", "UnitAddedBy", "UnitReleasedBy"]


class LeaseStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"
    RENEWED = "renewed"


class UnitAddedBy(StrEnum):
    LETTING = "letting"
    RENEWAL = "renewal"
    EXPANSION = "expansion"


class UnitReleasedBy(StrEnum):
    CONTRACTION = "contraction"
    MOVE_OUT = "move_out"
