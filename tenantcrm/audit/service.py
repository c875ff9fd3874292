"""Writing and reading the audit trail; writes join the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal
from uuid import UUID

from piccolo.columns.combination import Combinable

from tenantcrm.audit import diff
from tenantcrm.audit.actor import current_actor
from tenantcrm.audit.schemas import ChangeFilters, ChangeOut, FieldChange, HistoryEntryOut
from tenantcrm.audit.tables import AuditEntry
from tenantcrm.audit.tracking import REGISTRY, ROW_ACTIONS
from tenantcrm.core.errors import FieldError, InvalidInputError, NotFoundError
from tenantcrm.core.records import contains_text
from tenantcrm.core.schemas import FIRST_DAY, LAST_DAY, Page

Scope = Literal["tenant", "lease"]


async def record(
    subject_kind: str,
    subject_id: UUID,
    action: str,
    *,
    from_state: str | None = None,
    to_state: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """Record an event of a workflow (a transition, an amendment) by the current actor."""
    acting = current_actor()
    await AuditEntry.insert(
        AuditEntry(
            subject_kind=subject_kind,
            subject_id=subject_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            detail=detail or {},
            actor=(actor or acting.label)[:100],
            actor_id=acting.user_id if actor is None else None,
        )
    )


async def history(subject_kind: str, subject_id: UUID) -> list[HistoryEntryOut]:
    """The workflow events of one record, oldest first (row changes are in ``changes_of``)."""
    rows = await (
        AuditEntry.select()
        .where(
            AuditEntry.subject_kind == subject_kind,
            AuditEntry.subject_id == subject_id,
            AuditEntry.action.not_in(list(ROW_ACTIONS)),
        )
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


def kinds() -> list[str]:
    """The kinds of record the trail holds changes of (the ``kind`` filter's choices)."""
    return sorted(REGISTRY)


async def changes_of(
    scope: Scope, ident: UUID, filters: ChangeFilters, limit: int, offset: int
) -> Page[ChangeOut]:
    """Every change of a tenant's (or a lease's) records, theirs and their children's, newest
    first; a record deleted since keeps its history."""
    _check_days(filters)
    column = AuditEntry.tenant_id if scope == "tenant" else AuditEntry.lease_id
    where: list[Combinable] = [column == ident, AuditEntry.action.is_in(list(ROW_ACTIONS))]
    if filters.kind is not None:
        if filters.kind not in REGISTRY:
            message = f"unknown kind of record; one of: {', '.join(kinds())}"
            raise InvalidInputError([FieldError("kind", message)])
        where.append(AuditEntry.subject_kind == filters.kind)
    if filters.actor:
        where.append(contains_text(AuditEntry.actor, filters.actor))
    if filters.since is not None:
        where.append(AuditEntry.at >= datetime.combine(filters.since, time(), tzinfo=UTC))
    if filters.until is not None:
        end = datetime.combine(filters.until + timedelta(days=1), time(), tzinfo=UTC)
        where.append(AuditEntry.at < end)
    total = await AuditEntry.count().where(*where)
    rows = await (
        AuditEntry.select()
        .where(*where)
        .order_by(AuditEntry.at, AuditEntry.id, ascending=False)
        .limit(limit)
        .offset(offset)
        .output(load_json=True)
    )
    if not rows:
        await _exists_or_404(scope, ident)
    return Page(items=[change_out(row) for row in rows], total=total, limit=limit, offset=offset)


def change_out(row: dict[str, Any]) -> ChangeOut:
    fields: dict[str, diff.Change] = row["changes"] or {}
    label = row["label"] or row["subject_kind"]
    return ChangeOut(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        actor_id=row["actor_id"],
        kind=row["subject_kind"],
        record=row["subject_id"],
        action=row["action"],
        label=label,
        changes={name: FieldChange(**change) for name, change in fields.items()},
        summary=diff.describe(row["action"], label, fields),
        tenant_id=row["tenant_id"],
        lease_id=row["lease_id"],
    )


async def record_of(kind: Scope, ident: UUID) -> dict[str, Any]:
    """The current row of a tenant or lease (naming it above its history), or 404."""
    table = REGISTRY[kind]
    row: dict[str, Any] | None = (
        await table.select().where(table._meta.primary_key == ident).first()
    )
    if row is None:
        raise NotFoundError(kind, ident)
    return row


async def _exists_or_404(scope: Scope, ident: UUID) -> None:
    table = REGISTRY[scope]
    if not await table.exists().where(table._meta.primary_key == ident):
        raise NotFoundError(scope, ident)


def _check_days(filters: ChangeFilters) -> None:
    for name in ("since", "until"):
        day = getattr(filters, name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            message = f"should be between {FIRST_DAY} and {LAST_DAY}"
            raise InvalidInputError([FieldError(name, message)])
