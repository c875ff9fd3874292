"""Demo users: an admin, two managers who look after the tenants, and an owner.

Every one signs in with the password ``demo`` (said in the README and printed by the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass

from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.auth.schemas import UserIn
from tenantcrm.auth.tables import User
from tenantcrm.buildings.tables import Building
from tenantcrm.leases.tables import Lease
from tenantcrm.tenants.tables import Tenant

PASSWORD = "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    email: str


DEMO_USERS = (
    DemoUser("admin", "System Admin", Role.ADMIN, "admin@tenantcrm.example"),
    DemoUser("manager", "Li Wei 李伟", Role.MANAGER, "li.wei@tenantcrm.example"),
    DemoUser("manager2", "Chen Jing 陈静", Role.MANAGER, "chen.jing@tenantcrm.example"),
    DemoUser("owner", "Harbour Trust (owner)", Role.OWNER, "owner@tenantcrm.example"),
)


async def generate_people() -> int:
    """Create the demo users (those not there yet); the managers share the buildings' tenants,
    the owner gets the first building (by name). Returns how many users were made."""
    names = [u.username for u in DEMO_USERS]
    ids = {
        r["username"]: r["id"]
        for r in await User.select(User.id, User.username).where(User.username.is_in(names))
    }
    made = 0
    for u in DEMO_USERS:
        if u.username not in ids:
            data = UserIn(
                username=u.username,
                display_name=u.display_name,
                email=u.email,
                role=u.role,
                password=PASSWORD,
            )
            ids[u.username] = (await users.create_user(data)).id
            made += 1
    buildings = await Building.select(Building.id).order_by(Building.name)
    managers = [ids["manager"], ids["manager2"]]
    for index, building in enumerate(buildings):
        in_building = Lease.select(Lease.tenant).where(Lease.building == building["id"])
        await Tenant.update({Tenant.manager: managers[index % 2]}).where(
            Tenant.id.is_in(in_building)
        )
    if buildings:
        await users.grant_buildings(ids["owner"], [buildings[0]["id"]])
    return made
