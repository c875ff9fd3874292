"""Who is asking: the signed-in user as the rest of the app sees it, and what it may do.

Pure rules: the authorization policy of the whole API lives in ``may``, so one table of
roles and methods decides every request (and a test can walk it route by route).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from tenantcrm.auth.enums import Role

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ADMIN_PATHS = ("/api/users",)
"""Resources only admins may touch, for reading as well as writing."""


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


def may(identity: Identity, method: str, path: str) -> bool:
    """Whether ``identity`` may make a ``method`` request to ``path`` (the route's path).

    Admins may do anything; managers everything but managing users; owners only read (and
    what they read is narrowed to their buildings by the services that list and show it).
    """
    if identity.role is Role.ADMIN:
        return True
    if path.startswith(ADMIN_PATHS):
        return False
    if method.upper() in READ_METHODS:
        return True
    return identity.role is Role.MANAGER
