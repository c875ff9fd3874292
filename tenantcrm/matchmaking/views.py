"""Web page of matchmaking: a tenant's suggested business ties with their reasons, to
introduce or dismiss, and the introductions made and how they went."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError

from tenantcrm.core.errors import ConflictError, InvalidInputError, NotFoundError
from tenantcrm.core.http import AppSettings
from tenantcrm.core.web import field_errors, form_data
from tenantcrm.matchmaking import service
from tenantcrm.matchmaking.schemas import IntroductionIn, IntroductionTransitionIn
from tenantcrm.scope import leasing_team_only
from tenantcrm.tenants import service as tenants

SHOWN = 10


def _back(tenant: str, error: str = "") -> Redirect:
    """Back to the tenant's suggestions, with what went wrong if anything did."""
    query = {"tenant": tenant, **({"error": error} if error else {})}
    return Redirect(f"/matchmaking?{urlencode(query)}", status_code=303)


class MatchmakingViews(Controller):
    path = "/matchmaking"
    include_in_schema = False
    guards = [leasing_team_only]

    @get("/")
    async def matchmaking_page(
        self,
        request: Request[Any, Any, Any],
        settings: AppSettings,
        tenant: FromQuery[UUID | None] = None,
        error: FromQuery[str | None] = None,
    ) -> Template:
        """Suggestions for one tenant (chosen by id), and the latest introductions."""
        suggestions = None
        chosen = None
        if tenant is not None:
            try:
                chosen = await tenants.get_tenant(tenant)
                suggestions = await service.suggestions(tenant, settings.clock_today(), SHOWN)
            except NotFoundError:
                chosen = None
        introductions = await service.list_introductions(50, 0, tenant)
        context = {
            "tenant": chosen,
            "suggestions": suggestions,
            "introductions": introductions,
            "error": error or "",
        }
        return Template("matchmaking/page.html", context=context)

    @post("/introductions", status_code=303)
    async def introduce(self, request: Request[Any, Any, Any], settings: AppSettings) -> Redirect:
        """Introduce two tenants, or dismiss the pair so it is never suggested again."""
        values = await form_data(request)
        tenant = values.get("tenant", "")
        try:
            data = IntroductionIn.model_validate(values)
            await service.record_introduction(data, settings.clock_today())
        except (ValidationError, InvalidInputError) as error:
            return _back(tenant, "; ".join(f"{k}: {v}" for k, v in field_errors(error).items()))
        except ConflictError as error:
            return _back(tenant, error.detail)
        return _back(tenant)

    @post("/introductions/{introduction_id:uuid}", status_code=303)
    async def move(
        self, request: Request[Any, Any, Any], introduction_id: FromPath[UUID]
    ) -> Redirect:
        """Record how an introduction went (met, doing business, no fit)."""
        values = await form_data(request)
        tenant = values.pop("tenant", "")
        try:
            data = IntroductionTransitionIn.model_validate(values)
            await service.transition_introduction(introduction_id, data)
        except (ValidationError, InvalidInputError) as error:
            return _back(tenant, "; ".join(f"{k}: {v}" for k, v in field_errors(error).items()))
        except ConflictError as error:
            return _back(tenant, error.detail)
        return _back(tenant)
