"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

import logging
import re
import sqlite3
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


_BODY_DECODERS = (
    ("decode_json", "msgspec_hooks.py"),  # a JSON body
    ("parse_multipart_form", "_multipart.py"),  # a multipart form field sent without a filename
)
"""Litestar's functions reading a request body, by name and file."""


def _from_body_decoder(exc: BaseException) -> bool:
    """Whether ``exc`` escaped one of Litestar's body decoders, i.e. the request body is at
    fault."""
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if any(
            code.co_name == name and code.co_filename.endswith(file)
            for name, file in _BODY_DECODERS
        ):
            return True
        tb = tb.tb_next
    return False


def _undecodable_body(
    request: Request[Any, Any, Any], exc: UnicodeDecodeError | RecursionError
) -> Response[dict[str, Any]]:
    """The body decoders let these through (not as decode errors) for bytes that are not UTF-8
    (in JSON, or in a form field that is not a file) and for JSON nested thousands deep."""
    if not _from_body_decoder(exc):
        return _unexpected_error(request, exc)
    reason = (
        f"the body is not valid UTF-8 text: {exc.reason} (a file must be sent with a filename)"
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


BUSY_RETRY_AFTER_SECONDS = 1


def is_transient_clash(exc: BaseException) -> bool:
    """Whether the database refused a transaction only because of others running at once.

    PostgreSQL: a deadlock or serialization failure (SQLSTATE class 40), which aborts the whole
    transaction; SQLite: a writer that waited its busy timeout out for the lock.
    """
    if isinstance(exc, asyncpg.TransactionRollbackError):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def _database_busy(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """503 with Retry-After for a transaction the database rolled back because of a clash.

    Nothing was written (the transaction was rolled back whole), so sending the same request
    again is safe; the answer says so instead of a 500. Not retried here: the request's effects
    run inside the handler, and only the client knows whether it still wants them.
    """
    if not is_transient_clash(exc):
        return _unexpected_error(request, exc)
    log.warning("transaction clash on %s %s: %s", request.method, request.url.path, exc)
    response = problem(
        503,
        "Busy, try again",
        "the database refused this change because of others made at the same moment; "
        "nothing was changed, so the same request can be sent again",
        request,
    )
    response.headers["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response


def is_reference_clash(exc: BaseException) -> bool:
    """Whether a write broke a foreign or unique key that the service had checked: another
    transaction deleted what it refers to, or inserted the same key, since the check."""
    if isinstance(exc, asyncpg.ForeignKeyViolationError | asyncpg.UniqueViolationError):
        return True
    return isinstance(exc, sqlite3.IntegrityError) and (
        "FOREIGN KEY" in str(exc) or "UNIQUE" in str(exc)
    )


def _integrity_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """409 for a key broken by a change made at the same moment (services check their keys
    first, so only a concurrent writer gets here); any other integrity error is a bug: 500."""
    if not is_reference_clash(exc):
        return _unexpected_error(request, exc)
    log.warning("key clash on %s %s: %s", request.method, request.url.path, exc)
    return problem(
        409,
        "Conflict",
        "a record this change refers to was deleted, or the same record created, by another "
        "change at the same moment; nothing was changed: reload and try again",
        request,
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    asyncpg.IntegrityConstraintViolationError: _integrity_error,
    sqlite3.IntegrityError: _integrity_error,
    asyncpg.TransactionRollbackError: _database_busy,
    sqlite3.OperationalError: _database_busy,
    DomainError: _domain_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    UnicodeDecodeError: _undecodable_body,
    RecursionError: _undecodable_body,
    **dict.fromkeys(DATABASE_AWAY, _database_away),
    asyncpg.InterfaceError: _closed_connection,
    Exception: _unexpected_error,
}
