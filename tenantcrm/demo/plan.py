"""A demo portfolio planned in memory: every row of every table, before anything is written.

Pure and deterministic: the same size, day and seed give the same rows (ids included). Each
suite (one to a few neighbouring units on a floor) carries one timeline of leases that never
overlap: maybe a former tenant's ended lease, then the current occupier's cycles back to back
(earlier ones "renewed", the last "active"), maybe a draft renewal from the day after it ends;
vacant suites may hold an ended lease in the past and a draft that starts in the future.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta

from tenantcrm.buildings.enums import UnitStatus
from tenantcrm.core.money import to_minor
from tenantcrm.demo import names
from tenantcrm.demo.names import City, Script
from tenantcrm.leases import rent
from tenantcrm.leases.enums import LeaseStatus, StepKind
from tenantcrm.tenants.enums import AnchorCategory, Industry, Tier

Row = dict[str, Any]

_ONE_DAY = timedelta(days=1)
_M2_PER_PERSON = (7.0, 14.0)
_AREA_M2 = (80.0, 1200.0)
_FLOOR_PLATE_M2 = (1300.0, 2600.0)
_TERM_MONTHS = (24, 24, 36, 36, 36, 48, 60)
_ANCHOR_TERM_MONTHS = (60, 72, 84, 96, 120)
_NOTICE_MONTHS = (3, 3, 4, 6, 6)
_MOST_SUITES = 3  # suites one occupier holds at most, each under its own lease

# How often each industry occurs among office occupiers; every industry appears at least once.
_INDUSTRY_WEIGHTS: dict[Industry, int] = {
    Industry.BANKING: 7,
    Industry.INSURANCE: 5,
    Industry.ASSET_MANAGEMENT: 7,
    Industry.LEGAL: 7,
    Industry.ACCOUNTING: 4,
    Industry.CONSULTING: 7,
    Industry.TECHNOLOGY: 16,
    Industry.TELECOM: 3,
    Industry.MEDIA: 4,
    Industry.PHARMA: 4,
    Industry.HEALTHCARE: 3,
    Industry.MANUFACTURING: 5,
    Industry.ENERGY: 3,
    Industry.TRADING: 6,
    Industry.LOGISTICS: 4,
    Industry.CONSUMER: 6,
    Industry.REAL_ESTATE: 4,
    Industry.EDUCATION: 3,
    Industry.GOVERNMENT: 1,
    Industry.NONPROFIT: 1,
    Industry.OTHER: 3,
}
_CORPORATE_ANCHORS = (
    AnchorCategory.FORTUNE_GLOBAL_500,
    AnchorCategory.INDUSTRY_TOP_500,
    AnchorCategory.MULTINATIONAL,
    AnchorCategory.LISTED_COMPANY,
    AnchorCategory.TOP_DOMESTIC_FIRM,
)
_CITY_WEIGHTS = {"Shanghai": 35, "Beijing": 25, "Shenzhen": 20, "Hong Kong": 20}
_FIRST_CITIES = ("Shanghai", "Hong Kong", "Beijing", "Shenzhen")


@dataclass(frozen=True)
class PortfolioSize:
    """How big a portfolio to generate, and the mix of tenants in it.

    Each building leaves a share of its lettable area vacant (drawn from ``vacancy``); the
    current occupiers take every other suite, one lease per suite and at most three suites
    each, so how many hold a second suite follows from the space per tenant (``demo`` and
    ``bench`` are sized so that it is roughly one in ten or one in twenty-five). When there
    are more tenants than suites, the rest are former tenants.
    """

    buildings: int
    floors: tuple[int, int]  # office floors per building: fewest, most
    units_per_floor: tuple[int, int]  # fewest, most
    tenants: int
    renewed_share: float = 0.12  # occupiers whose current lease renews an earlier cycle
    former_share: float = 0.07  # tenants who have left: ended leases only
    future_share: float = 0.015  # tenants signed for vacant space: a draft starting later
    anchor_share: float = 0.05  # anchor tenants among occupiers (they get the largest suites)
    vacancy: tuple[float, float] = (0.06, 0.12)  # vacant share of each building's lettable area

    def __post_init__(self) -> None:
        if self.buildings < 1 or self.tenants < 1:
            raise ValueError("a portfolio needs at least one building and one tenant")
        for low, high in (self.floors, self.units_per_floor):
            if not 1 <= low <= high:
                raise ValueError("ranges must be (low, high) with 1 <= low <= high")
        shares = (
            self.renewed_share,
            self.former_share,
            self.future_share,
            self.anchor_share,
            *self.vacancy,
        )
        if not all(0 <= share <= 1 for share in shares):
            raise ValueError("shares must be between 0 and 1")
        if self.former_share + self.future_share >= 1 or self.vacancy[0] > self.vacancy[1]:
            raise ValueError("inconsistent shares")

    @classmethod
    def demo(cls) -> PortfolioSize:
        """Four buildings (Shanghai, Hong Kong, Beijing, Shenzhen) and about 150 tenants."""
        return cls(buildings=4, floors=(12, 15), units_per_floor=(3, 5), tenants=150)

    @classmethod
    def bench(cls, tenants: int = 50_000) -> PortfolioSize:
        """A large portfolio: about 330 tenants and 40-odd multi-let floors per building."""
        return cls(
            buildings=max(4, round(tenants / 330)),
            floors=(32, 50),
            units_per_floor=(8, 14),
            tenants=tenants,
        )


@dataclass
class Plan:
    """The rows to insert, table by table, in an order foreign keys accept."""

    buildings: list[Row] = field(default_factory=list)
    units: list[Row] = field(default_factory=list)
    tenants: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    leases: list[Row] = field(default_factory=list)  # every lease after the one it renews
    lease_units: list[Row] = field(default_factory=list)
    rent_steps: list[Row] = field(default_factory=list)


@dataclass
class _Building:
    id: UUID
    city: City
    rent_per_m2: float
    suites: list[_Suite] = field(default_factory=list)


@dataclass
class _Suite:
    """Neighbouring units on one floor, let together."""

    building: _Building
    floor_index: int  # 0 for the lowest office floor
    units: list[Row]
    first_start: date | None = None  # the earliest lease start on this suite so far

    @property
    def area_m2(self) -> float:
        return sum(u["area_centi"] for u in self.units) / 100


@dataclass
class _Tenant:
    id: UUID
    building: _Building
    suites: list[_Suite] = field(default_factory=list)
    anchor: bool = False


def month_start(day: date) -> date:
    return day.replace(day=1)


def _weighted_city(rng: random.Random) -> City:
    (name,) = rng.choices(list(_CITY_WEIGHTS), weights=list(_CITY_WEIGHTS.values()))
    return names.CITIES[name]


class _Planner:
    def __init__(self, size: PortfolioSize, today: date, seed: int) -> None:
        self.size = size
        self.today = today
        self.rng = random.Random(seed)
        self._ids = random.Random(f"ids-{seed}")
        self.plan = Plan()
        self._tenant_names: set[str] = set()

    def uuid(self) -> UUID:
        return UUID(int=self._ids.getrandbits(128), version=4)

    # --- buildings, units, suites -------------------------------------------------------

    def building(self, index: int, used_names: set[str]) -> _Building:
        rng = self.rng
        city = (
            names.CITIES[_FIRST_CITIES[index]]
            if index < len(_FIRST_CITIES)
            else _weighted_city(rng)
        )
        district = rng.choice(city.districts)
        name = names.building_name(rng, district)
        tries = 0
        while name in used_names:
            tries += 1
            district = rng.choice(city.districts)
            name = names.building_name(rng, district)
            if tries > 20:
                name = f"{name} {len(used_names) + 1}"
        used_names.add(name)
        low, high = city.rent_per_m2
        grade = rng.betavariate(2, 2)  # most buildings mid-market, a few prime or tired
        building = _Building(self.uuid(), city, low + (high - low) * grade)
        self.plan.buildings.append(
            {
                "id": building.id,
                "name": name,
                "address": names.address(rng, city, district),
                "city": city.name,
                "time_zone": city.time_zone,
                "currency": city.currency,
                "owner_name": rng.choice(city.owners),
            }
        )
        self.floors(building)
        return building

    def floors(self, building: _Building) -> None:
        rng = self.rng
        plate = rng.uniform(*_FLOOR_PLATE_M2)
        count = rng.randint(*self.size.floors)
        numbers = _floor_numbers(count)
        for index, floor in enumerate(numbers):
            units_here = rng.randint(*self.size.units_per_floor)
            weights = [rng.uniform(0.6, 1.4) for _ in range(units_here)]
            total = sum(weights)
            units: list[Row] = []
            for number, weight in enumerate(weights, start=1):
                area = min(max(plate * weight / total, _AREA_M2[0]), _AREA_M2[1])
                off_market = rng.random() < 0.015
                unit = {
                    "id": self.uuid(),
                    "building": building.id,
                    "floor": floor,
                    "code": f"{floor}{number:02d}",
                    "area_centi": round(area * 100),
                    "status": (UnitStatus.OFF_MARKET if off_market else UnitStatus.AVAILABLE).value,
                }
                self.plan.units.append(unit)
                units.append(unit)
            lettable = [u for u in units if u["status"] == UnitStatus.AVAILABLE.value]
            building.suites.extend(
                _Suite(building, index, group) for group in self.groups(lettable)
            )

    def groups(self, units: list[Row]) -> Iterator[list[Row]]:
        """Neighbouring units let together: mostly single units, sometimes the whole floor."""
        rng = self.rng
        if len(units) > 1 and rng.random() < 0.07:
            yield units
            return
        position = 0
        while position < len(units):
            (take,) = rng.choices((1, 2, 3), weights=(80, 15, 5))
            yield units[position : position + take]
            position += take

    # --- tenants ------------------------------------------------------------------------

    def tenant_row(self, tenant: _Tenant, industry: Industry, area_m2: float) -> Script:
        rng = self.rng
        city = tenant.building.city
        category: AnchorCategory | None = None
        if tenant.anchor:
            if industry is Industry.GOVERNMENT:
                category = rng.choice(
                    (AnchorCategory.DIPLOMATIC_MISSION, AnchorCategory.INTERNATIONAL_ORGANISATION)
                )
            elif industry is Industry.NONPROFIT:
                category = AnchorCategory.INTERNATIONAL_ORGANISATION
            else:
                category = rng.choice(_CORPORATE_ANCHORS)
        script = self.script(city, category)
        firm = names.anchor_name(rng, category.value, city) if category else None
        if firm is None:
            firm = names.firm_name(rng, industry, city, script)
        name, tries = firm.name, 0
        while name in self._tenant_names and tries < 30:
            firm = names.firm_name(rng, industry, city, script)
            name, tries = firm.name, tries + 1
        if name in self._tenant_names:
            branch = len(self._tenant_names)
            name = f"{name} (Branch {branch})" if name.isascii() else f"{name}第{branch}分部"
        self._tenant_names.add(name)

        if tenant.anchor:
            tier = Tier.STRATEGIC if rng.random() < 0.6 else Tier.KEY
        elif rng.random() < 0.02:
            tier = Tier.STRATEGIC
        elif rng.random() < (0.5 if area_m2 >= 800 else 0.12):
            tier = Tier.KEY
        else:
            tier = Tier.STANDARD
        tags = set(rng.sample(names.TAGS, rng.choice((0, 0, 1, 1, 2, 3))))
        if tenant.anchor:
            tags |= {"signage", "vip-service"}
        if firm.script is Script.LATIN_GLOBAL and rng.random() < 0.4:
            tags.add("regional-hq")
        headcount = (
            None if rng.random() < 0.04 else max(2, round(area_m2 / rng.uniform(*_M2_PER_PERSON)))
        )
        self.plan.tenants.append(
            {
                "id": tenant.id,
                "name": name,
                "legal_name": firm.legal_name,
                "industry": industry.value,
                "headcount": headcount,
                "website": f"https://www.{firm.domain}" if rng.random() < 0.75 else "",
                "tier": tier.value,
                "is_anchor": tenant.anchor,
                "anchor_category": category and category.value,
                "tags": sorted(tags),
                "notes": rng.choice(names.NOTES) if rng.random() < 0.08 else "",
            }
        )
        self.contacts(tenant, firm, city)
        return firm.script

    def script(self, city: City, category: AnchorCategory | None) -> Script:
        rng = self.rng
        local = Script.TRADITIONAL if city.traditional else Script.SIMPLIFIED
        if category in (AnchorCategory.FORTUNE_GLOBAL_500, AnchorCategory.MULTINATIONAL):
            return Script.LATIN_GLOBAL if rng.random() < 0.8 else Script.LATIN_LOCAL
        if category is AnchorCategory.TOP_DOMESTIC_FIRM:
            return local
        weights = (40, 35, 25) if city.traditional else (55, 25, 20)
        (script,) = rng.choices((local, Script.LATIN_LOCAL, Script.LATIN_GLOBAL), weights=weights)
        return script

    def contacts(self, tenant: _Tenant, firm: names.FirmName, city: City) -> None:
        rng = self.rng
        (count,) = rng.choices((1, 2, 3), weights=(25, 45, 30))
        script = firm.script
        emails: set[str] = set()
        for index in range(count):
            person = names.person(rng, script, city.traditional)
            if index == 0:
                role = names.role(rng, names.EXECUTIVE_ROLES, script)
            elif index == 1:
                role = names.role(rng, names.ADMIN_ROLES, script)
            else:
                role = names.role(rng, names.OTHER_ROLES, script)
            email = f"{person.email_local}@{firm.domain}"
            if email in emails:
                email = f"{person.email_local}{index}@{firm.domain}"
            emails.add(email)
            self.plan.contacts.append(
                {
                    "id": self.uuid(),
                    "tenant": tenant.id,
                    "name": person.name,
                    "role": role,
                    "email": email if rng.random() < 0.9 else "",
                    "phone": names.phone(rng, city),
                    "is_executive": index == 0,
                    # In a small firm the boss often runs the office too.
                    "is_admin_head": index == 1 or (count == 1 and rng.random() < 0.5),
                }
            )

    # --- leases -------------------------------------------------------------------------

    def market_rent(self, suite: _Suite) -> Decimal:
        """Monthly face rent of a suite today: the building's rate, higher up, a little noise."""
        rate = suite.building.rent_per_m2 * (1 + 0.006 * suite.floor_index)
        monthly = suite.area_m2 * rate * self.rng.uniform(0.92, 1.08)
        return Decimal(max(100, round(monthly / 100) * 100))

    def term_months(self, anchor: bool) -> int:
        return self.rng.choice(_ANCHOR_TERM_MONTHS if anchor else _TERM_MONTHS)

    def lease(
        self,
        tenant: _Tenant,
        suite: _Suite,
        start: date,
        end: date,
        status: LeaseStatus,
        base_rent: Decimal,
        previous: Row | None = None,
    ) -> Row:
        """Add one lease of ``suite`` with its units and valid rent steps."""
        rng = self.rng
        new_letting = previous is None
        incentive = Decimal(0)
        if new_letting and rng.random() < 0.1:
            incentive = Decimal(round(base_rent * Decimal(rng.choice((1, 1.5, 2))) / 100) * 100)
        steps = self.steps(start, end, base_rent, tenant.anchor, new_letting)
        terms = rent.LeaseTerms(start, end, base_rent, tuple(s for s, _ in steps), incentive)
        if rent.validate_terms(terms):
            # Never store terms the rules refuse: fall back to a flat rent.
            steps = []
            terms = rent.LeaseTerms(start, end, base_rent, (), incentive)
            if violations := rent.validate_terms(terms):
                raise ValueError(f"generated invalid lease terms: {violations}")
        row = {
            "id": self.uuid(),
            "tenant": tenant.id,
            "building": suite.building.id,
            "cycle": 1 if previous is None else previous["cycle"] + 1,
            "previous": None if previous is None else previous["id"],
            "status": status.value,
            "start_date": start,
            "end_date": end,
            "currency": suite.building.city.currency,
            "base_rent_minor": to_minor(base_rent),
            "deposit_minor": to_minor(base_rent * 3),
            "incentive_minor": to_minor(incentive),
            "notice_months": 6 if tenant.anchor else rng.choice(_NOTICE_MONTHS),
            "notes": "" if previous is None else f"Renewal of cycle {previous['cycle']}.",
        }
        self.plan.leases.append(row)
        self.plan.lease_units.extend(
            {
                "id": self.uuid(),
                "lease": row["id"],
                "unit": u["id"],
                "start_date": start,
                "end_date": end,
            }
            for u in suite.units
        )
        self.plan.rent_steps.extend(
            {
                "id": self.uuid(),
                "lease": row["id"],
                "kind": step.kind.value,
                "effective": step.effective,
                "amount_minor": None if step.amount is None else to_minor(step.amount),
                "percent_centi": None if step.percent is None else to_minor(step.percent),
                "every_months": step.every_months,
                "months": step.months,
                "note": note,
            }
            for step, note in steps
        )
        suite.first_start = min(start, suite.first_start or start)
        return row

    def steps(
        self, start: date, end: date, base_rent: Decimal, anchor: bool, new_letting: bool
    ) -> list[tuple[rent.RentStep, str]]:
        """Free months at the start, then one escalation pattern (or none)."""
        rng = self.rng
        steps: list[tuple[rent.RentStep, str]] = []
        if rng.random() < (0.6 if anchor else 0.35 if new_letting else 0.15):
            months = rng.randint(3, 6) if anchor else rng.randint(1, 3)
            steps.append(
                (
                    rent.RentStep(StepKind.FREE, start, months=months),
                    f"{months} rent-free months for fit-out",
                )
            )
        anniversary = start + relativedelta(months=12)
        if anniversary > end:
            return steps
        (pattern,) = rng.choices(("percent", "amount", "fixed", "flat"), weights=(40, 20, 20, 20))
        if pattern == "percent":
            percent = rng.choice(
                (Decimal("2.50"), Decimal("3.00"), Decimal("3.50"), Decimal("5.00"))
            )
            steps.append(
                (
                    rent.RentStep(StepKind.PERCENT, anniversary, percent=percent, every_months=12),
                    f"Annual escalation {percent} %",
                )
            )
        elif pattern == "amount":
            amount = Decimal(max(100, round(base_rent * Decimal("0.04") / 100) * 100))
            steps.append(
                (
                    rent.RentStep(StepKind.AMOUNT, anniversary, amount=amount, every_months=12),
                    "Annual increase by a fixed amount",
                )
            )
        elif pattern == "fixed":
            rate = Decimal(rng.choice(("1.03", "1.04", "1.05", "1.06")))
            year, effective, amount = 1, anniversary, base_rent
            while effective <= end:
                amount = Decimal(round(amount * rate / 100) * 100)
                steps.append(
                    (
                        rent.RentStep(StepKind.FIXED, effective, amount=amount),
                        f"Year {year + 1} rent",
                    )
                )
                year += 1
                effective = start + relativedelta(months=12 * year)
        return steps

    def occupy(self, tenant: _Tenant, suite: _Suite, renewed_share: float) -> None:
        """The current occupier's cycles on ``suite``: earlier ones renewed, the last active."""
        rng, today = self.rng, self.today
        term = self.term_months(tenant.anchor)
        start = month_start(today) - relativedelta(months=rng.randrange(term))
        if rng.random() < 0.2:
            start = start.replace(day=rng.choice((10, 15, 16, 20)))
            if start > today:
                start = start.replace(day=1)
        end = start + relativedelta(months=term) - _ONE_DAY
        cycles = 1
        if rng.random() < renewed_share:
            cycles = 3 if rng.random() < 0.15 else 2
        terms = [(start, end)]
        for _ in range(cycles - 1):
            earlier_end = terms[0][0] - _ONE_DAY
            earlier_start = terms[0][0] - relativedelta(months=self.term_months(tenant.anchor))
            terms.insert(0, (earlier_start, earlier_end))
        market = self.market_rent(suite)
        previous: Row | None = None
        for index, (begin, finish) in enumerate(terms):
            behind = len(terms) - 1 - index  # cycles before the current one
            rent_then = Decimal(round(market * Decimal(0.9**behind) / 100) * 100)
            status = LeaseStatus.ACTIVE if behind == 0 else LeaseStatus.RENEWED
            previous = self.lease(tenant, suite, begin, finish, status, rent_then, previous)
        assert previous is not None
        if end <= today + relativedelta(months=6) and rng.random() < 0.35:
            renewal_rent = Decimal(round(market * Decimal(rng.uniform(1.0, 1.08)) / 100) * 100)
            renewal_end = end + relativedelta(months=36)
            self.lease(
                tenant,
                suite,
                end + _ONE_DAY,
                renewal_end,
                LeaseStatus.DRAFT,
                renewal_rent,
                previous,
            )

    def leave(self, tenant: _Tenant, suite: _Suite) -> None:
        """A former tenant: its ended lease (maybe after a renewed one) before anything else."""
        rng, today = self.rng, self.today
        if suite.first_start is not None and suite.first_start <= today:  # let again since
            last_month = month_start(suite.first_start) - relativedelta(months=rng.randint(1, 4))
        else:  # vacant now, perhaps with a draft for a new tenant
            last_month = month_start(today) - relativedelta(months=rng.randint(1, 18))
        term = self.term_months(tenant.anchor)
        start = last_month + relativedelta(months=1) - relativedelta(months=term)
        end = last_month + relativedelta(months=1) - _ONE_DAY
        terms = [(start, end)]
        if rng.random() < 0.2:
            terms.insert(
                0, (start - relativedelta(months=self.term_months(False)), start - _ONE_DAY)
            )
        market = self.market_rent(suite)
        previous: Row | None = None
        for index, (begin, finish) in enumerate(terms):
            status = LeaseStatus.ENDED if index == len(terms) - 1 else LeaseStatus.RENEWED
            rent_then = Decimal(
                round(market * Decimal(0.85 - 0.08 * (len(terms) - index)) / 100) * 100
            )
            previous = self.lease(tenant, suite, begin, finish, status, rent_then, previous)

    def sign(self, tenant: _Tenant, suite: _Suite) -> None:
        """A tenant signed for vacant space: a draft lease starting in a few months."""
        start = month_start(self.today) + relativedelta(months=self.rng.randint(1, 6))
        end = start + relativedelta(months=self.term_months(False)) - _ONE_DAY
        self.lease(tenant, suite, start, end, LeaseStatus.DRAFT, self.market_rent(suite))


def _floor_numbers(count: int) -> list[int]:
    """Office floors from the 2nd up, skipping numbers ending in 4 as local buildings do."""
    numbers: list[int] = []
    floor = 2
    while len(numbers) < count:
        if floor % 10 != 4:
            numbers.append(floor)
        floor += 1
    return numbers


def _industries(rng: random.Random, count: int) -> list[Industry]:
    """Every industry at least once (when there is room), the rest by weight, shuffled."""
    chosen = list(Industry)[:count]
    chosen += rng.choices(
        list(_INDUSTRY_WEIGHTS), weights=list(_INDUSTRY_WEIGHTS.values()), k=count - len(chosen)
    )
    rng.shuffle(chosen)
    return chosen


def _split(total: int, weights: list[int]) -> list[int]:
    """``total`` in whole parts proportional to ``weights`` (largest remainders)."""
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def plan_portfolio(size: PortfolioSize, today: date, seed: int = 7) -> Plan:
    """Every row of a portfolio of ``size`` as it stands on ``today``."""
    planner = _Planner(size, today, seed)
    rng = planner.rng
    used: set[str] = set()
    buildings = [planner.building(i, used) for i in range(size.buildings)]

    # Leave part of each building vacant, never more than its drawn vacancy rate.
    occupied: list[list[_Suite]] = []
    vacant: list[_Suite] = []
    for building in buildings:
        suites = list(building.suites)
        rng.shuffle(suites)
        allowance = sum(s.area_m2 for s in suites) * rng.uniform(*size.vacancy)
        taken: list[_Suite] = []
        for suite in suites:
            if suite.area_m2 <= allowance:
                allowance -= suite.area_m2
                vacant.append(suite)
            else:
                taken.append(suite)
        occupied.append(taken)

    n_future = min(round(size.tenants * size.future_share), len(vacant))
    n_former = round(size.tenants * size.former_share)
    n_current = size.tenants - n_former - n_future
    occupiable = sum(len(taken) for taken in occupied)
    if n_current > occupiable:  # more tenants than space: the rest are tenants who left
        n_former += n_current - occupiable
        n_current = occupiable
    # Occupiers take at most _MOST_SUITES suites each; what they cannot take stays vacant.
    spare = max(0, occupiable - n_current * _MOST_SUITES)
    for taken in occupied:
        rng.shuffle(taken)
    for index, count in enumerate(_split(spare, [len(t) for t in occupied])):
        for _ in range(count):
            vacant.append(occupied[index].pop())

    industries = iter(_industries(rng, size.tenants))
    per_building = _split(n_current, [len(t) for t in occupied])
    for building, taken, count in zip(buildings, occupied, per_building, strict=True):
        tenants = [_Tenant(planner.uuid(), building) for _ in range(count)]
        for tenant, suite in zip(tenants, taken, strict=False):
            tenant.suites.append(suite)
        for suite in taken[count:]:  # expansions: more suites for some occupiers
            holders = [t for t in tenants if len(t.suites) < _MOST_SUITES]
            if not holders:  # too few tenants here for the space: it stays vacant
                break
            rng.choice(holders).suites.append(suite)
        by_area = sorted(tenants, key=lambda t: t.suites[0].area_m2, reverse=True)
        for tenant in by_area[: round(count * size.anchor_share)]:
            tenant.anchor = True
        for tenant in tenants:
            area = sum(s.area_m2 for s in tenant.suites)
            planner.tenant_row(tenant, next(industries), area)
            for position, suite in enumerate(tenant.suites):
                share = size.renewed_share if position == 0 else size.renewed_share / 2
                planner.occupy(tenant, suite, share)

    rng.shuffle(vacant)
    for suite in vacant[:n_future]:
        tenant = _Tenant(planner.uuid(), suite.building, [suite])
        planner.tenant_row(tenant, next(industries), suite.area_m2)
        planner.sign(tenant, suite)

    # Tenants who left: first on vacant suites (that is why they are vacant), then before
    # the current occupier of a let suite. Beyond that, a tenant without any lease.
    slots = vacant + [s for taken in occupied for s in taken]
    for index in range(n_former):
        slot = slots[index] if index < len(slots) else None
        building = slot.building if slot else buildings[index % len(buildings)]
        tenant = _Tenant(planner.uuid(), building, [slot] if slot else [])
        planner.tenant_row(tenant, next(industries), slot.area_m2 if slot else 150.0)
        if slot is not None:
            planner.leave(tenant, slot)

    plan = planner.plan
    # A renewal refers to the lease it renews: insert the lower cycles first.
    plan.leases.sort(key=lambda row: row["cycle"])
    return plan
