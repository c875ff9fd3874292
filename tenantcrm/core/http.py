"""HTTP helpers shared by the JSON controllers: versions, paging parameters."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

from litestar.di import NamedDependency
from litestar.params import HeaderParameter, QueryParameter

from tenantcrm.core.errors import FieldError, InvalidInputError, PreconditionRequiredError
from tenantcrm.core.schemas import MAX_INT
from tenantcrm.settings import Settings

AppSettings = NamedDependency[Settings]
"""The running app's settings, injected into handlers."""

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description="The version being edited (as returned in 'version'); or send 'version'",
    ),
]
VersionQuery = Annotated[
    int | None,
    QueryParameter(
        name="version", required=False, ge=1, le=MAX_INT, description="or send If-Match"
    ),
]
OnDay = Annotated[
    date | None,
    QueryParameter(name="on", required=False, description="The day to look at (default: today)"),
]
Limit = Annotated[int, QueryParameter(ge=1, le=500, description="Page size")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_INT, description="Rows to skip")]
Search = Annotated[
    str | None,
    QueryParameter(
        max_length=200, pattern=r"^[^\x00]*$", description="Part of the name or legal name"
    ),
]
"""Free text to look for: any script, matched literally (% and _ are not wildcards)."""

_VERSION = re.compile(r'(?:W/)?("?)([0-9]{1,10})\1')


def expected_version(if_match: str | None, body_version: int | None = None) -> int:
    """The version the client edited: If-Match (``"3"``, ``W/"3"`` or ``3``), else the body."""
    if if_match is not None:
        match = _VERSION.fullmatch(if_match.strip())
        if match is None or not 1 <= int(match[2]) <= MAX_INT:
            raise InvalidInputError(
                [FieldError("If-Match", 'must be the record\'s version, e.g. "3"')]
            )
        header_version = int(match[2])
        if body_version is not None and body_version != header_version:
            raise InvalidInputError([FieldError("version", "differs from the If-Match header")])
        return header_version
    if body_version is None:
        raise PreconditionRequiredError()
    return body_version


# --- query parameters whose names are Python keywords (from, to, class) --------------------

E = TypeVar("E", bound=StrEnum)


def query_day(value: str | None, name: str) -> date | None:
    """A day sent as the query parameter ``name`` (YYYY-MM-DD), or 422 naming ``name``."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidInputError([FieldError(name, "must be a day as YYYY-MM-DD")]) from error


def query_choice(value: str | None, name: str, choices: type[E]) -> E | None:
    """A choice sent as the query parameter ``name``, or 422 naming ``name`` and the choices."""
    if value is None:
        return None
    try:
        return choices(value)
    except ValueError as error:
        allowed = ", ".join(choices)
        raise InvalidInputError([FieldError(name, f"must be one of {allowed}")]) from error
