"""How many failed sign-ins are tolerated, and for how long a caller then waits.

Pure rules: failures are counted in a sliding window, by the username tried (so guessing one
account's password from many addresses is slowed) and by the client's address (so trying
many usernames from one place is too). Once a count reaches its limit, the next attempt is
refused until the oldest failure counted leaves the window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Limit:
    failures: int
    """Failures tolerated in the window; the next attempt waits."""
    window: timedelta


def wait_for(failures: Sequence[datetime], limit: Limit, now: datetime) -> int:
    """Seconds to wait before the next attempt (0: go ahead), given past failures' times."""
    recent = sorted(at for at in failures if now - limit.window < at <= now)
    if len(recent) < limit.failures:
        return 0
    # The attempt is allowed again once enough failures have left the window.
    frees_at = recent[len(recent) - limit.failures] + limit.window
    return max(1, math.ceil((frees_at - now).total_seconds()))


def username_key(username: str) -> str:
    """Failures of ``Admin`` and ``admin`` count together (sign-in is by exact name, but an
    attacker must not multiply its tries by changing case)."""
    return username.strip().lower()[:150]
