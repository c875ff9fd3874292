"""Choice lists of satisfaction surveys and their trends."""

from enum import StrEnum


class RenewalIntent(StrEnum):
    LIKELY = "likely"
    UNSURE = "unsure"
    UNLIKELY = "unlikely"


class FutureSpace(StrEnum):
    GROW = "grow"
    SAME = "same"
    SHRINK = "shrink"
    UNKNOWN = "unknown"


class Period(StrEnum):
    QUARTER = "quarter"
    YEAR = "year"


class Direction(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    FLAT = "flat"
    UNKNOWN = "unknown"


DIMENSIONS = ("management", "cleaning", "security", "maintenance", "amenities")
"""The service dimensions a survey scores from 1 to 5 (each may be left unanswered)."""
