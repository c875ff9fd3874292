"""Who is acting: set once per request (the signed-in user) or per command, read by the trail.

A context variable, so every write of one request or one command records the same actor
without each service taking a user parameter. Outside a request or a named command the actor
is plain "system".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Actor:
    label: str
    """Readable: a user's display name, or what ran the change ("cli: import")."""
    user_id: UUID | None = None
    """The acting user, if a person; None for the scheduler, the CLI, the demo generator."""


SYSTEM = Actor("system")

_current: ContextVar[Actor] = ContextVar("tenantcrm_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Record ``actor`` for every change made inside the block (and restore the previous one)."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
