"""Rules of referrals: the stages a prospect moves through, and the figures of the funnel.

Pure: no I/O, no framework types, no clock.

Stages
    lead -> contacted -> viewing -> offer -> signed; lost from any open stage. A prospect may
    also skip forward (a lead that asks for an offer at once), never back. Signed and lost are
    final.
Figures (of the referrals recorded in a period)
    ``leads``        every referral recorded
    ``signed``       referrals that signed; ``lost`` those lost; ``open`` the rest
    ``conversion``   signed / leads (4 places; None without leads)
    ``win_rate``     signed / (signed + lost): of the decided ones, how many signed
    ``area_won``     the area let by the signed leases, m²
    ``rent_won``     their annual rent at signing (12 x the monthly rent), by currency
    ``referrers``    tenants by referrals signed, then by leads
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tenantcrm.core.workflow import Workflow
from tenantcrm.referrals.enums import ReferralStage

_S = ReferralStage
_ORDER = (_S.LEAD, _S.CONTACTED, _S.VIEWING, _S.OFFER, _S.SIGNED)

REFERRAL_WORKFLOW: Workflow[ReferralStage] = Workflow(
    {stage: frozenset((*_ORDER[k + 1 :], _S.LOST)) for k, stage in enumerate(_ORDER[:-1])}
)

_RATIO = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class ReferralFact:
    referrer: Hashable
    stage: ReferralStage
    area: Decimal = Decimal("0")  # let by the signed lease
    annual_rent: Decimal = Decimal("0")
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Funnel:
    leads: int
    by_stage: dict[ReferralStage, int]
    signed: int
    lost: int
    open: int
    conversion: Decimal | None
    win_rate: Decimal | None
    area_won: Decimal
    rent_won: dict[str, Decimal]
    referrers: list[tuple[Hashable, int, int]]  # (referrer, signed, leads), best first


def _ratio(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_RATIO, ROUND_HALF_UP)


def funnel(facts: Sequence[ReferralFact]) -> Funnel:
    """The figures of a set of referrals (see the module docstring)."""
    stages = Counter(f.stage for f in facts)
    signed = [f for f in facts if f.stage is _S.SIGNED]
    rent: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for fact in signed:
        if fact.currency:
            rent[fact.currency] += fact.annual_rent
    leads_by: Counter[Hashable] = Counter(f.referrer for f in facts)
    signed_by: Counter[Hashable] = Counter(f.referrer for f in signed)
    referrers = sorted(
        ((r, signed_by[r], leads_by[r]) for r in leads_by),
        key=lambda row: (-row[1], -row[2], str(row[0])),
    )
    lost = stages[_S.LOST]
    return Funnel(
        leads=len(facts),
        by_stage={stage: stages[stage] for stage in ReferralStage},
        signed=len(signed),
        lost=lost,
        open=len(facts) - len(signed) - lost,
        conversion=_ratio(len(signed), len(facts)),
        win_rate=_ratio(len(signed), len(signed) + lost),
        area_won=sum((f.area for f in signed), Decimal("0.00")),
        rent_won=dict(sorted(rent.items())),
        referrers=referrers,
    )
