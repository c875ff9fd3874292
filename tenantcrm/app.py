"""The Litestar application: plugins, routers, lifespan. Nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template import TemplateConfig

from tenantcrm import __version__
from tenantcrm.analytics.api import AnalyticsController
from tenantcrm.auth.api import UserController
from tenantcrm.benefits.api import BenefitController, BenefitKindController, ResourceController
from tenantcrm.buildings.api import BuildingController, UnitController
from tenantcrm.core.problems import EXCEPTION_HANDLERS
from tenantcrm.db import close_pool, open_pool
from tenantcrm.home import home
from tenantcrm.leases.api import (
    CriticalDatesController,
    LeaseController,
    LeaseOptionController,
    OccupancyController,
    RentStepController,
)
from tenantcrm.matchmaking.api import MatchmakingController
from tenantcrm.moveouts.api import ChurnReasonController, MoveOutController
from tenantcrm.referrals.api import ReferralController
from tenantcrm.renewals.api import RenewalController, RenewalProposalController
from tenantcrm.settings import Settings, get_settings
from tenantcrm.spacerequests.api import SpaceRequestController
from tenantcrm.tenants.api import ContactController, TenantController


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await open_pool(settings)
        try:
            yield
        finally:
            await close_pool()

    return Litestar(
        route_handlers=[
            home,
            BuildingController,
            UnitController,
            OccupancyController,
            TenantController,
            ContactController,
            LeaseController,
            RentStepController,
            SpaceRequestController,
            LeaseOptionController,
            CriticalDatesController,
            RenewalController,
            RenewalProposalController,
            MoveOutController,
            ChurnReasonController,
            AnalyticsController,
            UserController,
            BenefitKindController,
            ResourceController,
            BenefitController,
            MatchmakingController,
            ReferralController,
        ],
        dependencies={"settings": Provide(lambda: settings, sync_to_thread=False)},
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        template_config=TemplateConfig(
            directory=settings.templates_dir, engine=JinjaTemplateEngine
        ),
        openapi_config=OpenAPIConfig(
            title="TenantCRM",
            version=__version__,
            description="Tenants, leases and rent steps of office buildings.",
            path="/schema",
            use_handler_docstrings=True,
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
        ),
        debug=settings.debug,
    )
