"""Lease events of the demo portfolio: renewals, expansion and contraction requests, move-outs.

They go through the same services as the API, so every figure they leave behind (new cycles,
amended leases, vacant units, churn) is one the app itself would have written. A drawn event
the portfolio cannot take (no vacant unit to grow into, say) is skipped, as a manager would.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from tenantcrm.core.errors import DomainError
from tenantcrm.leases import service as leases
from tenantcrm.leases.service import LeaseFact
from tenantcrm.moveouts import service as moveouts
from tenantcrm.moveouts.churn import REASON_CLASS, ChurnClass, MoveOutReason
from tenantcrm.moveouts.schemas import MoveOutIn
from tenantcrm.renewals import service as renewals
from tenantcrm.renewals.enums import RenewalState
from tenantcrm.renewals.proposals import ProposalForm
from tenantcrm.renewals.schemas import (
    PolicyIn,
    RenewalIn,
    RenewalProposalIn,
    RenewalTransitionIn,
)
from tenantcrm.spacerequests import service as spacerequests
from tenantcrm.spacerequests.enums import RequestKind, RequestState
from tenantcrm.spacerequests.schemas import SpaceRequestIn, SpaceRequestTransitionIn

T = TypeVar("T")

RENEWAL_HORIZON = timedelta(days=548)
"""Leases expiring within about 18 months are in renewal talks."""

RENEWAL_OUTCOMES: Sequence[tuple[RenewalState, int]] = (
    (RenewalState.NOT_STARTED, 15),
    (RenewalState.IN_DISCUSSION, 25),
    (RenewalState.PROPOSAL_SENT, 20),
    (RenewalState.AGREED, 10),
    (RenewalState.SIGNED, 20),
    (RenewalState.LOST, 10),
)
"""How far each renewal in talks has got, by weight."""

RENEWAL_PATH = (
    RenewalState.IN_DISCUSSION,
    RenewalState.PROPOSAL_SENT,
    RenewalState.AGREED,
    RenewalState.SIGNED,
)

REQUEST_OUTCOMES: Sequence[tuple[RequestState, int]] = (
    (RequestState.SUBMITTED, 10),
    (RequestState.EVALUATING, 10),
    (RequestState.OFFERED, 15),
    (RequestState.ACCEPTED, 10),
    (RequestState.EXECUTED, 45),
    (RequestState.DECLINED, 5),
    (RequestState.WITHDRAWN, 5),
)

SOFT_SHARE = 0.55
"""Share of move-outs the building could have prevented."""

POLICY = PolicyIn(
    max_step_percent=Decimal("5.00"),
    steps=3,
    step_every_months=12,
    free_months=1,
    index_rate_percent=Decimal("3.00"),
    index_floor_percent=Decimal("1.00"),
    index_cap_percent=Decimal("5.00"),
)


@dataclass(frozen=True)
class LifecycleCounts:
    renewals: int
    renewals_signed: int
    space_requests: int
    space_requests_executed: int
    move_outs: int
    soft_move_outs: int


def _weighted(rng: random.Random, outcomes: Sequence[tuple[T, int]]) -> T:
    values, weights = zip(*outcomes, strict=True)
    return rng.choices(values, weights=weights)[0]


async def _attempt(step: Awaitable[T]) -> T | None:
    """Run one step of the story; None when the portfolio refuses it (the event is skipped)."""
    try:
        return await step
    except DomainError:
        return None


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


async def _renewal(rng: random.Random, lease: LeaseFact, today: date) -> RenewalState | None:
    market = _cents(lease.monthly_rent * Decimal(str(1 + rng.uniform(0.03, 0.18))))
    opened = await _attempt(
        renewals.open_renewal(RenewalIn(lease=lease.id, market_rent=market), today)
    )
    if opened is None:
        return None
    goal = _weighted(rng, RENEWAL_OUTCOMES)
    reached = RenewalState.NOT_STARTED
    if goal is RenewalState.LOST:
        reason = rng.choice(("Moving to a competitor's new tower", "Rent gap too wide"))
        lost = RenewalTransitionIn(to=RenewalState.LOST, reason=reason)
        done = await _attempt(renewals.transition(opened.id, lost, today))
        return RenewalState.LOST if done is not None else reached
    for target in RENEWAL_PATH[: RENEWAL_PATH.index(goal) + 1] if goal in RENEWAL_PATH else ():
        if target is RenewalState.PROPOSAL_SENT:
            proposal = RenewalProposalIn(term_months=rng.choice((36, 48, 60)), policy=POLICY)
            if await _attempt(renewals.propose_for_renewal(opened.id, proposal, today)) is None:
                break
        form = rng.choice((ProposalForm.FIXED_STEP, ProposalForm.PERCENT_STEP))
        move = RenewalTransitionIn(
            to=target, option=form if target is RenewalState.AGREED else None
        )
        if await _attempt(renewals.transition(opened.id, move, today)) is None:
            break
        reached = target
    return reached


async def _space_request(rng: random.Random, lease: LeaseFact, today: date) -> RequestState | None:
    kind = RequestKind.EXPANSION if rng.random() < 0.6 else RequestKind.CONTRACTION
    goal = _weighted(rng, REQUEST_OUTCOMES)
    share = rng.uniform(0.2, 0.6) if kind is RequestKind.EXPANSION else rng.uniform(0.3, 0.5)
    if goal is RequestState.EXECUTED:
        earliest = max(lease.start_date + timedelta(days=30), today - timedelta(days=300))
        span = max((today - earliest).days, 0)
        desired = earliest + timedelta(days=rng.randint(0, span))
    else:
        desired = today + timedelta(days=rng.randint(30, 240))
    if not lease.start_date < desired < lease.end_date:
        return None
    request = SpaceRequestIn(
        tenant=lease.tenant,
        lease=lease.id,
        kind=kind,
        desired_area=_cents(lease.area * Decimal(str(share))),
        desired_date=desired,
        reason=rng.choice(
            (
                "Team growth after a new contract",
                "Hybrid work: fewer desks needed",
                "Consolidating a second office",
                "New business line",
            )
        ),
    )
    created = await _attempt(spacerequests.create_request(request, today))
    if created is None:
        return None
    if goal in (RequestState.DECLINED, RequestState.WITHDRAWN, RequestState.SUBMITTED):
        if goal is not RequestState.SUBMITTED:
            close = SpaceRequestTransitionIn(to=goal, note="Demo")
            await _attempt(spacerequests.transition(created.id, close, today))
        return goal
    path = [RequestState.EVALUATING, RequestState.OFFERED, RequestState.ACCEPTED]
    path += [RequestState.EXECUTED]
    reached = RequestState.SUBMITTED
    for target in path[: path.index(goal) + 1]:
        units = None
        if target is RequestState.OFFERED:
            found = await _attempt(spacerequests.suggestions(created.id, 3))
            if found is None or not found.suggestions:
                break
            units = [u.id for u in found.suggestions[0].units]
        move = SpaceRequestTransitionIn(
            to=target,
            units=units,
            effective_date=desired if target is RequestState.EXECUTED else None,
        )
        if await _attempt(spacerequests.transition(created.id, move, today)) is None:
            break
        reached = target
    return reached


def _move_out_reason(rng: random.Random) -> MoveOutReason:
    wanted = ChurnClass.SOFT if rng.random() < SOFT_SHARE else ChurnClass.HARD
    return rng.choice([r for r, c in REASON_CLASS.items() if c is wanted])


async def _move_out(rng: random.Random, lease: LeaseFact, today: date) -> MoveOutReason | None:
    earliest = max(lease.start_date, today - timedelta(days=330))
    latest = min(lease.end_date, today - timedelta(days=1))
    if latest < earliest:
        return None
    day = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
    reason = _move_out_reason(rng)
    data = MoveOutIn(lease=lease.id, day=day, reason=reason, notes="Exit interview on file")
    return reason if await _attempt(moveouts.record_move_out(data)) else None


async def generate_lifecycle(today: date, seed: int = 7, most: int = 300) -> LifecycleCounts:
    """Renewals for leases expiring within 18 months, requests and move-outs among the rest.

    ``most`` caps each kind of event, so a large portfolio gets a sample, not a flood.
    """
    rng = random.Random(seed)
    active = sorted(await leases.active_leases(today), key=lambda fact: str(fact.id))
    rng.shuffle(active)
    expiring = [f for f in active if today <= f.end_date <= today + RENEWAL_HORIZON]
    others = [f for f in active if f.end_date > today + RENEWAL_HORIZON]
    in_talks = expiring[: min(most, max(1, len(expiring) * 3 // 4))]

    renewal_states = [await _renewal(rng, lease, today) for lease in in_talks]
    share = min(most, max(1, len(others) // 6))
    requests = others[:share]
    leaving = others[share : share + min(most, max(1, len(others) // 8))]
    request_states = [await _space_request(rng, lease, today) for lease in requests]
    reasons = [await _move_out(rng, lease, today) for lease in leaving]

    done = [r for r in reasons if r is not None]
    return LifecycleCounts(
        renewals=sum(s is not None for s in renewal_states),
        renewals_signed=renewal_states.count(RenewalState.SIGNED),
        space_requests=sum(s is not None for s in request_states),
        space_requests_executed=request_states.count(RequestState.EXECUTED),
        move_outs=len(done),
        soft_move_outs=sum(REASON_CLASS[r] is ChurnClass.SOFT for r in done),
    )
