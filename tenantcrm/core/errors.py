"""Domain errors raised by services; the web layer turns them into problem details."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldError:
    """One bad input field: ``field`` uses the API's names, e.g. ``rent_steps[2].effective``."""

    field: str
    message: str


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    title = "Request refused"
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(DomainError):
    title = "Not found"
    status = 404

    def __init__(self, resource: str, ident: object) -> None:
        super().__init__(f"{resource} {ident} does not exist")
        self.resource = resource
        self.ident = ident


class InvalidInputError(DomainError):
    """Input that parses but breaks a business rule; names every offending field."""

    title = "Invalid input"
    status = 422

    def __init__(self, errors: Iterable[FieldError], detail: str | None = None) -> None:
        self.errors = list(errors)
        summary = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        super().__init__(detail or summary or "invalid input")


class ConflictError(DomainError):
    """The request collides with the current state of another record."""

    title = "Conflict"
    status = 409

    def __init__(self, detail: str, conflicts: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.conflicts = conflicts or []


class StaleVersionError(ConflictError):
    """The client edited an outdated copy: optimistic concurrency refused the write."""

    title = "Edit conflict"

    def __init__(self, resource: str, ident: object, sent: int, current: int) -> None:
        super().__init__(
            detail=(
                f"{resource} {ident} was changed by someone else: you sent version {sent}, "
                f"the current version is {current}. Reload it and apply your change again."
            ),
            conflicts=[{"field": "version", "sent": sent, "current": current}],
        )


class PreconditionRequiredError(DomainError):
    title = "Version required"
    status = 428

    def __init__(self) -> None:
        super().__init__("send the version you edited, as an If-Match header or a 'version' field")


class IllegalTransitionError(ConflictError):
    """A workflow was asked for a move its current state does not allow (409, allowed listed)."""

    title = "Transition not allowed"

    def __init__(self, resource: str, ident: object, current: str, target: str, allowed: list[str]):
        listed = ", ".join(allowed) or "none: it is closed"
        super().__init__(
            f"{resource} {ident} is {current}: it cannot move to {target} (allowed: {listed})",
            [{"field": "to", "current": current, "requested": target, "allowed": allowed}],
        )
        self.allowed = allowed
