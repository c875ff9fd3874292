"""Shared pydantic types for the API: money and area as exact decimal strings, pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, Generic, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from tenantcrm.core.money import format_money

MONEY_PATTERN = r"^-?\d{1,13}(\.\d{1,2})?$"
AMOUNT_PATTERN = r"^\d{1,13}(\.\d{1,2})?$"
MAX_INT = 2_147_483_647
"""The largest whole number an INTEGER column holds (PostgreSQL); versions stay below it."""

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)

# Sign and range checks are validators, not Field(ge=...) constraints: Litestar reads numeric
# constraints on a Decimal as "this is a JSON number" and would document money as a number.


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError(
            "greater_than_equal", "Input should be greater than or equal to 0"
        )
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("greater_than", "Input should be greater than 0")
    return value


def _percent_range(value: Decimal) -> Decimal:
    if not Decimal(-100) < value <= Decimal(1000):
        raise PydanticCustomError("percent_range", "Input should be above -100 and at most 1000")
    return value


def _business_day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_range", f"Input should be between {FIRST_DAY} and {LAST_DAY}"
        )
    return value


def _decimal_text(value: object) -> object:
    """Amounts come as strings, as documented: a JSON number may have lost digits already."""
    if isinstance(value, int | float):  # bool too: it is an int
        raise PydanticCustomError(
            "decimal_string", 'must be a decimal string such as "12500.00", not a JSON number'
        )
    return value


def _four_places(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):f}"


def _money_doc(example: str, pattern: str = AMOUNT_PATTERN) -> Any:
    return Field(json_schema_extra={"pattern": pattern, "examples": [example]})


Money = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    Field(max_digits=15, decimal_places=2),
    AfterValidator(_not_negative),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    _money_doc("12500.00"),
    WithJsonSchema(
        {"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["12500.00"]},
        mode="validation",
    ),
    WithJsonSchema({"type": "string", "examples": ["12500.00"]}, mode="serialization"),
]
"""An amount of money in the building's currency: a decimal string with at most 2 places."""

SignedMoney = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    BeforeValidator(_decimal_text),
    Field(max_digits=15, decimal_places=2),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    _money_doc("-250.00", MONEY_PATTERN),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN, "examples": ["-250.00"]}),
]

Area = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    Field(max_digits=12, decimal_places=2),
    AfterValidator(_positive),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    _money_doc("325.50"),
    WithJsonSchema({"type": "string", "examples": ["325.50"]}),
]
"""Square metres, to the hundredth."""

Percent = Annotated[
    Decimal,
    BeforeValidator(_decimal_text),
    Field(max_digits=7, decimal_places=2),
    AfterValidator(_percent_range),
    PlainSerializer(format_money, return_type=str, when_used="json"),
    _money_doc("3.50", MONEY_PATTERN),
    WithJsonSchema({"type": "string", "examples": ["3.50"]}),
]
"""A percentage above -100 and at most 1000, to the hundredth."""

DecimalString = Annotated[
    Decimal,
    PlainSerializer(format_money, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["12500.00"]}),
]
"""An output amount (money, area, percentage) as an exact decimal string with 2 places."""

FourPlaces = Annotated[
    Decimal,
    PlainSerializer(_four_places, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "examples": ["36.5161"]}),
]
"""An output quantity (a count of months, a share) as a decimal string with 4 places."""

Ratio = FourPlaces
"""A share between 0 and 1 as a decimal string with 4 places."""

BusinessDate = Annotated[
    date,
    AfterValidator(_business_day),
    Field(description=f"A day from {FIRST_DAY} to {LAST_DAY}"),
]
"""A contract date: far-off years are typing mistakes, and would overflow date arithmetic."""

Version = Annotated[int, Field(ge=1, le=MAX_INT)]
"""The version of a record a client edited."""


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set | frozenset):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    return False


T = TypeVar("T")


def _types_in(annotation: Any) -> set[Any]:
    """The classes an annotation accepts: ``int | None`` -> {int, NoneType}."""
    args = get_args(annotation)
    if not args:
        return {annotation}
    return set().union(*(_types_in(arg) for arg in args))


class Model(BaseModel):
    """Base of every API model: unknown fields are refused, so a typo is an error.

    Text may not contain NUL: PostgreSQL cannot store it, and no one types it. A number is
    not a yes/no, nor a yes/no a number, nor a number a date: the document promises integers,
    booleans and date strings, and pydantic's lax mode would otherwise read ``false`` as 0,
    1 as ``true`` and 0 as 1970-01-01.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_type_mixups(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, int | float) or info.field_name is None:
            return value
        accepted = _types_in(cls.model_fields[info.field_name].annotation)
        if isinstance(value, bool) and bool not in accepted and accepted & {int, float}:
            raise PydanticCustomError("int_type", "must be a whole number, not true or false")
        if not isinstance(value, bool) and bool in accepted and not accepted & {int, float}:
            raise PydanticCustomError("bool_type", "must be true or false")
        if accepted & {date, datetime} and not accepted & {int, float}:
            # pydantic would read a number as seconds since 1970
            raise PydanticCustomError("date_type", "must be a date as YYYY-MM-DD")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise PydanticCustomError("nul_character", "must not contain the NUL character")
        return value


class PatchModel(Model):
    """Base of PATCH bodies: a field left out keeps its value; null clears only what may be empty.

    ``nullable`` names the fields null is a real value for; ``version`` null means "not sent".
    """

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name != "version" and info.field_name not in cls.nullable:
            raise PydanticCustomError(
                "null_not_allowed", "cannot be null: leave the field out to keep its value"
            )
        return value


class OutModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total count for the filters applied."""

    items: list[T]
    total: int
    limit: int
    offset: int
