"""Small factories that build test data through the API, as a client would."""

from __future__ import annotations

from itertools import count
from typing import Any

from httpx import AsyncClient

_serial = count(1)


async def created(client: AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def building(client: AsyncClient, **overrides: Any) -> dict[str, Any]:
    body = {"name": f"Tower {next(_serial)}", "city": "Shanghai", "currency": "CNY"}
    return await created(client, "/api/buildings", {**body, **overrides})


async def unit(
    client: AsyncClient, building_id: str, area: str = "250.00", **overrides: Any
) -> dict[str, Any]:
    body = {"building": building_id, "floor": 12, "code": f"12-{next(_serial):02d}", "area": area}
    return await created(client, "/api/units", {**body, **overrides})


async def tenant(client: AsyncClient, **overrides: Any) -> dict[str, Any]:
    body = {"name": f"Tenant {next(_serial)}", "industry": "technology"}
    return await created(client, "/api/tenants", {**body, **overrides})


async def lease(
    client: AsyncClient, tenant_id: str, unit_ids: list[str], **overrides: Any
) -> dict[str, Any]:
    body = {
        "tenant": tenant_id,
        "units": unit_ids,
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "status": "active",
        "base_rent": "10000.00",
    }
    return await created(client, "/api/leases", {**body, **overrides})


async def contact(client: AsyncClient, tenant_id: str, **overrides: Any) -> dict[str, Any]:
    body = {"tenant": tenant_id, "name": f"Contact {next(_serial)}"}
    return await created(client, "/api/contacts", {**body, **overrides})


async def total(client: AsyncClient, path: str, **params: Any) -> int:
    """How many records a list endpoint reports for these filters."""
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    count: int = response.json()["total"]
    return count


async def user(client: AsyncClient, **overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    body = {"username": f"manager{n}", "display_name": f"Manager {n}", "password": "s3cret!"}
    return await created(client, "/api/users", {**body, **overrides})
