"""Choice lists of the leases domain."""

from enum import StrEnum

from tenantcrm.leases.rent import StepKind

__all__ = ["LeaseStatus", "OptionKind", "StepKind", "UnitAddedBy", "UnitReleasedBy"]


class LeaseStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"
    RENEWED = "renewed"


class OptionKind(StrEnum):
    """What a lease option lets the tenant do within its window."""

    RENEW = "renew"
    EXPAND = "expand"
    CONTRACT = "contract"
    BREAK = "break"


class UnitAddedBy(StrEnum):
    LETTING = "letting"
    RENEWAL = "renewal"
    EXPANSION = "expansion"


class UnitReleasedBy(StrEnum):
    CONTRACTION = "contraction"
    MOVE_OUT = "move_out"
