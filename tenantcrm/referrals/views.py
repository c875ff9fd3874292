"""Web page of referrals: the pipeline by stage and what referrals have won."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from tenantcrm.referrals import service
from tenantcrm.referrals.enums import ReferralStage
from tenantcrm.scope import leasing_team_only

SHOWN = 500


class ReferralViews(Controller):
    path = "/referrals"
    include_in_schema = False
    guards = [leasing_team_only]

    @get("/")
    async def pipeline(self) -> Template:
        """Referred prospects in columns by stage, with the funnel's figures."""
        page = await service.list_referrals(SHOWN, 0)
        columns = {stage: [r for r in page.items if r.stage is stage] for stage in ReferralStage}
        context = {"columns": columns, "figures": await service.figures(), "total": page.total}
        return Template("referrals/pipeline.html", context=context)
