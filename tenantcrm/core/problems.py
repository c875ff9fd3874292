"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from tenantcrm.core.errors import ConflictError, DomainError, InvalidInputError

PROBLEM_JSON = "application/problem+json"
_INDEX = re.compile(r"\.(\d+)(?=\.|$)")

log = logging.getLogger(__name__)


def field_path(key: str) -> str:
    """``rent_steps.2.amount`` (pydantic's location) -> ``rent_steps[2].amount``."""
    return _INDEX.sub(r"[\1]", key)


def problem(
    status: int, title: str, detail: str, request: Request[Any, Any, Any], **extra: Any
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


def _domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidInputError):
        extra["errors"] = [{"field": e.field, "message": e.message} for e in exc.errors]
    if isinstance(exc, ConflictError) and exc.conflicts:
        extra["conflicts"] = exc.conflicts
    return problem(exc.status, exc.title, exc.detail, request, **extra)


def _validation_error(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    items = exc.extra if isinstance(exc.extra, list) else []
    errors = [
        {
            "field": field_path(str(item.get("key") or "body")),
            "message": str(item.get("message", "is invalid")),
            "source": str(item.get("source", "body")),
        }
        for item in items
        if isinstance(item, dict)
    ]
    if not errors:
        return problem(400, "Malformed request", exc.detail, request)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "Invalid input", detail, request, errors=errors)


def _undecodable_body(
    request: Request[Any, Any, Any], exc: UnicodeDecodeError
) -> Response[dict[str, Any]]:
    """The JSON decoder raises this (not a decode error) for bytes that are not UTF-8."""
    return problem(400, "Malformed request", f"the body is not valid UTF-8: {exc.reason}", request)


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    return problem(exc.status_code, exc.detail or "Error", exc.detail, request)


def _unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Internal error",
        "something went wrong on our side; the change was not applied",
        request,
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _domain_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    UnicodeDecodeError: _undecodable_body,
    Exception: _unexpected_error,
}
