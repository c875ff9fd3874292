"""What the signed-in user may look at in the web pages: an owner its buildings only.

Every page that lists across buildings narrows itself with ``building_scope``: managers and
admins see everything (no building filter unless they pick one), an owner one of its own
buildings at a time (the one picked, else the first by name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from tenantcrm.auth.enums import Role
from tenantcrm.auth.identity import Identity
from tenantcrm.buildings import service as buildings

NOWHERE = UUID(int=0)
"""The building filter of an owner without buildings: matches nothing."""


@dataclass(frozen=True, slots=True)
class Scope:
    user: Identity | None
    building: UUID | None
    """The building to narrow every list to (None: the whole portfolio)."""
    choices: list[tuple[UUID, str]]
    """The buildings the user may pick from, by name."""

    @property
    def is_owner(self) -> bool:
        return self.user is not None and self.user.role is Role.OWNER

    @property
    def can_edit(self) -> bool:
        return self.user is not None and self.user.can_edit

    @property
    def manager(self) -> UUID | None:
        """The manager whose own tenants a manager's pages show (None for admins, owners)."""
        if self.user is not None and self.user.role is Role.MANAGER:
            return self.user.id
        return None


def identity(request: Request[Any, Any, Any]) -> Identity | None:
    user = request.scope.get("user")
    return user if isinstance(user, Identity) else None


def forbid_unless_sees(request: Request[Any, Any, Any], building: UUID) -> None:
    """403 for an owner asking for a building that is not its own (or what is in it)."""
    user = identity(request)
    if user is not None and not user.sees_building(building):
        raise PermissionDeniedException("an owner reads only its own buildings")


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


async def building_scope(request: Request[Any, Any, Any], chosen: str | None) -> Scope:
    """The building a page shows: the one chosen if the user may see it; an owner's first."""
    user = identity(request)
    everything = await buildings.list_buildings(limit=500, offset=0)
    visible = [(b.id, b.name) for b in everything.items if user is None or user.sees_building(b.id)]
    picked = _uuid(chosen)
    if picked is not None and all(picked != b for b, _ in visible):
        picked = None
    if picked is None and user is not None and user.role is Role.OWNER:
        picked = visible[0][0] if visible else NOWHERE
    return Scope(user, picked, visible)


def leasing_team_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard of the leasing team's working pages (matchmaking, referrals): no owner."""
    user = connection.scope.get("user")
    if isinstance(user, Identity) and user.role is Role.OWNER:
        raise PermissionDeniedException("these pages are the leasing team's")
