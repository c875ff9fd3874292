"""The access policy: who may make which request, case by case."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tenantcrm.auth.enums import Role
from tenantcrm.auth.identity import Identity, may

MINE, THEIRS = uuid4(), uuid4()


def who(role: Role) -> Identity:
    buildings = frozenset({MINE}) if role is Role.OWNER else frozenset()
    return Identity(uuid4(), role.value, "", role, buildings)


@pytest.mark.parametrize(
    ("role", "method", "path", "query", "allowed"),
    [
        (Role.ADMIN, "DELETE", "/api/users/x", {}, True),
        (Role.MANAGER, "POST", "/api/leases", {}, True),
        (Role.MANAGER, "GET", "/api/users", {}, False),
        (Role.MANAGER, "POST", "/api/users", {}, False),
        (Role.OWNER, "GET", f"/api/buildings/{MINE}", {}, True),
        (Role.OWNER, "GET", f"/api/buildings/{MINE}/occupancy", {}, True),
        (Role.OWNER, "GET", f"/api/buildings/{THEIRS}", {}, False),
        (Role.OWNER, "PATCH", f"/api/buildings/{MINE}", {}, False),
        (Role.OWNER, "GET", "/api/reports/owner", {"building": str(MINE)}, True),
        (Role.OWNER, "GET", "/api/reports/owner", {"building": str(THEIRS)}, False),
        (Role.OWNER, "GET", "/api/reports/owner", {"building": "not-a-uuid"}, False),
        (Role.OWNER, "GET", "/api/analytics/expiries", {}, False),
        (Role.OWNER, "GET", "/api/tenants", {}, False),
        (Role.OWNER, "GET", "/api/some-route-added-later", {}, False),
        (Role.OWNER, "GET", "/tenants", {}, True),
        (Role.OWNER, "POST", "/leases/x/move-out", {}, False),
        (Role.OWNER, "GET", "/tenants/x/history", {}, False),
        (Role.OWNER, "GET", "/leases/x/history", {}, False),
        (Role.OWNER, "GET", "/api/leases/x/history", {}, False),
        (Role.MANAGER, "GET", "/api/tenants/x/history", {}, True),
        (Role.MANAGER, "GET", "/leases/x/history", {}, True),
        (Role.ADMIN, "GET", "/tenants/x/history", {}, True),
        (Role.OWNER, "GET", "/imports", {}, False),
        (Role.OWNER, "GET", "/imports/template.xlsx", {}, False),
        (Role.OWNER, "POST", "/api/imports/rent-roll", {}, False),
        (Role.MANAGER, "GET", "/imports", {}, True),
        (Role.MANAGER, "POST", "/api/imports/rent-roll", {}, True),
        (Role.OWNER, "POST", "/logout", {}, True),
        (Role.OWNER, "GET", f"/api/buildings/{MINE}/tenants-added-later", {}, False),
        (Role.OWNER, "GET", f"/api/buildings/{MINE}/occupancy/", {}, True),
    ],
)
def test_policy(role: Role, method: str, path: str, query: dict[str, str], allowed: bool) -> None:
    assert may(who(role), method, path, query) is allowed
