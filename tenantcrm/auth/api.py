"""JSON API of users."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from tenantcrm.auth import service
from tenantcrm.auth.enums import Role
from tenantcrm.auth.schemas import UserIn, UserOut, UserPatch
from tenantcrm.core.http import IfMatch, Limit, Offset, expected_version
from tenantcrm.core.schemas import Page


class UserController(Controller):
    path = "/api/users"
    tags = ["users"]

    @get(operation_id="listUsers")
    async def list_users(
        self, limit: Limit = 50, offset: Offset = 0, role: FromQuery[Role | None] = None
    ) -> Page[UserOut]:
        """List users by username, optionally of one role."""
        return await service.list_users(limit, offset, role)

    @post(operation_id="createUser")
    async def create_user(self, data: JSONBody[UserIn]) -> UserOut:
        """Create a user with a password (stored as an Argon2 hash); 409 if the name is taken."""
        return await service.create_user(data)

    @get("/{user_id:uuid}", operation_id="getUser")
    async def get_user(self, user_id: FromPath[UUID]) -> UserOut:
        """One user."""
        return await service.get_user(user_id)

    @patch("/{user_id:uuid}", operation_id="updateUser")
    async def update_user(
        self, user_id: FromPath[UUID], data: JSONBody[UserPatch], if_match: IfMatch = None
    ) -> UserOut:
        """Edit a user's name, e-mail, role, password or whether it may sign in."""
        return await service.update_user(user_id, data, expected_version(if_match, data.version))
