"""Users: created with a hashed password, unique names, and who may manage a tenant."""

from __future__ import annotations

from uuid import uuid4

from httpx import AsyncClient

from tenantcrm.auth.passwords import verify_password
from tenantcrm.auth.tables import User
from tests.api import factories as make
from tests.api.checks import field_names


async def test_a_user_is_created_with_a_hashed_password_never_shown(client: AsyncClient) -> None:
    created = await make.user(client, email="li.wei@example.com")
    assert created["role"] == "manager"
    assert created["is_active"] is True
    assert "password" not in created
    assert "password_hash" not in created
    stored = await User.select(User.password_hash).where(User.id == created["id"]).first()
    assert stored is not None
    assert stored["password_hash"] != "s3cret!"
    assert verify_password(stored["password_hash"], "s3cret!")
    assert not verify_password(stored["password_hash"], "wrong")


async def test_a_taken_username_is_a_conflict(client: AsyncClient) -> None:
    name = f"zhang.min.{uuid4().hex[:8]}"
    await make.user(client, username=name)
    before = (await client.get("/api/users")).json()["total"]
    response = await client.post("/api/users", json={"username": name, "password": "abcd"})
    assert response.status_code == 409
    assert (await client.get("/api/users")).json()["total"] == before


async def test_a_tenant_is_looked_after_by_an_active_manager(client: AsyncClient) -> None:
    manager = await make.user(client)
    owner = await make.user(client, role="owner")
    tenant = await make.tenant(client, manager=manager["id"])
    assert tenant["manager"] == manager["id"]

    for wrong in (owner["id"], str(uuid4())):
        response = await client.post(
            "/api/tenants", json={"name": "X", "industry": "legal", "manager": wrong}
        )
        assert response.status_code == 422
        assert field_names(response.json()) == ["manager"]

    response = await client.patch(
        f"/api/tenants/{tenant['id']}", json={"manager": None}, headers={"If-Match": "1"}
    )
    assert response.status_code == 200
    assert response.json()["manager"] is None
