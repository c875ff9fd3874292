"""Choice lists of the benefits domain: the kinds of benefit and of limited resource."""

from enum import StrEnum


class BenefitKind(StrEnum):
    """What an anchor tenant (or a referrer) is granted; the catalogue is this list."""

    RENT_CONCESSION = "rent_concession"
    PARKING_SPACE = "parking_space"
    STORAGE_ROOM = "storage_room"
    SIGNAGE_SPACE = "signage_space"
    BUTLER_SERVICE = "butler_service"
    AUTHORITY_LIAISON = "authority_liaison"
    CUSTOM = "custom"


class ResourceKind(StrEnum):
    """A limited resource of a building, held by one tenant at a time."""

    PARKING_BAY = "parking_bay"
    STORAGE_ROOM = "storage_room"
    SIGNAGE_SLOT = "signage_slot"


class GrantOrigin(StrEnum):
    """Why a benefit was granted."""

    ANCHOR_POLICY = "anchor_policy"
    REFERRAL_REWARD = "referral_reward"
    NEGOTIATED = "negotiated"
