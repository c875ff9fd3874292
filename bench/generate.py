"""Migrate the database named by TENANTCRM_DATABASE_URL and generate a portfolio into it.

    TENANTCRM_DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m bench.generate --tenants 50000 \
        --today 2026-03-15 --sample-out sample.json

Prints one JSON object (row counts, seconds taken) and, with ``--sample-out``, writes tenant
ids and name fragments for the load generator to request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

_CJK = re.compile(r"[\u4e00-\u9fff]{2}")


async def _generate(tenants: int, today: date, seed: int, sample: int) -> dict[str, Any]:
    # Imported here: the engine is chosen from the environment when tenantcrm loads.
    from tenantcrm.auth import service as users
    from tenantcrm.demo import PortfolioSize, generate_portfolio
    from tenantcrm.migrate import migrate
    from tenantcrm.tenants.tables import Tenant

    began = time.perf_counter()
    await migrate()
    migrated = time.perf_counter()
    counts = await generate_portfolio(PortfolioSize.bench(tenants=tenants), today, seed)
    generated = time.perf_counter()
    rows = await Tenant.select(Tenant.id, Tenant.name).order_by(Tenant.id)
    rng = random.Random(seed)
    picked = rng.sample(rows, min(sample, len(rows)))
    fragments: list[str] = []
    for row in picked:
        name = row["name"]
        found = _CJK.findall(name[2:] if len(name) > 4 else name)
        if found:
            fragments.append(found[0])
        elif words := [w for w in name.split() if len(w) >= 4 and w.isalpha()]:
            fragments.append(words[0][:6])
    return {
        "counts": asdict(counts),
        "migrate_seconds": round(migrated - began, 1),
        "generate_seconds": round(generated - migrated, 1),
        "tenant_ids": [str(row["id"]) for row in picked],
        "name_fragments": sorted(set(fragments))[:500],
        "token": await users.create_token("manager", "bench"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate a bench portfolio.")
    parser.add_argument("--tenants", type=int, default=50_000)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=2_000, help="tenant ids to write out")
    parser.add_argument("--sample-out", type=Path)
    args = parser.parse_args()
    if "TENANTCRM_DATABASE_URL" not in os.environ:
        raise SystemExit("set TENANTCRM_DATABASE_URL to the (empty) database to fill")
    os.environ.setdefault("PICCOLO_CONF", "tenantcrm.piccolo_conf")
    result = asyncio.run(_generate(args.tenants, args.today, args.seed, args.sample))
    if args.sample_out:
        sample = {k: result.pop(k) for k in ("tenant_ids", "name_fragments", "token")}
        args.sample_out.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    else:
        result.pop("tenant_ids")
        result.pop("name_fragments")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
