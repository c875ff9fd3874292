"""Persistence of audit entries (append-only)."""

from piccolo.columns import JSON, UUID, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from tenantcrm.core.columns import uuid_pk


class AuditEntry(Table):
    """One change of one record.

    Either a row change (``action`` insert, update or delete, with the changed fields before
    and after in ``changes``), written with the change itself, or a recorded event of a
    workflow (a transition, an amendment) with its ``detail``. ``tenant_id`` and ``lease_id``
    say whose history the entry belongs to (a rent step: its lease and that lease's tenant).
    """

    id = uuid_pk()
    subject_kind = Varchar(length=40, index=True)
    subject_id = UUID(index=True)
    action = Varchar(length=40)
    from_state = Varchar(length=40, null=True, default=None)
    to_state = Varchar(length=40, null=True, default=None)
    detail = JSON(default={})
    actor = Varchar(length=100, default="system")
    at = Timestamptz(default=TimestamptzNow())
    actor_id = UUID(null=True, default=None, index=True)
    tenant_id = UUID(null=True, default=None, index=True)
    lease_id = UUID(null=True, default=None, index=True)
    label = Varchar(length=300, default="")
    changes = JSON(default={})
