"""Persistence of audit entries (append-only)."""

from piccolo.columns import JSON, UUID, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from tenantcrm.core.columns import uuid_pk


class AuditEntry(Table):
    """One change of one record: a workflow transition, an amendment, a recorded event."""

    id = uuid_pk()
    subject_kind = Varchar(length=40, index=True)
    subject_id = UUID(index=True)
    action = Varchar(length=40)
    from_state = Varchar(length=40, null=True, default=None)
    to_state = Varchar(length=40, null=True, default=None)
    detail = JSON(default={})
    actor = Varchar(length=100, default="system")
    at = Timestamptz(default=TimestamptzNow())
