"""Matchmaking: the quality of suggestions on planted ties, and their speed at 50,000 tenants.

    python -m bench.matchmaking quality --tenants 20000 --planted 200
    TENANTCRM_DATABASE_URL=sqlite:////tmp/mm.sqlite3 python -m bench.matchmaking speed \
        --tenants 50000 --today 2026-03-15

``quality`` runs in memory on the scoring rules: noise tenants get profiles drawn from the demo's
phrase pools (``tenantcrm.demo.anchors``); each planted source needs five niche things (and
neither needs nor offers anything else), each offered by one partner (the true ties) with
other words around the same terms, and by two decoys whose offer shares only two of its three
terms; partners and decoys also carry noise offers and needs. It prints precision@5 (the share
of each source's top 5 that are true partners, averaged) and recall@10.

``speed`` migrates the (empty) database named by TENANTCRM_DATABASE_URL, generates the bench
portfolio into it (``PortfolioSize.bench``), then times through the service: building the
index (cold), the top 10 for one tenant (warm; median and p95 over a sample), the top 10 for
every tenant of the fullest building, and the best ties across that building. Figures, not
asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from datetime import date
from typing import Any

_SYLLABLES = (
    "ka",
    "lo",
    "mir",
    "sen",
    "tav",
    "ruk",
    "zel",
    "pon",
    "dra",
    "vik",
    "nor",
    "bel",
    "ost",
    "qua",
    "fen",
    "gri",
    "hal",
    "jun",
    "cor",
    "test",
)
"""Niche terms are made of three syllables: 8,000 words, so a niche phrase is rare, as a
specialist's product names are (its words are not in the demo pools)."""


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3))


_EXTRAS = ("services", "specialists", "solutions", "服务", "专业团队", "for industry")


def _quality(tenants: int, planted: int, seed: int) -> dict[str, Any]:
    from tenantcrm.demo.anchors import NEEDS, profile_for
    from tenantcrm.matchmaking.scoring import MatchIndex, TenantFacts

    rng = random.Random(seed)
    industries = sorted(NEEDS)
    facts: list[TenantFacts] = []

    def noise(key: str) -> TenantFacts:
        industry = rng.choice(industries)
        drawn = profile_for(rng, industry)
        return TenantFacts(
            key,
            industry,
            tuple(drawn["offers"]),
            tuple(drawn["needs"]),
            tuple(drawn["markets"]),
        )

    truth: dict[str, set[str]] = {}
    for s in range(planted):
        source = noise(f"source-{s}")
        niche = [(_word(rng), _word(rng), _word(rng)) for _ in range(5)]
        needs = tuple(f"{a} {n} {v}" for a, n, v in niche)
        facts.append(TenantFacts(source.key, source.industry, (), needs))
        truth[str(source.key)] = set()
        for k, (a, n, v) in enumerate(niche):
            partner = noise(f"partner-{s}-{k}")
            offer = f"{rng.choice(_EXTRAS)} {a} {n} {v}"
            facts.append(
                TenantFacts(
                    partner.key,
                    partner.industry,
                    (*partner.offers, offer),
                    partner.needs,
                    partner.markets,
                )
            )
            truth[str(source.key)].add(str(partner.key))
            for d in range(2):  # decoys sharing two of the three terms
                decoy = noise(f"decoy-{s}-{k}-{d}")
                other_a, other_v = _word(rng), _word(rng)
                swapped = f"{other_a} {n} {v}" if d == 0 else f"{a} {n} {other_v}"
                facts.append(
                    TenantFacts(
                        decoy.key,
                        decoy.industry,
                        (*decoy.offers, swapped),
                        decoy.needs,
                        decoy.markets,
                    )
                )
    while len(facts) < tenants:
        facts.append(noise(f"noise-{len(facts)}"))
    rng.shuffle(facts)
    began = time.perf_counter()
    index = MatchIndex(facts)
    built = time.perf_counter() - began
    precision, recall = [], []
    began = time.perf_counter()
    for source, partners in truth.items():
        top = index.top(index.position[source], 10)
        keys = [str(index.facts[s.other].key) for s in top]
        precision.append(len(set(keys[:5]) & partners) / 5)
        recall.append(len(set(keys[:10]) & partners) / len(partners))
    queried = time.perf_counter() - began
    return {
        "tenants": len(facts),
        "planted_sources": planted,
        "true_ties_per_source": 5,
        "decoys_per_tie": 2,
        "precision_at_5": round(statistics.fmean(precision), 4),
        "recall_at_10": round(statistics.fmean(recall), 4),
        "index_seconds": round(built, 2),
        "ms_per_query": round(1000 * queried / max(1, len(truth)), 2),
    }


async def _speed(tenants: int, today: date, seed: int, sample: int, reuse: bool) -> dict[str, Any]:
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.demo import PortfolioSize, generate_portfolio
    from tenantcrm.leases import service as leases
    from tenantcrm.matchmaking import service
    from tenantcrm.migrate import migrate
    from tenantcrm.settings import get_settings
    from tenantcrm.tenants.tables import Tenant

    began = time.perf_counter()
    await migrate()
    await open_pool(get_settings())  # as the app serves: PostgreSQL through a pool
    if not (reuse and await Tenant.exists()):
        await generate_portfolio(PortfolioSize.bench(tenants=tenants), today, seed)
    generated = time.perf_counter() - began

    service._cached = None  # the demo's introductions built it: time a cold build
    began = time.perf_counter()
    portfolio = await service.portfolio_index(today)
    cold = time.perf_counter() - began

    rng = random.Random(seed)
    ids = [brief.id for brief in portfolio.briefs]
    one: list[float] = []
    for tenant in rng.sample(ids, min(sample, len(ids))):
        began = time.perf_counter()
        found = await service.suggestions(tenant, today, 10)
        one.append(time.perf_counter() - began)
        assert len(found.items) <= 10
    places = await leases.tenant_places(today)
    per_building: dict[Any, int] = {}
    for place in places.values():
        per_building[place.building] = per_building.get(place.building, 0) + 1
    fullest = max(per_building, key=lambda b: (per_building[b], str(b)))
    began = time.perf_counter()
    each = await service.suggestions_for_building(fullest, today, 10)
    building_all = time.perf_counter() - began
    began = time.perf_counter()
    ties = await service.building_ties(fullest, today, 20)
    building_ties = time.perf_counter() - began
    one.sort()
    tenant_count = await Tenant.count()
    await close_pool()
    return {
        "tenants": tenant_count,
        "migrate_and_generate_seconds": round(generated, 1),
        "index_build_seconds": round(cold, 2),
        "top10_one_tenant_ms_median": round(1000 * statistics.median(one), 1),
        "top10_one_tenant_ms_p95": round(1000 * one[int(0.95 * (len(one) - 1))], 1),
        "samples": len(one),
        "building_tenants": len(each),
        "top10_all_building_tenants_seconds": round(building_all, 2),
        "building_ties_top20_seconds": round(building_ties, 2),
        "best_tie": None
        if not ties
        else [ties[0].tenant_name, ties[0].other_name, str(ties[0].score)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Matchmaking quality and speed.")
    parser.add_argument("what", choices=("quality", "speed"))
    parser.add_argument("--tenants", type=int, default=None)
    parser.add_argument("--planted", type=int, default=200)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 3, 15))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true", help="speed: keep a portfolio already generated there"
    )
    args = parser.parse_args()
    if args.what == "quality":
        result = _quality(args.tenants or 20_000, args.planted, args.seed)
    else:
        if "TENANTCRM_DATABASE_URL" not in os.environ:
            raise SystemExit("set TENANTCRM_DATABASE_URL to the (empty) database to fill")
        os.environ.setdefault("PICCOLO_CONF", "tenantcrm.piccolo_conf")
        result = asyncio.run(
            _speed(args.tenants or 50_000, args.today, args.seed, args.sample, args.reuse)
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
