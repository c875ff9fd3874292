"""What the audit trail costs a write: N tenant PATCHes through the app, audited and not.

    python -m bench.audit_overhead                       # a throwaway SQLite file
    TENANTCRM_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME python -m bench.audit_overhead

Each PATCH changes the tenant's notes (one field) as a signed-in manager, through the ASGI app
(token check, validation, locked read, versioned update). "unaudited" runs the same requests
with the trail switched off (``unaudited()``, meant for wiping test databases only), so the
difference is what recording who/what/before/after adds. Figures printed, nothing asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from pathlib import Path

ROUNDS = 10


async def _main(count: int) -> None:
    # Imported here: the engine is chosen from the environment when tenantcrm loads.
    import httpx

    from tenantcrm.app import create_app
    from tenantcrm.audit.tables import AuditEntry
    from tenantcrm.audit.tracking import unaudited
    from tenantcrm.auth import service as users
    from tenantcrm.auth.enums import Role
    from tenantcrm.auth.schemas import UserIn
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.migrate import migrate
    from tenantcrm.settings import get_settings

    settings = get_settings()
    await migrate()
    await open_pool(settings)
    try:
        name = f"bench-audit-{os.getpid()}"
        password = secrets.token_urlsafe(16)
        await users.create_user(UserIn(username=name, password=password, role=Role.MANAGER))
        token = await users.create_token(name, "bench")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(settings)),
            base_url="http://bench",
            headers={"Authorization": f"Bearer {token}"},
        ) as client:
            made = await client.post("/api/tenants", json={"name": name, "industry": "technology"})
            made.raise_for_status()
            tenant = made.json()
            url, version = f"/api/tenants/{tenant['id']}", tenant["version"]

            async def patches(label: str, times: int = count) -> float:
                nonlocal version
                started = time.perf_counter()
                for n in range(times):
                    response = await client.patch(
                        url, json={"notes": f"{label} {n}", "version": version}
                    )
                    response.raise_for_status()
                    version = response.json()["version"]
                return time.perf_counter() - started

            await patches("warm-up", min(count, 50))
            entries = await AuditEntry.count()
            # Alternate rounds, so a change in the machine's load hits both sides alike.
            plain = audited = 0.0
            for _ in range(ROUNDS):
                with unaudited():
                    plain += await patches("unaudited", count // ROUNDS)
                audited += await patches("audited", count // ROUNDS)
            count = count // ROUNDS * ROUNDS
            written = await AuditEntry.count() - entries
    finally:
        await close_pool()
    engine = settings.database_url.split(":", 1)[0]
    print(f"engine                              {engine}")
    print(
        f"PATCH /api/tenants/{{id}} x {count:<6}   unaudited {plain:7.2f} s "
        f"({plain / count * 1000:6.2f} ms each)"
    )
    print(
        f"                                      audited {audited:7.2f} s "
        f"({audited / count * 1000:6.2f} ms each)"
    )
    print(
        f"overhead per write                  {(audited - plain) / count * 1000:7.2f} ms "
        f"({(audited / plain - 1) * 100:+.0f} %)"
    )
    print(f"audit entries written               {written:7d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    if "TENANTCRM_DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="tenantcrm-audit-bench-"))
        os.environ["TENANTCRM_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    asyncio.run(_main(args.count))


if __name__ == "__main__":
    main()
