"""Web pages of renewals: the pipeline, and one renewal with its proposal builder (options
side by side), the choice of an option and the signing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError

from tenantcrm.auth.identity import Identity
from tenantcrm.core.errors import ConflictError, InvalidInputError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import PAGE_SIZE, Pager, field_errors, form_data, nested, offset_of
from tenantcrm.renewals import service
from tenantcrm.renewals.enums import RENEWAL_WORKFLOW, RenewalState
from tenantcrm.renewals.proposals import ProposalForm
from tenantcrm.renewals.schemas import (
    PolicyIn,
    ProposalRequestIn,
    ProposalsOut,
    RenewalDetailOut,
    RenewalProposalIn,
    RenewalTransitionIn,
)
from tenantcrm.scope import building_scope, forbid_unless_sees

FORM_NAMES = {
    ProposalForm.FLAT_MARKET: "Flat at market",
    ProposalForm.FIXED_STEP: "Fixed steps",
    ProposalForm.PERCENT_STEP: "Percentage steps",
    ProposalForm.INDEX_LINKED: "Index-linked",
}
POLICY_DEFAULTS = {
    "term_months": "36",
    "policy.max_step_percent": "10",
    "policy.steps": "3",
    "policy.step_every_months": "12",
    "policy.free_months": "0",
    "policy.incentive": "0",
    "policy.index_rate_percent": "3",
    "policy.index_floor_percent": "1",
    "policy.index_cap_percent": "5",
}
MOVES = {
    RenewalState.IN_DISCUSSION: "Start discussing",
    RenewalState.PROPOSAL_SENT: "Mark proposal sent",
    RenewalState.SIGNED: "Sign: create the next lease",
}


def _stored_options(renewal: RenewalDetailOut) -> ProposalsOut | None:
    """The options of the renewal's last proposal request, worked out again (nothing stored)."""
    stored = renewal.proposal
    if stored is None:
        return None
    request = ProposalRequestIn(
        current_rent=stored.current_rent,
        market_rent=stored.market_rent,
        start=stored.start,
        term_months=stored.term_months,
        policy=PolicyIn.model_validate(stored.policy.model_dump()),
    )
    return service.build_proposals(request)


def _proposal_values(renewal: RenewalDetailOut) -> dict[str, str]:
    """The builder's form: the last request made, else the defaults and the market rent."""
    values = dict(POLICY_DEFAULTS)
    if renewal.market_rent is not None:
        values["market_rent"] = str(renewal.market_rent)
    if renewal.proposal is not None:
        values["market_rent"] = str(renewal.proposal.market_rent)
        values["term_months"] = str(renewal.proposal.term_months)
        values["start"] = renewal.proposal.start.isoformat()
        for key, value in renewal.proposal.policy.model_dump().items():
            values[f"policy.{key}"] = str(value)
    return values


async def renewal_page(
    request: Request[Any, Any, Any],
    renewal_id: UUID,
    settings: AppSettings,
    *,
    proposal_form: dict[str, str] | None = None,
    proposal_errors: dict[str, str] | None = None,
    move_errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    renewal = await service.get_renewal(renewal_id, settings.clock_today())
    forbid_unless_sees(request, renewal.building)
    user = request.user
    context = {
        "renewal": renewal,
        "proposals": _stored_options(renewal),
        "form_names": FORM_NAMES,
        "moves": [(s, MOVES[s]) for s in renewal.allowed if s in MOVES],
        "can_lose": RenewalState.LOST in renewal.allowed,
        "can_choose": RenewalState.AGREED in renewal.allowed,
        "open": not RENEWAL_WORKFLOW.is_terminal(renewal.state),
        "can_edit": isinstance(user, Identity) and user.can_edit,
        "proposal_form": proposal_form or _proposal_values(renewal),
        "proposal_errors": proposal_errors or {},
        "move_errors": move_errors or {},
    }
    return Template("renewals/detail.html", context=context, status_code=status_code)


class RenewalViews(Controller):
    path = "/renewals"
    include_in_schema = False

    @get("/")
    async def renewal_list(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        stage: FromQuery[str | None] = None,
        building: FromQuery[str | None] = None,
        offset: FromQuery[str | None] = None,
    ) -> Template:
        """The renewal pipeline, soonest expiry first, by stage and building."""
        scope = await building_scope(request, building)
        try:
            state = RenewalState(stage) if stage else None
        except ValueError:
            state = None
        page = await service.list_renewals(
            PAGE_SIZE, offset_of(offset), state=state, building=scope.building
        )
        query = {"stage": stage or "", "building": str(scope.building or "")}
        context = {
            "page": page,
            "scope": scope,
            "pager": Pager(page.total, page.limit, page.offset, query),
            "stages": list(RenewalState),
            "stage": stage or "",
        }
        return Template("renewals/list.html", context=context)

    @get("/{renewal_id:uuid}")
    async def renewal_detail(
        self, request: Request[Any, Any, Any], settings: AppSettings, renewal_id: FromPath[UUID]
    ) -> Template:
        """One renewal: its lease's figures, the proposal builder, the options, the history."""
        return await renewal_page(request, renewal_id, settings)

    @post("/{renewal_id:uuid}/proposals", status_code=303)
    async def propose(
        self, request: Request[Any, Any, Any], settings: AppSettings, renewal_id: FromPath[UUID]
    ) -> Redirect | Template:
        """Build the options from the form (stored as the renewal's last proposal request)."""
        values = await form_data(request)
        try:
            data = RenewalProposalIn.model_validate(nested(values))
            await service.propose_for_renewal(renewal_id, data, settings.clock_today())
        except (ValidationError, InvalidInputError) as error:
            return await renewal_page(
                request,
                renewal_id,
                settings,
                proposal_form=values,
                proposal_errors=field_errors(error),
                status_code=422,
            )
        return Redirect(f"/renewals/{renewal_id}#options", status_code=303)

    @post("/{renewal_id:uuid}/transitions", status_code=303)
    async def move(
        self, request: Request[Any, Any, Any], settings: AppSettings, renewal_id: FromPath[UUID]
    ) -> Redirect | Template:
        """Move the renewal: discuss, send, agree on an option, sign, or mark it lost."""
        values = await form_data(request)
        try:
            data = RenewalTransitionIn.model_validate(nested(values))
            await service.transition(renewal_id, data, settings.clock_today())
        except (ValidationError, InvalidInputError) as error:
            errors = field_errors(error)
        except ConflictError as error:
            errors = {"form": error.detail}
        else:
            return Redirect(f"/renewals/{renewal_id}", status_code=303)
        return await renewal_page(
            request, renewal_id, settings, move_errors=errors, status_code=422
        )
