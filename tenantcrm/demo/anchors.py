"""Anchor tenants, benefits, business profiles and introductions of the demo portfolio.

Profiles and relations are bulk-inserted (every tenant gets a profile, in batches); the
inventory of parking bays, storage rooms and signage slots too. Benefits and introductions
go through the services, for a sample (``most``), so every rule the API applies holds for them.
The phrase pools are shared with ``bench/matchmaking.py``, which plants true ties among them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from tenantcrm.benefits import service as benefits
from tenantcrm.benefits.enums import BenefitKind, ResourceKind
from tenantcrm.benefits.schemas import GrantIn
from tenantcrm.benefits.tables import Resource
from tenantcrm.core.errors import DomainError
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.matchmaking import service as matchmaking
from tenantcrm.matchmaking.enums import RelationKind, TieState
from tenantcrm.matchmaking.schemas import IntroductionIn, IntroductionTransitionIn
from tenantcrm.matchmaking.tables import BusinessProfile, BusinessRelation
from tenantcrm.referrals import service as referrals
from tenantcrm.referrals.enums import ReferralStage
from tenantcrm.referrals.schemas import (
    NewLeaseIn,
    NewTenantIn,
    ReferralIn,
    ReferralTransitionIn,
    RewardIn,
)
from tenantcrm.tenants import service as tenants
from tenantcrm.tenants.enums import Industry

BATCH_ROWS = 1_000

# What firms offer, by key: the phrase (Chinese and English) and the industries providing it.
SERVICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "payments": ("跨境支付结算 cross-border payment settlement", ("banking",)),
    "trade_finance": ("贸易融资 trade finance and letters of credit", ("banking",)),
    "corporate_loans": ("企业贷款 corporate lending", ("banking",)),
    "fx_hedging": ("外汇避险 FX hedging", ("banking", "asset_management")),
    "cargo_insurance": ("货运保险 cargo insurance", ("insurance",)),
    "health_insurance": ("团体医疗保险 group health insurance", ("insurance",)),
    "liability_insurance": ("责任保险 liability insurance", ("insurance",)),
    "fund_management": ("资产管理 fund and treasury management", ("asset_management",)),
    "contract_law": ("合同审查 contract review", ("legal",)),
    "ip_law": ("知识产权 intellectual property filing", ("legal",)),
    "data_compliance": ("数据合规 data protection compliance", ("legal", "consulting")),
    "listing_advice": ("上市法律顾问 IPO legal advice", ("legal",)),
    "audit": ("年度审计 statutory audit", ("accounting",)),
    "tax": ("税务筹划 tax planning", ("accounting", "consulting")),
    "payroll": ("薪酬外包 payroll outsourcing", ("accounting",)),
    "strategy": ("战略咨询 strategy consulting", ("consulting",)),
    "hr_consulting": ("人力资源咨询 HR and recruitment consulting", ("consulting",)),
    "cloud": ("云服务 cloud hosting", ("technology", "telecom")),
    "erp": ("ERP系统实施 ERP implementation", ("technology",)),
    "cybersecurity": ("网络安全 cybersecurity audit", ("technology",)),
    "software": ("定制软件开发 custom software development", ("technology",)),
    "data_analytics": ("数据分析 data analytics platform", ("technology",)),
    "connectivity": ("企业专线 dedicated fibre connectivity", ("telecom",)),
    "mobile_plans": ("企业移动套餐 corporate mobile plans", ("telecom",)),
    "advertising": ("广告投放 advertising campaigns", ("media",)),
    "pr": ("公关传播 public relations", ("media", "consulting")),
    "video": ("视频制作 corporate video production", ("media",)),
    "clinical_trials": ("临床试验 clinical trial services", ("pharma", "healthcare")),
    "medicines": ("药品供应 medicine supply", ("pharma",)),
    "health_checks": ("员工体检 staff health checks", ("healthcare",)),
    "clinic": ("企业诊所 on-site clinic", ("healthcare",)),
    "components": ("精密零部件 precision components", ("manufacturing",)),
    "oem": ("代工生产 contract manufacturing", ("manufacturing",)),
    "power": ("绿色电力 green power supply", ("energy",)),
    "energy_audit": ("能效审计 energy efficiency audit", ("energy", "consulting")),
    "sourcing": ("采购代理 sourcing agent", ("trading",)),
    "import_export": ("进出口代理 import and export agency", ("trading", "logistics")),
    "freight": ("国际货运 international freight forwarding", ("logistics",)),
    "warehousing": ("仓储配送 warehousing and distribution", ("logistics",)),
    "customs": ("报关服务 customs brokerage", ("logistics", "trading")),
    "catering": ("企业餐饮 corporate catering", ("consumer",)),
    "gifts": ("商务礼品 corporate gifts", ("consumer",)),
    "fit_out": ("办公装修 office fit-out", ("real_estate",)),
    "property_advice": ("物业顾问 property advisory", ("real_estate",)),
    "training": ("企业培训 corporate training", ("education", "consulting")),
    "language": ("语言培训 language courses", ("education",)),
    "permits": ("政务咨询 permits and licensing guidance", ("government", "consulting")),
    "csr": ("公益合作 CSR partnerships", ("nonprofit",)),
}

# What each industry looks for (keys of SERVICES).
NEEDS: dict[str, tuple[str, ...]] = {
    "banking": ("cybersecurity", "data_compliance", "software", "audit", "fit_out", "pr"),
    "insurance": ("data_analytics", "health_checks", "contract_law", "software", "advertising"),
    "asset_management": ("audit", "tax", "data_analytics", "contract_law", "cybersecurity"),
    "legal": ("software", "cloud", "tax", "catering", "property_advice"),
    "accounting": ("erp", "software", "data_compliance", "training"),
    "consulting": ("data_analytics", "cloud", "video", "language", "catering"),
    "technology": ("corporate_loans", "ip_law", "contract_law", "hr_consulting", "advertising"),
    "telecom": ("components", "power", "permits", "software"),
    "media": ("cloud", "ip_law", "advertising", "corporate_loans"),
    "pharma": ("clinical_trials", "cargo_insurance", "freight", "ip_law", "customs"),
    "healthcare": ("medicines", "liability_insurance", "software", "fit_out"),
    "manufacturing": ("freight", "warehousing", "power", "trade_finance", "erp", "energy_audit"),
    "energy": ("components", "permits", "corporate_loans", "strategy"),
    "trading": ("trade_finance", "freight", "customs", "cargo_insurance", "fx_hedging"),
    "logistics": ("cargo_insurance", "software", "power", "mobile_plans"),
    "consumer": ("advertising", "warehousing", "sourcing", "payments"),
    "real_estate": ("corporate_loans", "contract_law", "energy_audit", "advertising"),
    "education": ("cloud", "video", "fit_out", "csr"),
    "government": ("connectivity", "strategy", "training", "cybersecurity"),
    "nonprofit": ("pr", "audit", "video", "payments"),
    "other": ("catering", "mobile_plans", "payroll", "gifts"),
}

MARKETS = (
    "Greater Bay Area",
    "Yangtze River Delta",
    "Beijing-Tianjin-Hebei",
    "ASEAN",
    "Europe",
    "North America",
    "Middle East",
    "SMEs",
    "state-owned enterprises",
    "consumers",
    "manufacturers",
    "healthcare providers",
)

_PARTNER_HEADS = (
    "华信",
    "东方",
    "恒达",
    "Pacific",
    "Harbour",
    "Jade",
    "Silverline",
    "中科",
    "联合",
    "Northbridge",
)
_PARTNER_TAILS = (
    "Holdings",
    "Trading Co.",
    "科技有限公司",
    "(香港)有限公司",
    "Partners",
    "集团",
    "Logistics",
    "Capital",
)


def offers_of(industry: str) -> list[str]:
    """Every phrase an industry may offer."""
    return [phrase for phrase, providers in SERVICES.values() if industry in providers]


def profile_for(rng: random.Random, industry: str) -> dict[str, list[str]]:
    """A plausible business profile for a firm of ``industry``."""
    offered = offers_of(industry) or [SERVICES["catering"][0]]
    wanted = [SERVICES[key][0] for key in NEEDS.get(industry, NEEDS["other"])]
    return {
        "offers": rng.sample(offered, min(len(offered), rng.randint(1, 3))),
        "needs": rng.sample(wanted, min(len(wanted), rng.randint(1, 3))),
        "markets": rng.sample(MARKETS, rng.randint(1, 3)),
    }


@dataclass(frozen=True)
class AnchorCounts:
    profiles: int
    relations: int
    resources: int
    benefits: int
    introductions: int
    referrals: int = 0
    referrals_signed: int = 0


def _batches(rows: Sequence[Any], size: int = BATCH_ROWS) -> list[Sequence[Any]]:
    return [rows[k : k + size] for k in range(0, len(rows), size)]


async def _profiles_and_relations(
    rng: random.Random, briefs: list[tenants.TenantBrief]
) -> tuple[int, int]:
    profiles = []
    relations = []
    for brief in briefs:
        drawn = profile_for(rng, brief.industry)
        profiles.append(
            BusinessProfile(
                tenant=brief.id,
                offers=drawn["offers"],
                needs=drawn["needs"],
                markets=drawn["markets"],
            )
        )
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            name = f"{rng.choice(_PARTNER_HEADS)}{rng.choice(_PARTNER_TAILS)}"
            kind = rng.choice(list(RelationKind))
            relations.append(BusinessRelation(tenant=brief.id, name=name, kind=kind.value))
    async with write_transaction():
        for batch in _batches(profiles):
            await BusinessProfile.insert(*batch)
        for batch in _batches(relations):
            await BusinessRelation.insert(*batch)
    return len(profiles), len(relations)


async def _inventory(rng: random.Random, buildings: list[UUID]) -> dict[UUID, list[Row]]:
    """Parking bays, storage rooms and signage slots of each building."""
    rows: list[Resource] = []
    made: dict[UUID, list[Row]] = defaultdict(list)
    for building in buildings:
        plan = (
            (ResourceKind.PARKING_BAY, "P{level}-{n:03d}", rng.randint(20, 40)),
            (ResourceKind.STORAGE_ROOM, "B{level}-{n:02d}", rng.randint(4, 10)),
            (ResourceKind.SIGNAGE_SLOT, "S-{n:02d}", rng.randint(2, 5)),
        )
        for kind, pattern, count in plan:
            for n in range(1, count + 1):
                code = pattern.format(level=1 + n % 2, n=n)
                row = {"building": building, "kind": kind, "code": code}
                made[building].append(row)
                rows.append(
                    Resource(
                        building=building,
                        kind=kind.value,
                        code=code,
                        slot_key=f"{building}/{kind.value}/{code.lower()}",
                        location="basement" if kind is not ResourceKind.SIGNAGE_SLOT else "lobby",
                    )
                )
    async with write_transaction():
        for batch in _batches(rows):
            inserted = await Resource.insert(*batch).returning(
                Resource.id, Resource.building, Resource.kind, Resource.code
            )
            for r in inserted:
                for planned in made[r["building"]]:
                    if planned["code"] == r["code"] and planned["kind"] == r["kind"]:
                        planned["id"] = r["id"]
    return made


Row = dict[str, Any]


def _grant_in(base: dict[str, Any], kind: BenefitKind, **terms: Any) -> GrantIn:
    return GrantIn.model_validate({**base, "kind": kind, **terms})


async def _grant(data: GrantIn, today: date) -> bool:
    try:
        await benefits.create_grant(data, today)
    except DomainError:
        return False
    return True


async def _anchor_benefits(
    rng: random.Random,
    today: date,
    anchors: set[UUID],
    inventory: dict[UUID, list[Row]],
    most: int,
) -> int:
    facts = [f for f in await leases.active_leases(today) if f.tenant in anchors]
    facts.sort(key=lambda f: str(f.id))
    rng.shuffle(facts)
    granted = 0
    free: dict[tuple[UUID, ResourceKind], list[Row]] = defaultdict(list)
    for building, rows in inventory.items():
        for row in rows:
            if "id" in row:
                free[(building, row["kind"])].append(row)
    for fact in facts[:most]:
        start = max(fact.start_date, today - timedelta(days=rng.randint(30, 600)))
        end = min(fact.end_date, start + timedelta(days=rng.choice((180, 365, 730))))
        if end <= start:
            continue
        base = {"tenant": fact.tenant, "start_date": start, "end_date": end}

        monthly = (fact.monthly_rent * Decimal(rng.choice(("0.05", "0.08", "0.10")))).quantize(
            Decimal("0.01")
        )
        if monthly > 0 and rng.random() < 0.6:
            granted += await _grant(
                _grant_in(
                    base,
                    BenefitKind.RENT_CONCESSION,
                    lease=fact.id,
                    monthly_amount=monthly,
                    title="Anchor rent concession 标杆客户租金优惠",
                ),
                today,
            )
        for kind, resource_kind, cost in (
            (BenefitKind.PARKING_SPACE, ResourceKind.PARKING_BAY, Decimal("9600.00")),
            (BenefitKind.STORAGE_ROOM, ResourceKind.STORAGE_ROOM, Decimal("18000.00")),
            (BenefitKind.SIGNAGE_SPACE, ResourceKind.SIGNAGE_SLOT, Decimal("60000.00")),
        ):
            pool = free[(fact.building, resource_kind)]
            wanted = rng.randint(1, 3) if kind is BenefitKind.PARKING_SPACE else 1
            for _ in range(wanted):
                if not pool or rng.random() < 0.3:
                    break
                resource = pool.pop()
                granted += await _grant(
                    _grant_in(base, kind, resource=resource["id"], annual_cost=cost), today
                )
        for kind, title, cost in (
            (BenefitKind.BUTLER_SERVICE, "Butler service 管家式服务", Decimal("24000.00")),
            (BenefitKind.AUTHORITY_LIAISON, "政府事务对接 authority liaison", Decimal("12000.00")),
        ):
            if rng.random() < 0.5:
                granted += await _grant(
                    _grant_in(base, kind, building=fact.building, title=title, annual_cost=cost),
                    today,
                )
    return granted


async def _introductions(rng: random.Random, today: date, most: int) -> int:
    """Introductions between tenants of the same building, at every stage."""
    by_building: dict[UUID, list[UUID]] = defaultdict(list)
    for tenant, place in sorted((await leases.tenant_places(today)).items(), key=str):
        by_building[place.building].append(tenant)
    buildings = sorted(by_building, key=str)
    rng.shuffle(buildings)
    paths: list[tuple[TieState, ...]] = [
        (TieState.INTRODUCED,),
        (TieState.INTRODUCED, TieState.MET),
        (TieState.INTRODUCED, TieState.MET, TieState.DOING_BUSINESS),
        (TieState.INTRODUCED, TieState.NO_FIT),
        (TieState.DISMISSED,),
        (TieState.SUGGESTED,),
    ]
    made = 0
    for building in buildings:
        if made >= most:
            break
        members = by_building[building]
        if len(members) < 2:
            continue
        for _ in range(min(3, most - made)):
            a, b = rng.sample(members, 2)
            path = rng.choice(paths)
            try:
                intro = await matchmaking.record_introduction(
                    IntroductionIn(tenant=a, other=b, state=path[0]), today
                )
                for step in path[1:]:
                    await matchmaking.transition_introduction(
                        intro.id, IntroductionTransitionIn(to=step)
                    )
            except DomainError:
                continue
            made += 1
    return made


_NEEDS_SPACE = (
    "约200平米区域办公室 about 200 m² for a regional office",
    "华东总部 East China headquarters, 500-800 m²",
    "项目团队临时办公 project team space for a year",
    "expanding sales team, one floor",
)


async def _referrals(rng: random.Random, today: date, most: int) -> tuple[int, int]:
    """Prospects from tenants' relations at every stage; some sign for a vacant unit."""
    places = await leases.tenant_places(today)
    rows = (
        await BusinessRelation.select(BusinessRelation.id, BusinessRelation.tenant)
        .order_by(BusinessRelation.id)
        .limit(5_000)
    )
    rows = [r for r in rows if r["tenant"] in places]
    picked = rng.sample(rows, min(most, len(rows)))
    paths = (
        (),
        (ReferralStage.CONTACTED,),
        (ReferralStage.CONTACTED, ReferralStage.VIEWING),
        (ReferralStage.CONTACTED, ReferralStage.VIEWING, ReferralStage.OFFER),
        (ReferralStage.CONTACTED, ReferralStage.LOST),
        (ReferralStage.CONTACTED, ReferralStage.VIEWING, ReferralStage.OFFER, ReferralStage.SIGNED),
    )
    made = signed = 0
    for row in picked:
        building = places[row["tenant"]].building
        try:
            referral = await referrals.create_referral(
                ReferralIn(
                    relation_id=row["id"],
                    space_need=rng.choice(_NEEDS_SPACE),
                    area_wanted=Decimal(rng.choice((150, 200, 300, 500))),
                    building=building,
                )
            )
        except DomainError:
            continue
        made += 1
        for stage in rng.choice(paths):
            move = ReferralTransitionIn(to=stage)
            if stage is ReferralStage.LOST:
                move = ReferralTransitionIn(to=stage, reason="chose another building nearby")
            elif stage is ReferralStage.SIGNED:
                signing = await _signing(rng, today, building)
                if signing is None:
                    break
                move = signing
            try:
                await referrals.transition(referral.id, move, today)
            except DomainError:
                break
            signed += stage is ReferralStage.SIGNED
    return made, signed


async def _signing(rng: random.Random, today: date, building: UUID) -> ReferralTransitionIn | None:
    occupancy = await leases.building_occupancy(building, today)
    vacant = [u for f in occupancy.floors for u in f.units if u.occupancy.value == "vacant"]
    if not vacant:
        return None
    unit = rng.choice(vacant)
    start = today  # in force from signing: the unit is vacant today
    monthly = (unit.area * Decimal(rng.randint(180, 320))).quantize(Decimal("0.01"))
    reward = None
    if rng.random() < 0.5:
        reward = RewardIn(
            kind=BenefitKind.CUSTOM,
            title="Referral thank-you 推荐答谢",
            building=building,
            start_date=start,
            end_date=start + timedelta(days=364),
            annual_cost=(monthly / 2).quantize(Decimal("0.01")),
        )
    return ReferralTransitionIn(
        to=ReferralStage.SIGNED,
        tenant=NewTenantIn(industry=rng.choice(list(Industry))),
        lease=NewLeaseIn(
            units=[unit.id],
            start_date=start,
            end_date=start.replace(year=start.year + 3) - timedelta(days=1),
            base_rent=monthly,
        ),
        reward=reward,
    )


async def generate_anchors(today: date, seed: int = 7, most: int = 300) -> AnchorCounts:
    """Profiles and relations for every tenant, the buildings' inventory, benefits for up to
    ``most`` anchor leases and up to ``most`` // 5 introductions."""
    rng = random.Random(seed)
    briefs = await tenants.tenant_briefs()
    profiles, relations = await _profiles_and_relations(rng, briefs)
    places = await leases.tenant_places(today)
    buildings = sorted({p.building for p in places.values()}, key=str)
    inventory = await _inventory(rng, buildings)
    anchors = {b.id for b in briefs if b.is_anchor}
    granted = await _anchor_benefits(rng, today, anchors, inventory, most)
    introduced = await _introductions(rng, today, max(1, most // 5))
    referred, signed = await _referrals(rng, today, max(1, most // 10))
    return AnchorCounts(
        profiles=profiles,
        relations=relations,
        resources=sum(len(rows) for rows in inventory.values()),
        benefits=granted,
        introductions=introduced,
        referrals=referred,
        referrals_signed=signed,
    )
