"""Persistence of users.

A manager is who tenants' care and reminders are addressed to; an owner reads the reports of
the buildings it owns (``BuildingOwner``).
"""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.auth.enums import Role
from tenantcrm.buildings.tables import Building
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column


class User(Audited, Table, tablename="app_user"):
    id = uuid_pk()
    audit_rule = AuditRule("User", label=named("username"), secret=frozenset({"password_hash"}))
    username = Varchar(length=150, unique=True)
    display_name = Varchar(length=200, default="")
    email = Varchar(length=254, default="")
    role = Varchar(length=20, choices=Role, default=Role.MANAGER.value)
    password_hash = Text(default="")
    is_active = Boolean(default=True)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class ApiToken(Audited, Table):
    """A bearer token for scripts and integrations; only its SHA-256 digest is stored."""

    id = uuid_pk()
    audit_rule = AuditRule(
        "API token",
        label=named("name"),
        secret=frozenset({"digest"}),
        quiet=frozenset({"last_used_at"}),
    )
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100, default="")
    digest = Varchar(length=64, unique=True)
    created_at = created_at()
    last_used_at = Timestamptz(null=True, default=None)


class BuildingOwner(Audited, Table):
    """Which buildings an owner user may read."""

    id = uuid_pk()
    audit_rule = AuditRule("Building owner")
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade, index=True)


class SignInFailure(Table):
    """A failed sign-in (a wrong password, or an unknown bearer token), kept for the window
    in which failures are counted (``auth/throttle.py``). In the database, so every worker
    and every instance of the app counts the same failures."""

    id = uuid_pk()
    kind = Varchar(length=10)
    """``password`` or ``token``."""
    username = Varchar(length=150, default="", index=True)
    """The username tried (lower-cased), empty for a token."""
    address = Varchar(length=64, default="", index=True)
    """The client's address."""
    at = Timestamptz(index=True)
