"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

import logging
import re
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ExceptionHandlersMap

from tenantcrm.core.errors import (
    ConflictError,
    DomainError,
    IllegalTransitionError,
    InvalidInputError,
)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 5
"""What a 503 asks a client to wait before trying again while the database is away."""

DATABASE_AWAY: tuple[type[Exception], ...] = (
    ConnectionError,  # refused or reset: the server is down or restarting
    asyncpg.PostgresConnectionError,  # the connection died mid-request, or was rejected
    asyncpg.CannotConnectNowError,  # starting up or shutting down
    asyncpg.AdminShutdownError,  # terminated by a fast or immediate shutdown
    asyncpg.CrashShutdownError,
    # A pooled connection killed under a query: asyncpg's reset on release finds its protocol
    # mid-operation ("cannot switch to state ...") and terminates the connection.
    asyncpg.InternalClientError,
)
"""What the database driver raises while PostgreSQL is unreachable: a 503, not a 500.

The pool needs no help to recover: asyncpg replaces a pooled connection found closed when it
is next acquired, so requests succeed again as soon as the server accepts connections."""
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
    if isinstance(exc, IllegalTransitionError):
        extra["allowed"] = exc.allowed
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


def _from_body_decoder(exc: BaseException) -> bool:
    """Whether ``exc`` escaped Litestar's JSON decoder, i.e. the request body is at fault."""
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "decode_json" and code.co_filename.endswith("msgspec_hooks.py"):
            return True
        tb = tb.tb_next
    return False


def _undecodable_body(
    request: Request[Any, Any, Any], exc: UnicodeDecodeError | RecursionError
) -> Response[dict[str, Any]]:
    """The JSON decoder lets these through (not as decode errors) for bytes that are not UTF-8
    and for arrays or objects nested thousands deep."""
    if not _from_body_decoder(exc):
        return _unexpected_error(request, exc)
    reason = (
        f"the body is not valid UTF-8: {exc.reason}"
        if isinstance(exc, UnicodeDecodeError)
        else "the body is nested too deeply"
    )
    return problem(400, "Malformed request", reason, request)


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    response = problem(exc.status_code, exc.detail or "Error", exc.detail, request)
    response.headers.update(exc.headers or {})  # e.g. Retry-After of a 429
    return response


def _database_away(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
    response = problem(
        HTTP_503_SERVICE_UNAVAILABLE,
        "Service unavailable",
        "the database cannot be reached just now; the change was not applied, try again "
        f"in {RETRY_AFTER_SECONDS} seconds",
        request,
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _closed_connection(
    request: Request[Any, Any, Any], exc: asyncpg.InterfaceError
) -> Response[dict[str, Any]]:
    """asyncpg reports a connection that closed under a transaction (its rollback failing) as
    an interface error; other interface errors are bugs."""
    if "connection is closed" in str(exc) or "connection was closed" in str(exc):
        return _database_away(request, exc)
    return _unexpected_error(request, exc)


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
    RecursionError: _undecodable_body,
    **dict.fromkeys(DATABASE_AWAY, _database_away),
    asyncpg.InterfaceError: _closed_connection,
    Exception: _unexpected_error,
}
