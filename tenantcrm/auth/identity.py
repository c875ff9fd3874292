"""Who is asking: the signed-in user as the rest of the app sees it, and what it may do.

Pure rules: the authorization policy of the whole API lives in ``may``, so one table of
roles and methods decides every request (and a test can walk it route by route).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from tenantcrm.auth.enums import Role

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ADMIN_PATHS = ("/api/users",)
"""Resources only admins may touch, for reading as well as writing."""
LEASING_TEAM_PAGES = ("/imports",)
"""Web pages of the leasing team's work that owners may not even read (rent roll imports)."""
SIGNED_IN_PATHS = frozenset({"/logout"})
"""What every signed-in user may do, whatever the method (an owner too must sign out)."""


@dataclass(frozen=True, slots=True)
class Identity:
    id: UUID
    username: str
    display_name: str
    role: Role
    buildings: frozenset[UUID] = field(default_factory=frozenset)
    """The buildings an owner may read (empty for other roles, who see every building)."""

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.ADMIN, Role.MANAGER)

    def sees_building(self, building: UUID) -> bool:
        return self.role is not Role.OWNER or building in self.buildings


_OWN_BUILDING_PATH = re.compile(r"^/api/buildings/(?P<building>[0-9a-fA-F-]{36})(/occupancy)?/?$")
"""A building and its occupancy: named one by one, so a new route under a building stays
closed to owners until it is added here."""
_HISTORY_PATH = re.compile(r"^(/api)?/(tenants|leases)/[^/]+/history/?$")
"""The audit trail of a tenant or a lease (JSON or web page): managers and admins only."""
OWNER_API_BY_BUILDING = (
    "/api/analytics/churn",
    "/api/analytics/expiries",
    "/api/analytics/occupancy",
    "/api/health/at-risk",
    "/api/reports/owner",
)
"""JSON API routes an owner may read, for one of its buildings named by ``?building=``."""


def _owns(identity: Identity, value: str | None) -> bool:
    try:
        return value is not None and UUID(value) in identity.buildings
    except ValueError:
        return False


def may(identity: Identity, method: str, path: str, query: Mapping[str, str] | None = None) -> bool:
    """Whether ``identity`` may make a ``method`` request to ``path`` with ``query``.

    Admins may do anything; managers everything but managing users. Owners only read, and in
    the JSON API only what concerns one of their buildings: the building itself (and its
    units and occupancy) and the figures and reports asked with ``?building=`` of it, never
    the history (audit trail) of a tenant or lease; everything else is refused, so a new
    route is closed to owners until opened here.
    Of the web pages, owners may not open the leasing team's ``LEASING_TEAM_PAGES``.
    """
    if identity.role is Role.ADMIN or path in SIGNED_IN_PATHS:
        return True
    if path.startswith(ADMIN_PATHS):
        return False
    if identity.role is Role.OWNER:
        if _HISTORY_PATH.match(path):
            return False  # the audit trail is for the leasing team only
        return method.upper() in READ_METHODS and _owner_may_read(identity, path, query or {})
    return identity.role is Role.MANAGER


def _owner_may_read(identity: Identity, path: str, query: Mapping[str, str]) -> bool:
    if path.startswith(LEASING_TEAM_PAGES):
        return False
    if not path.startswith("/api/"):
        return True  # web pages narrow what they show themselves
    if found := _OWN_BUILDING_PATH.match(path):
        return _owns(identity, found["building"])
    if path in OWNER_API_BY_BUILDING:
        return _owns(identity, query.get("building"))
    return False
