"""API model of an audit entry, shown as the history of a record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tenantcrm.core.schemas import OutModel


class HistoryEntryOut(OutModel):
    at: datetime
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]
    actor: str
