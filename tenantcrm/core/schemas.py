"""Shared pydantic types for the API: money and area as exact decimal strings, pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from tenantcrm.core.money import format_money

MONEY_PATTERN = r"^-?\d{1,13}(\.\d{1,2})?$"

Money = Annotated[
    Decimal,
    Field(max_digits=15, decimal_places=2, ge=0),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": MONEY_PATTERN, "examples": ["12500.00"]},
        mode="validation",
    ),
    WithJsonSchema({"type": "string", "examples": ["12500.00"]}, mode="serialization"),
]
"""An amount of money in the building's currency: a decimal string with at most 2 places."""

SignedMoney = Annotated[
    Decimal,
    Field(max_digits=15, decimal_places=2),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "examples": ["-250.00"]}),
]

Area = Annotated[
    Decimal,
    Field(max_digits=12, decimal_places=2, gt=0),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["325.50"]}),
]
"""Square metres, to the hundredth."""

Percent = Annotated[
    Decimal,
    Field(max_digits=7, decimal_places=2, gt=-100, le=1000),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["3.50"]}),
]

DecimalString = Annotated[
    Decimal,
    PlainSerializer(format_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["12500.00"]}),
]
"""An output amount (money, area, percentage) as an exact decimal string with 2 places."""

Ratio = Annotated[
    Decimal,
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["0.9250"]}),
]
"""A share between 0 and 1 as a decimal string with 4 places."""

T = TypeVar("T")


class Model(BaseModel):
    """Base of every API model: unknown fields are refused, so a typo is an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OutModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total count for the filters applied."""

    items: list[T]
    total: int
    limit: int
    offset: int
