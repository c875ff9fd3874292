"""Writing and reading the audit trail; writes join the caller's transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tenantcrm.audit.schemas import HistoryEntryOut
from tenantcrm.audit.tables import AuditEntry


async def record(
    subject_kind: str,
    subject_id: UUID,
    action: str,
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str = "system",
) -> None:
    await AuditEntry.insert(
        AuditEntry(
            subject_kind=subject_kind,
            subject_id=subject_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            detail=detail or {},
            actor=actor,
        )
    )


async def history(subject_kind: str, subject_id: UUID) -> list[HistoryEntryOut]:
    """Entries about one record, oldest first."""
    rows = await (
        AuditEntry.select()
        .where(AuditEntry.subject_kind == subject_kind, AuditEntry.subject_id == subject_id)
        .order_by(AuditEntry.at)
        .output(load_json=True)
    )
    return [
        HistoryEntryOut(
            at=row["at"],
            action=row["action"],
            from_state=row["from_state"],
            to_state=row["to_state"],
            detail=row["detail"] or {},
            actor=row["actor"],
        )
        for row in rows
    ]
