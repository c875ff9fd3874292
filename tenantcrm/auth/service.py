"""Use cases of users: create, list, edit; who may be a tenant's manager."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tenantcrm.auth.enums import Role
from tenantcrm.auth.passwords import hash_password
from tenantcrm.auth.schemas import UserIn, UserOut, UserPatch
from tenantcrm.auth.tables import User
from tenantcrm.core.errors import ConflictError, FieldError, InvalidInputError
from tenantcrm.core.records import get_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction

MANAGING_ROLES = (Role.MANAGER.value, Role.ADMIN.value)


async def list_users(limit: int, offset: int, role: Role | None) -> Page[UserOut]:
    query, count = User.select(), User.count()
    if role is not None:
        query, count = query.where(User.role == role.value), count.where(User.role == role.value)
    rows = await query.order_by(User.username).limit(limit).offset(offset)
    items = [UserOut.model_validate(row) for row in rows]
    return Page(items=items, total=await count, limit=limit, offset=offset)


async def get_user(user_id: UUID) -> UserOut:
    return UserOut.model_validate(await get_or_404(User, user_id, "user"))


async def create_user(data: UserIn) -> UserOut:
    values: dict[str, Any] = data.model_dump(exclude={"password"})
    values["email"] = values["email"] or ""
    values["password_hash"] = hash_password(data.password)
    async with write_transaction():
        if await User.exists().where(User.username == data.username):
            raise ConflictError(f"username {data.username!r} is taken", [{"field": "username"}])
        rows = await User.insert(User(**values)).returning(*User._meta.columns)
    return UserOut.model_validate(rows[0])


async def update_user(user_id: UUID, data: UserPatch, version: int) -> UserOut:
    values: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"version", "password"})
    if "email" in values:
        values["email"] = values["email"] or ""
    if data.password is not None:
        values["password_hash"] = hash_password(data.password)
    async with write_transaction():
        row = await update_versioned(User, user_id, version, values, "user")
    return UserOut.model_validate(row)


async def manager_errors(user_id: UUID | None, field: str = "manager") -> list[FieldError]:
    """Why ``user_id`` cannot look after tenants (empty when it can, or when none is given)."""
    if user_id is None:
        return []
    row = await User.select(User.role, User.is_active).where(User.id == user_id).first()
    if row is None:
        return [FieldError(field, "no such user")]
    if row["role"] not in MANAGING_ROLES or not row["is_active"]:
        return [FieldError(field, "must be an active manager or admin")]
    return []


async def require_manager(user_id: UUID | None, field: str = "manager") -> None:
    errors = await manager_errors(user_id, field)
    if errors:
        raise InvalidInputError(errors)
