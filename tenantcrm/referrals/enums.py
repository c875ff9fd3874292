"""Choice lists of referrals."""

from enum import StrEnum


class ReferralStage(StrEnum):
    """How far a referred prospect has got: lead -> contacted -> viewing -> offer -> signed."""

    LEAD = "lead"
    CONTACTED = "contacted"
    VIEWING = "viewing"
    OFFER = "offer"
    SIGNED = "signed"
    LOST = "lost"


class ReferralRelation(StrEnum):
    """How the prospect is related to the referring tenant."""

    PARTNER = "partner"
    AFFILIATE = "affiliate"
    CLIENT = "client"
    SUPPLIER = "supplier"
    OTHER = "other"
