"""Choice lists of the care domain."""

from enum import StrEnum


class ContactKind(StrEnum):
    """How a manager touched a tenant."""

    VISIT = "visit"
    CALL = "call"
    MESSAGE = "message"
    GIFT = "gift"
    EVENT = "event"
    FEEDBACK_REQUEST = "feedback_request"
    BUSINESS_REVIEW = "business_review"


class Sentiment(StrEnum):
    """How the tenant came across in the contact."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class PlanSource(StrEnum):
    """Why a kind of contact is required at its interval."""

    TIER = "tier"
    ANCHOR = "anchor"
    OVERRIDE = "override"
    STEP_UP = "step_up"
