"""API models of users. A password goes in, never out."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import EmailStr, Field

from tenantcrm.auth.enums import Role
from tenantcrm.core.schemas import Model, OutModel, PatchModel, Version

Username = Field(min_length=1, max_length=150, pattern=r"^[A-Za-z0-9_.@-]+$")


class UserIn(Model):
    username: str = Username
    display_name: str = Field(default="", max_length=200)
    email: EmailStr | None = None
    role: Role = Role.MANAGER
    password: str = Field(min_length=4, max_length=200)


class UserPatch(PatchModel):
    nullable = frozenset({"email"})

    display_name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    role: Role | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=4, max_length=200)
    version: Version | None = Field(default=None, description="or send an If-Match header")


class UserOut(OutModel):
    id: UUID
    username: str
    display_name: str
    email: str
    role: Role
    is_active: bool
    version: int
    created_at: datetime
