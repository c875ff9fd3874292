"""Choice lists of the leases domain."""

from enum import StrEnum

from tenantcrm.leases.rent import StepKind

__all__ = ["LeaseStatus", "StepKind"]


class LeaseStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"
    RENEWED = "renewed"
