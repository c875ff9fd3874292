"""Choice lists of the buildings domain."""

from enum import StrEnum


class UnitStatus(StrEnum):
    """Whether a unit is on the market at all; occupancy itself follows from leases."""

    AVAILABLE = "available"
    OFF_MARKET = "off_market"


class Occupancy(StrEnum):
    """A unit's state on a given day, derived from its status and the leases covering it."""

    OCCUPIED = "occupied"
    VACANT = "vacant"
    OFF_MARKET = "off_market"
