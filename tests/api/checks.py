"""Assertions shared by the API tests: problem responses and exact money strings."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from httpx import Response

PROBLEM_JSON = "application/problem+json"
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def problem(response: Response, status: int, *fields: str) -> dict[str, Any]:
    """Assert an RFC 9457 problem with ``status``; every name in ``fields`` is in ``errors``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["instance"] == response.request.url.path
    if fields:
        named = [error["field"] for error in body["errors"]]
        for field in fields:
            assert field in named, f"{field!r} not named in {body['errors']}"
        assert all(error["message"] for error in body["errors"])
    return body


def field_names(body: dict[str, Any]) -> list[str]:
    return [error["field"] for error in body.get("errors", [])]


def money(value: object) -> Decimal:
    """A money value from the API: a string with exactly two decimal places."""
    assert isinstance(value, str), f"money must be a JSON string, got {value!r}"
    assert MONEY.match(value), f"not a 2-place decimal string: {value!r}"
    return Decimal(value)


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]
