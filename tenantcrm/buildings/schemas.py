"""API models of buildings and units."""

from __future__ import annotations

from datetime import date
from uuid import UUID
from zoneinfo import available_timezones

from pydantic import Field, field_validator

from tenantcrm.buildings.enums import Occupancy, UnitStatus
from tenantcrm.core.schemas import (
    Area,
    DecimalString,
    Model,
    OutModel,
    PatchModel,
    Ratio,
    Version,
)

_TIME_ZONES = frozenset(available_timezones())
LOWEST_FLOOR, HIGHEST_FLOOR = -10, 200


def _check_time_zone(value: str | None) -> str | None:
    if value is not None and value not in _TIME_ZONES:
        raise ValueError("must be an IANA time zone such as Asia/Shanghai")
    return value


class BuildingIn(Model):
    name: str = Field(min_length=1, max_length=200)
    address: str = Field(default="", max_length=2000)
    city: str = Field(default="", max_length=100)
    time_zone: str = Field(default="Asia/Shanghai", max_length=64)
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    country: str = Field(
        default="CN",
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code; picks the public holidays for tenant greetings",
    )
    owner_name: str = Field(default="", max_length=200)

    _tz = field_validator("time_zone")(_check_time_zone)


class BuildingPatch(PatchModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=2000)
    city: str | None = Field(default=None, max_length=100)
    time_zone: str | None = Field(default=None, max_length=64)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    owner_name: str | None = Field(default=None, max_length=200)
    version: Version | None = Field(default=None, description="or send an If-Match header")

    _tz = field_validator("time_zone")(_check_time_zone)


class BuildingOut(OutModel):
    id: UUID
    name: str
    address: str
    city: str
    time_zone: str
    currency: str
    country: str
    owner_name: str
    version: int


class UnitIn(Model):
    building: UUID
    floor: int = Field(ge=LOWEST_FLOOR, le=HIGHEST_FLOOR)
    code: str = Field(min_length=1, max_length=50)
    area: Area
    status: UnitStatus = UnitStatus.AVAILABLE


class UnitPatch(PatchModel):
    floor: int | None = Field(default=None, ge=LOWEST_FLOOR, le=HIGHEST_FLOOR)
    code: str | None = Field(default=None, min_length=1, max_length=50)
    area: Area | None = None
    status: UnitStatus | None = None
    version: Version | None = Field(default=None, description="or send an If-Match header")


class UnitOut(OutModel):
    id: UUID
    building: UUID
    floor: int
    code: str
    area: DecimalString
    status: UnitStatus
    version: int


class UnitOccupancy(OutModel):
    id: UUID
    floor: int
    code: str
    area: DecimalString
    occupancy: Occupancy
    tenant_id: UUID | None = None
    tenant_name: str | None = None
    lease_id: UUID | None = None
    lease_end: date | None = None


class FloorOccupancy(OutModel):
    floor: int
    lettable_area: DecimalString
    occupied_area: DecimalString
    units: list[UnitOccupancy]


class OccupancyOut(OutModel):
    """A building's vacancy and occupancy on a day: lettable means not off the market."""

    building: UUID
    on: date
    unit_count: int
    occupied_units: int
    vacant_units: int
    off_market_units: int
    lettable_area: DecimalString
    occupied_area: DecimalString
    vacant_area: DecimalString
    occupancy_rate: Ratio = Field(description="occupied / lettable area, 0..1, 4 places")
    floors: list[FloorOccupancy]
