"""Writing and reading the audit trail; writes join the caller's transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

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


async def history(subject_kind: str, subject_id: UUID) -> list[dict[str, Any]]:
    """Entries about one record, oldest first."""
    return await (
        AuditEntry.select()
        .where(AuditEntry.subject_kind == subject_kind, AuditEntry.subject_id == subject_id)
        .order_by(AuditEntry.at)
        .output(load_json=True)
    )
