"""Column sets every editable table carries: a UUID key, a version and timestamps."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow


def uuid_pk() -> UUID:
    return UUID(primary_key=True)


def version_column() -> Integer:
    """Optimistic concurrency: every update must name the version it edited."""
    return Integer(default=1, null=False)


def created_at() -> Timestamptz:
    return Timestamptz(default=TimestamptzNow(), null=False)


def updated_at() -> Timestamptz:
    return Timestamptz(default=TimestamptzNow(), null=False)
