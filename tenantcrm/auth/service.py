"""Use cases of users: create, list, edit; who may be a tenant's manager."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID

from tenantcrm.auth import tokens
from tenantcrm.auth.enums import Role
from tenantcrm.auth.identity import Identity
from tenantcrm.auth.passwords import hash_password, verify_password
from tenantcrm.auth.schemas import UserIn, UserOut, UserPatch
from tenantcrm.auth.tables import ApiToken, BuildingOwner, SignInFailure, User
from tenantcrm.auth.throttle import Limit, username_key, wait_for
from tenantcrm.core.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from tenantcrm.core.records import get_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction

MANAGING_ROLES = (Role.MANAGER.value, Role.ADMIN.value)
FAILURES_KEPT = timedelta(days=1)
"""Failed sign-ins older than this are deleted (every window is shorter)."""


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


async def identity_of(user_id: UUID) -> Identity | None:
    """The active user ``user_id`` as an identity, with an owner's buildings."""
    row = await User.select().where(User.id == user_id, User.is_active.eq(True)).first()
    if row is None:
        return None
    buildings: frozenset[UUID] = frozenset()
    if row["role"] == Role.OWNER.value:
        owned = await BuildingOwner.select(BuildingOwner.building).where(
            BuildingOwner.user == user_id
        )
        buildings = frozenset(r["building"] for r in owned)
    return Identity(row["id"], row["username"], row["display_name"], Role(row["role"]), buildings)


async def sign_in(username: str, password: str) -> Identity | None:
    """The user whose name and password these are, if active; None otherwise."""
    row = (
        await User.select(User.id, User.password_hash, User.is_active)
        .where(User.username == username)
        .first()
    )
    if row is None:
        # As slow as a wrong password, so the time taken does not tell which names exist.
        verify_password(_decoy_hash(), password)
        return None
    if not row["is_active"] or not verify_password(row["password_hash"], password):
        return None
    return await identity_of(row["id"])


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


TOKEN_USE_RESOLUTION = timedelta(minutes=1)
"""How fresh a token's ``last_used_at`` is kept: it is written at most once a minute."""


async def identity_for_token(token: str) -> Identity | None:
    """The identity behind a bearer token, or None; notes when the token was last used.

    The note is written only when the stored one is a minute old: writing it on every request
    made every API call a write of the same row, so concurrent requests of one script queued
    on that row (PostgreSQL) or on the database's write lock (SQLite).
    """
    row = (
        await ApiToken.select(ApiToken.id, ApiToken.user, ApiToken.last_used_at)
        .where(ApiToken.digest == tokens.digest(token))
        .first()
    )
    if row is None:
        return None
    now = datetime.now(tz=UTC)
    if row["last_used_at"] is None or row["last_used_at"] < now - TOKEN_USE_RESOLUTION:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    return await identity_of(row["user"])


async def create_token(username: str, name: str = "") -> str:
    """A new bearer token for ``username``; the token itself is returned once, never stored."""
    row = await User.select(User.id).where(User.username == username).first()
    if row is None:
        raise NotFoundError("user", username)
    token = tokens.new_token()
    async with write_transaction():
        await ApiToken.insert(ApiToken(user=row["id"], name=name, digest=tokens.digest(token)))
    return token


async def grant_buildings(user_id: UUID, building_ids: list[UUID]) -> None:
    """Let an owner read these buildings (in addition to those it has)."""
    async with write_transaction():
        held = {
            r["building"]
            for r in await BuildingOwner.select(BuildingOwner.building).where(
                BuildingOwner.user == user_id
            )
        }
        new = [b for b in building_ids if b not in held]
        if new:
            await BuildingOwner.insert(*[BuildingOwner(user=user_id, building=b) for b in new])


async def owners_and_buildings() -> list[tuple[UserOut, list[UUID]]]:
    """Active owners with an e-mail address, and the buildings each may read."""
    rows = await BuildingOwner.select(BuildingOwner.user, BuildingOwner.building).where(
        BuildingOwner.user.role == Role.OWNER.value,
        BuildingOwner.user.is_active == True,  # noqa: E712 - a SQL condition
        BuildingOwner.user.email != "",
    )
    buildings: dict[UUID, list[UUID]] = {}
    for row in rows:
        buildings.setdefault(row["user"], []).append(row["building"])
    return [(await get_user(user), sorted(owned)) for user, owned in sorted(buildings.items())]


# --- failed sign-ins ----------------------------------------------------------------------


async def _failure_times(*where: Any) -> list[datetime]:
    rows = await SignInFailure.select(SignInFailure.at).where(*where)
    return [row["at"] for row in rows]


async def sign_in_wait(
    username: str, address: str, limits: tuple[Limit, Limit], now: datetime
) -> int:
    """Seconds before ``username`` may try a password again from ``address`` (0: now)."""
    by_user, by_address = limits
    since = now - max(by_user.window, by_address.window)
    kind = SignInFailure.kind == "password"
    recent = SignInFailure.at > since
    named = SignInFailure.username == username_key(username)
    user_times = await _failure_times(kind, recent, named)
    address_times = await _failure_times(kind, recent, SignInFailure.address == address)
    return max(wait_for(user_times, by_user, now), wait_for(address_times, by_address, now))


async def token_wait(address: str, limit: Limit, now: datetime) -> int:
    """Seconds before ``address`` may send a bearer token again after too many unknown ones."""
    times = await _failure_times(
        SignInFailure.kind == "token",
        SignInFailure.address == address,
        SignInFailure.at > now - limit.window,
    )
    return wait_for(times, limit, now)


async def record_failure(kind: str, username: str, address: str, now: datetime) -> None:
    """Count a failed sign-in, and forget failures older than a day."""
    async with write_transaction():
        await SignInFailure.insert(
            SignInFailure(kind=kind, username=username_key(username), address=address, at=now)
        )
        await SignInFailure.delete().where(SignInFailure.at < now - FAILURES_KEPT)


async def forget_failures(username: str) -> None:
    """A successful sign-in clears its username's failures (not its address's)."""
    async with write_transaction():
        await SignInFailure.delete().where(
            SignInFailure.kind == "password", SignInFailure.username == username_key(username)
        )
