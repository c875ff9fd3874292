"""Use cases of renewals: open one for an expiring lease, propose stepped rents, move it along
its workflow, and sign the next lease cycle."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import asyncpg
from piccolo.columns import Integer
from piccolo.columns.combination import Combinable

from tenantcrm.audit import service as audit
from tenantcrm.core.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import Row, get_or_404, lock_or_404, locked, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import critical_dates, rent
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.schemas import RentStepIn, RentSummaryOut
from tenantcrm.renewals.enums import RENEWAL_WORKFLOW, RenewalState
from tenantcrm.renewals.proposals import (
    ProposalForm,
    ProposalOption,
    RenewalPolicy,
    RenewalRequest,
    propose,
    validate_request,
)
from tenantcrm.renewals.schemas import (
    AgreedOut,
    AgreedTermsIn,
    LevelOut,
    PolicyIn,
    PolicyOut,
    ProposalOptionOut,
    ProposalRequestIn,
    ProposalRequestOut,
    ProposalsOut,
    RenewalDetailOut,
    RenewalIn,
    RenewalOut,
    RenewalPatch,
    RenewalProposalIn,
    RenewalTransitionIn,
    StepTermOut,
    TermsOut,
)
from tenantcrm.renewals.tables import Renewal

SUBJECT = "renewal"
_ONE_DAY = timedelta(days=1)

# --- conversions between rules, stored JSON and API models -------------------------------


def _policy_rule(policy: PolicyIn | PolicyOut) -> RenewalPolicy:
    return RenewalPolicy(
        max_step_percent=policy.max_step_percent,
        steps=policy.steps,
        step_every_months=policy.step_every_months,
        free_months=policy.free_months,
        incentive=policy.incentive,
        index_rate_percent=policy.index_rate_percent,
        index_floor_percent=policy.index_floor_percent,
        index_cap_percent=policy.index_cap_percent,
    )


def _policy_out(policy: RenewalPolicy) -> PolicyOut:
    return PolicyOut(
        max_step_percent=policy.max_step_percent,
        steps=policy.steps,
        step_every_months=policy.step_every_months,
        free_months=policy.free_months,
        incentive=policy.incentive,
        index_rate_percent=policy.index_rate_percent,
        index_floor_percent=policy.index_floor_percent,
        index_cap_percent=policy.index_cap_percent,
    )


def _summary_out(summary: rent.RentSummary) -> RentSummaryOut:
    return RentSummaryOut(
        months=summary.months,
        gross_rent=summary.gross_rent,
        free_rent=summary.free_rent,
        total_rent=summary.total_rent,
        average_monthly_rent=summary.average_monthly_rent,
        net_effective_rent=summary.net_effective_rent,
    )


def _terms_out(terms: rent.LeaseTerms) -> TermsOut:
    return TermsOut(
        start=terms.start,
        end=terms.end,
        base_rent=terms.base_rent,
        incentive=terms.incentive,
        rent_steps=[
            StepTermOut(
                kind=step.kind,
                effective=step.effective,
                amount=step.amount,
                percent=step.percent,
                every_months=step.every_months,
                months=step.months,
            )
            for step in terms.steps
        ],
    )


def _terms_rule(terms: TermsOut | AgreedTermsIn) -> rent.LeaseTerms:
    steps: list[StepTermOut] | list[RentStepIn] = terms.rent_steps
    return rent.LeaseTerms(
        start=terms.start,
        end=terms.end,
        base_rent=terms.base_rent,
        steps=tuple(
            rent.RentStep(
                kind=step.kind,
                effective=step.effective,
                amount=step.amount,
                percent=step.percent,
                every_months=step.every_months,
                months=step.months,
            )
            for step in steps
        ),
        incentive=terms.incentive,
    )


def _option_out(option: ProposalOption) -> ProposalOptionOut:
    return ProposalOptionOut(
        form=option.form,
        terms=_terms_out(option.terms),
        levels=[LevelOut(effective=day, monthly_rent=amount) for day, amount in option.levels],
        largest_step_percent=option.largest_step_percent,
        reaches_market=option.reaches_market,
        summary=_summary_out(option.summary),
        difference_vs_flat_market=option.difference_vs_flat_market,
        note=option.note,
    )


def _json(value: object) -> Any:
    """A JSON column's value, whether the query decoded it or not."""
    return json.loads(value) if isinstance(value, str) else value


def _stored_proposal(row: Row) -> ProposalRequestOut | None:
    stored = _json(row["proposal"])
    return ProposalRequestOut.model_validate(stored) if stored else None


def _stored_agreement(row: Row) -> AgreedOut | None:
    stored = _json(row["agreed"])
    return AgreedOut.model_validate(stored) if stored else None


# --- proposals ----------------------------------------------------------------------------


def _options(request: RenewalRequest, rename: dict[str, str] | None = None) -> list[ProposalOption]:
    """The builder's options, or a 422 naming each bad field (``rename`` maps rule names)."""
    violations = validate_request(request)
    if violations:
        names = rename or {}
        raise InvalidInputError(
            FieldError(names.get(v.field, v.field), v.message) for v in violations
        )
    return propose(request)


def _proposals_out(request: RenewalRequest, options: list[ProposalOption]) -> ProposalsOut:
    return ProposalsOut(
        current_rent=request.current_rent,
        market_rent=request.market_rent,
        start=request.start,
        end=options[0].terms.end,
        term_months=request.term_months,
        policy=_policy_out(request.policy),
        options=[_option_out(option) for option in options],
    )


def build_proposals(data: ProposalRequestIn) -> ProposalsOut:
    """The renewal options for a request on its own (nothing is stored)."""
    request = RenewalRequest(
        current_rent=data.current_rent,
        market_rent=data.market_rent,
        start=data.start,
        term_months=data.term_months,
        policy=_policy_rule(data.policy),
    )
    return _proposals_out(request, _options(request))


_CURRENT_RENT_AT_EXPIRY = {"current_rent": "lease"}
"""In a stored renewal the current rent is the lease's rent at expiry, not an input field."""


async def propose_for_renewal(
    renewal_id: UUID, data: RenewalProposalIn, today: date
) -> ProposalsOut:
    """Options from the lease's rent at expiry to the market rent; the request is stored."""
    async with write_transaction():
        row = await lock_or_404(Renewal, renewal_id, "renewal")
        state = RenewalState(row["state"])
        if RENEWAL_WORKFLOW.is_terminal(state):
            raise ConflictError(
                f"renewal {renewal_id} is {state}: it takes no more proposals",
                [{"field": "state", "current": state.value}],
            )
        terms = await leases.lease_rent_terms(row["lease"])
        current = rent.rent_on(terms, terms.end)
        assert current is not None  # the term's last day is inside the term
        if data.market_rent is not None:
            market = data.market_rent
        elif row["market_rent_minor"] is not None:
            market = from_minor(row["market_rent_minor"])
        else:
            raise InvalidInputError(
                [FieldError("market_rent", "is required: the renewal has no market rent yet")]
            )
        request = RenewalRequest(
            current_rent=current,
            market_rent=market,
            start=data.start or terms.end + _ONE_DAY,
            term_months=data.term_months,
            policy=_policy_rule(data.policy),
        )
        options = _options(request, _CURRENT_RENT_AT_EXPIRY)
        stored = ProposalRequestOut(
            current_rent=request.current_rent,
            market_rent=request.market_rent,
            start=request.start,
            term_months=request.term_months,
            policy=_policy_out(request.policy),
            made_on=today,
        )
        await _touch(row, {Renewal.proposal: stored.model_dump(mode="json")})
        await audit.record(
            SUBJECT,
            renewal_id,
            "proposed",
            detail={
                "current_rent": str(request.current_rent),
                "market_rent": str(request.market_rent),
                "start": request.start.isoformat(),
                "term_months": request.term_months,
            },
        )
    return _proposals_out(request, options)


# --- reading ------------------------------------------------------------------------------

RENEWAL_COLUMNS = (
    *Renewal._meta.columns,
    Renewal.tenant.name.as_alias("tenant_name"),
    Renewal.lease.building.as_alias("building"),
    Renewal.lease._.building._.name.as_alias("building_name"),
    Renewal.lease.end_date.as_alias("lease_expiry"),
    Renewal.lease.notice_months.as_alias("notice_months"),
    Renewal.lease.currency.as_alias("currency"),
)


async def _renewal_row(renewal_id: UUID) -> Row:
    row = (
        await Renewal.select(*RENEWAL_COLUMNS)
        .where(Renewal.id == renewal_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFoundError("renewal", renewal_id)
    return row


def _renewal_fields(row: Row) -> dict[str, Any]:
    state = RenewalState(row["state"])
    return {
        "id": row["id"],
        "lease": row["lease"],
        "tenant": row["tenant"],
        "tenant_name": row["tenant_name"],
        "building": row["building"],
        "building_name": row["building_name"],
        "state": state,
        "allowed": list(RENEWAL_WORKFLOW.allowed(state)),
        "market_rent": (
            None if row["market_rent_minor"] is None else from_minor(row["market_rent_minor"])
        ),
        "notes": row["notes"],
        "lost_reason": row["lost_reason"],
        "lease_expiry": row["lease_expiry"],
        "notice_deadline": critical_dates.notice_deadline(
            row["lease_expiry"], row["notice_months"]
        ),
        "proposal": _stored_proposal(row),
        "agreed": _stored_agreement(row),
        "new_lease": row["new_lease"],
        "version": row["version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


async def get_renewal(renewal_id: UUID, today: date) -> RenewalDetailOut:
    row = await _renewal_row(renewal_id)
    terms = await leases.lease_rent_terms(row["lease"])
    at_expiry = rent.rent_on(terms, terms.end)
    assert at_expiry is not None  # the term's last day is inside the term
    history = await audit.history(SUBJECT, renewal_id)
    return RenewalDetailOut(
        **_renewal_fields(row),
        currency=row["currency"],
        current_rent=rent.rent_on(terms, today),
        rent_at_expiry=at_expiry,
        history=history,
    )


async def list_renewals(
    limit: int,
    offset: int,
    state: RenewalState | None = None,
    building: UUID | None = None,
    tenant: UUID | None = None,
    expiring_before: date | None = None,
) -> Page[RenewalOut]:
    where: list[Combinable] = []
    if state is not None:
        where.append(Renewal.state == state.value)
    if building is not None:
        where.append(Renewal.lease.building == building)
    if tenant is not None:
        where.append(Renewal.tenant == tenant)
    if expiring_before is not None:
        where.append(Renewal.lease.end_date < expiring_before)
    query = (
        Renewal.select(*RENEWAL_COLUMNS)
        .order_by(Renewal.lease.end_date)
        .order_by(Renewal.id)
        .output(load_json=True)
    )
    count = Renewal.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(
        items=[RenewalOut(**_renewal_fields(row)) for row in rows],
        total=await count,
        limit=limit,
        offset=offset,
    )


# --- writing ------------------------------------------------------------------------------


async def _existing_for_lease(lease_id: UUID) -> Row | None:
    row: Row | None = (
        await Renewal.select(Renewal.id, Renewal.state).where(Renewal.lease == lease_id).first()
    )
    return row


def _already_open(lease_id: UUID, existing: Row) -> ConflictError:
    return ConflictError(
        f"lease {lease_id} already has renewal {existing['id']} ({existing['state']})",
        [{"field": "lease", "renewal": str(existing["id"]), "state": existing["state"]}],
    )


async def open_renewal(data: RenewalIn, today: date) -> RenewalDetailOut:
    """Open the renewal of an active lease; a lease has at most one (409 names it)."""
    try:
        async with write_transaction():
            await leases.lock_lease(data.lease)
            try:
                lease = await leases.get_lease(data.lease, today)
            except NotFoundError as error:
                raise InvalidInputError(
                    [FieldError("lease", f"no such lease {data.lease}")]
                ) from error
            if existing := await _existing_for_lease(data.lease):
                raise _already_open(data.lease, existing)
            if lease.status is not LeaseStatus.ACTIVE:
                raise ConflictError(
                    f"lease {data.lease} is {lease.status}: only an active lease is renewed",
                    [{"field": "lease", "status": lease.status.value, "allowed": ["active"]}],
                )
            inserted = await Renewal.insert(
                Renewal(
                    lease=data.lease,
                    tenant=lease.tenant,
                    market_rent_minor=(
                        None if data.market_rent is None else to_minor(data.market_rent)
                    ),
                    notes=data.notes,
                )
            ).returning(Renewal.id)
            renewal_id: UUID = inserted[0]["id"]
            await audit.record(
                SUBJECT,
                renewal_id,
                "opened",
                to_state=RenewalState.NOT_STARTED.value,
                detail={"lease": str(data.lease)},
            )
    except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as error:
        # Another request opened one for the same lease between our check and our insert.
        existing = await _existing_for_lease(data.lease)
        if existing is None:
            raise
        raise _already_open(data.lease, existing) from error
    return await get_renewal(renewal_id, today)


async def update_renewal(
    renewal_id: UUID, data: RenewalPatch, version: int, today: date
) -> RenewalDetailOut:
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    values: dict[Any, Any] = {}
    if "market_rent" in changes:
        market = changes["market_rent"]
        values[Renewal.market_rent_minor] = None if market is None else to_minor(market)
    if "notes" in changes:
        values[Renewal.notes] = changes["notes"]
    async with write_transaction():
        before = await get_or_404(Renewal, renewal_id, "renewal")
        await update_versioned(Renewal, renewal_id, version, values, "renewal")
        amended = {
            column._meta.name: {"before": _plain(before[column._meta.name]), "after": _plain(v)}
            for column, v in values.items()
            if before[column._meta.name] != v
        }
        await audit.record(SUBJECT, renewal_id, "amended", detail=amended)
    return await get_renewal(renewal_id, today)


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal | UUID | date) else value


async def _touch(row: Row, values: dict[Any, Any]) -> None:
    """Write ``values`` to a renewal locked by the caller, and bump its version."""
    version = cast(Integer, Renewal.version)
    await Renewal.update(
        {**values, version: version + 1, Renewal.updated_at: datetime.now(tz=UTC)}
    ).where(Renewal.id == row["id"])


async def transition(renewal_id: UUID, data: RenewalTransitionIn, today: date) -> RenewalDetailOut:
    """Move a renewal along its workflow; signing creates the next lease cycle, atomically.

    The renewal row is locked first and its state checked under the lock, so two concurrent
    requests for the same move run one after the other and the second is refused.
    """
    async with write_transaction():
        row = await lock_or_404(Renewal, renewal_id, "renewal")
        current, target = RenewalState(row["state"]), data.to
        if (illegal := RENEWAL_WORKFLOW.check(current, target)) is not None:
            raise IllegalTransitionError(
                "renewal", renewal_id, current.value, target.value, list(illegal.allowed)
            )
        _check_transition_fields(data)
        values: dict[Any, Any] = {Renewal.state: target.value}
        detail: dict[str, Any] = {}
        if data.reason:
            detail["reason"] = data.reason
        if target is RenewalState.AGREED:
            agreed = await _agreement(row, data, today)
            values[Renewal.agreed] = agreed.model_dump(mode="json")
            detail["option"] = None if agreed.form is None else agreed.form.value
            detail["total_rent"] = str(agreed.summary.total_rent)
        elif target is RenewalState.LOST:
            values[Renewal.lost_reason] = data.reason
        elif target is RenewalState.SIGNED:
            signing = _stored_agreement(row)
            if signing is None:  # pragma: no cover - the workflow reaches signed only from agreed
                raise ConflictError(f"renewal {renewal_id} has no agreed terms to sign")
            new_lease = await leases.renew_lease(row["lease"], _terms_rule(signing.terms))
            values[Renewal.new_lease] = new_lease
            detail["new_lease"] = str(new_lease)
        elif current is RenewalState.AGREED:
            # Back to discussion: the agreement no longer holds (the history keeps it).
            values[Renewal.agreed] = {}
            detail["withdrawn"] = _json(row["agreed"])
        await _touch(row, values)
        await audit.record(
            SUBJECT,
            renewal_id,
            "transition",
            from_state=current.value,
            to_state=target.value,
            detail=detail,
        )
        # Read inside the transaction: the answer is this move's result, not a later one's.
        return await get_renewal(renewal_id, today)


async def lock_renewal_of(lease_id: UUID) -> None:
    """Lock the lease's renewal, if it has one, inside the caller's write transaction.

    A writer that will touch both a lease and its renewal locks the renewal first, as signing
    does (renewal, then the lease, then its units), so that two such writers cannot deadlock.
    """
    row = await Renewal.select(Renewal.id).where(Renewal.lease == lease_id).first()
    if row is not None:
        await locked(Renewal, row["id"])


async def lose_for_move_out(lease_id: UUID, day: date, reason: str) -> UUID | None:
    """Mark the lease's open renewal lost because the tenant moved out (call in its transaction).

    Returns the renewal closed, or None when the lease had none open.
    """
    row = await Renewal.select().where(Renewal.lease == lease_id).first()
    if row is None or RENEWAL_WORKFLOW.is_terminal(RenewalState(row["state"])):
        return None
    row = await lock_or_404(Renewal, row["id"], "renewal")
    lost_reason = f"tenant moved out on {day.isoformat()}: {reason}"
    await _touch(row, {Renewal.state: RenewalState.LOST.value, Renewal.lost_reason: lost_reason})
    await audit.record(
        SUBJECT,
        row["id"],
        "transition",
        from_state=row["state"],
        to_state=RenewalState.LOST.value,
        detail={"reason": lost_reason, "by": "move-out"},
    )
    renewal_id: UUID = row["id"]
    return renewal_id


def _check_transition_fields(data: RenewalTransitionIn) -> None:
    errors: list[FieldError] = []
    if data.to is RenewalState.AGREED:
        if data.option is None and data.terms is None:
            errors.append(
                FieldError("option", "is required to agree: a proposal option, or send terms")
            )
        if data.option is not None and data.terms is not None:
            errors.append(FieldError("terms", "send either option or terms, not both"))
    else:
        for name in ("option", "terms"):
            if getattr(data, name) is not None:
                errors.append(FieldError(name, "is only accepted with to=agreed"))
    if data.to is RenewalState.LOST and not data.reason:
        errors.append(FieldError("reason", "is required to mark a renewal lost"))
    if errors:
        raise InvalidInputError(errors)


async def _agreement(row: Row, data: RenewalTransitionIn, today: date) -> AgreedOut:
    """The terms agreed: the chosen option of the last proposals, or the explicit terms."""
    lease_terms = await leases.lease_rent_terms(row["lease"])
    field = "option"
    if data.terms is not None:
        field = "terms.start"
        terms = _terms_rule(data.terms)
        violations = rent.validate_terms(terms)
        if violations:
            renamed = {"start_date": "start", "end_date": "end"}
            raise InvalidInputError(
                FieldError(f"terms.{renamed.get(v.field, v.field)}", v.message) for v in violations
            )
        form = None
    else:
        assert data.option is not None  # checked by _check_transition_fields
        proposal = _stored_proposal(row)
        if proposal is None:
            raise InvalidInputError(
                [FieldError("option", "no proposals yet: POST the renewal's proposals first")]
            )
        request = RenewalRequest(
            current_rent=proposal.current_rent,
            market_rent=proposal.market_rent,
            start=proposal.start,
            term_months=proposal.term_months,
            policy=_policy_rule(proposal.policy),
        )
        chosen = next(option for option in propose(request) if option.form is data.option)
        terms, form = chosen.terms, ProposalForm(data.option)
    if terms.start <= lease_terms.end:
        raise InvalidInputError(
            [FieldError(field, f"must start after the lease ends ({lease_terms.end})")]
        )
    return AgreedOut(
        form=form,
        terms=_terms_out(terms),
        summary=_summary_out(rent.summarize(terms)),
        agreed_on=today,
    )


TALKING = (
    RenewalState.IN_DISCUSSION,
    RenewalState.PROPOSAL_SENT,
    RenewalState.AGREED,
    RenewalState.SIGNED,
)
"""States in which a renewal is being, or has been, talked about with the tenant."""


async def tenants_in_renewal_talks(tenant_ids: list[UUID]) -> set[UUID]:
    """Tenants with a renewal of a lease in force that has gone beyond "not started"."""
    if not tenant_ids:
        return set()
    rows = await Renewal.select(Renewal.tenant).where(
        Renewal.tenant.is_in(tenant_ids),
        Renewal.state.is_in([s.value for s in TALKING]),
        Renewal.lease.status.is_in([LeaseStatus.ACTIVE.value, LeaseStatus.RENEWED.value]),
    )
    return {r["tenant"] for r in rows}
