"""Choice lists of the accounts domain."""

from enum import StrEnum


class Role(StrEnum):
    """What a user may do: admins manage users, managers edit, owners read their buildings."""

    ADMIN = "admin"
    MANAGER = "manager"
    OWNER = "owner"
