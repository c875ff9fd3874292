"""The audit trail's off switch, for wiping a whole database (tests, benches, a restore).

Here rather than in ``tenantcrm.audit`` so generic tools (the archive) can use it without
knowing the audit domain. Never for a business change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_off: ContextVar[bool] = ContextVar("tenantcrm_unaudited", default=False)


@contextmanager
def unaudited() -> Iterator[None]:
    """Write without audit entries inside the block."""
    token = _off.set(True)
    try:
        yield
    finally:
        _off.reset(token)


def auditing() -> bool:
    """Whether writes made now are recorded in the audit trail."""
    return not _off.get()
