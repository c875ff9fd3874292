"""An API token's last use is noted at most once a minute: concurrent requests of one script
do not each write the token's row (they queued on it, one at a time, on either engine)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from httpx import AsyncClient

from tenantcrm.auth.tables import ApiToken
from tests.concurrency.race import race


async def last_used() -> datetime | None:
    row = await ApiToken.select(ApiToken.last_used_at).first()
    assert row is not None
    value: datetime | None = row["last_used_at"]
    return value


async def test_a_token_is_noted_once_a_minute(client: AsyncClient) -> None:
    assert await ApiToken.count() == 1  # the run's admin token, which signs every request
    await ApiToken.update({ApiToken.last_used_at: None}, force=True)
    result = await race([lambda: client.get("/api/tenants") for _ in range(10)])
    assert result.statuses == {200: 10}
    noted = await last_used()
    assert noted is not None
    assert await client.get("/api/tenants")
    assert await last_used() == noted
    earlier = datetime.now(tz=UTC) - timedelta(minutes=2)
    await ApiToken.update({ApiToken.last_used_at: earlier}, force=True)
    assert (await client.get("/api/tenants")).status_code == 200
    again = await last_used()
    assert again is not None
    assert again > earlier + timedelta(minutes=1)
