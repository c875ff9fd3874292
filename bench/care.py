"""Time the care queries on a generated portfolio (figures printed, nothing asserted).

    TENANTCRM_DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m bench.generate --tenants 50000 \
        --today 2026-03-15
    TENANTCRM_DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m bench.care --today 2026-03-15

``--regenerate`` deletes the care contacts and times ``generate_care`` again first.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any


async def _timed(label: str, run: Callable[[], Awaitable[Any]]) -> Any:
    started = time.perf_counter()
    result = await run()
    print(f"{label:<44} {time.perf_counter() - started:7.2f} s")
    return result


async def _main(today: date, regenerate: bool) -> None:
    # Imported here: the engine is chosen from the environment when tenantcrm loads.
    from tenantcrm.care import service
    from tenantcrm.care.tables import CareContact
    from tenantcrm.demo.care import generate_care

    if regenerate:
        await CareContact.delete(force=True)
        made = await _timed("generate_care", lambda: generate_care(today, 7))
        print(f"{'care contacts generated':<44} {made:7d}")
    print(f"{'care contacts':<44} {await CareContact.count():7d}")
    cares = await _timed(
        "portfolio_care (plans of all tenants)", lambda: service.portfolio_care(today)
    )
    print(f"{'tenants owed care':<44} {len(cares):7d}")
    coverage = await _timed("coverage", lambda: service.coverage(today))
    print(f"{'on schedule':<44} {coverage.total.rate!s:>7}")
    page = await _timed(
        "due contacts, 30 days, first page", lambda: service.due_contacts(today, 30, 50, 0)
    )
    print(f"{'due or overdue within 30 days':<44} {page.total:7d}")
    drafts = await _timed("reminder drafts, 30 days", lambda: service.due(today, 30))
    print(f"{'drafts':<44} {len(drafts):7d}")
    ids = [care.tenant.id for care in cares]
    await _timed("last_contacts of every tenant owed care", lambda: service.last_contacts(ids))
    await _timed("one tenant's plan", lambda: service.tenant_plan(ids[len(ids) // 2], today))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 15))
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    asyncio.run(_main(args.today, args.regenerate))


if __name__ == "__main__":
    main()
