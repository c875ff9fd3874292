"""The Litestar application: plugins, routers, lifespan. Nothing else."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from tenantcrm import __version__
from tenantcrm.analytics.api import AnalyticsController
from tenantcrm.audit.api import HistoryController
from tenantcrm.audit.views import HistoryViews
from tenantcrm.auth.api import UserController
from tenantcrm.auth.guards import access_guard
from tenantcrm.auth.middleware import IdentityMiddleware, actor_middleware
from tenantcrm.auth.views import sign_in, sign_in_first, sign_in_page, sign_out
from tenantcrm.benefits.api import BenefitController, BenefitKindController, ResourceController
from tenantcrm.benefits.views import BenefitViews
from tenantcrm.buildings.api import BuildingController, UnitController
from tenantcrm.care.api import CareContactController, CareController, CarePlanController
from tenantcrm.care.views import CareViews
from tenantcrm.complaints.api import ComplaintController
from tenantcrm.complaints.views import ComplaintViews
from tenantcrm.core import log_redaction
from tenantcrm.core.openapi import finish_document
from tenantcrm.core.problems import EXCEPTION_HANDLERS
from tenantcrm.core.security_headers import security_headers
from tenantcrm.core.web import page_aware_handlers, register_filters
from tenantcrm.db import close_pool, open_pool
from tenantcrm.health.api import HealthController
from tenantcrm.home import home, move_reminder
from tenantcrm.leases.api import (
    CriticalDatesController,
    LeaseController,
    LeaseOptionController,
    OccupancyController,
    RentStepController,
)
from tenantcrm.leases.views import BuildingViews, LeaseViews
from tenantcrm.matchmaking.api import MatchmakingController
from tenantcrm.matchmaking.views import MatchmakingViews
from tenantcrm.moveouts.api import ChurnReasonController, MoveOutController
from tenantcrm.moveouts.views import MoveOutViews
from tenantcrm.referrals.api import ReferralController
from tenantcrm.referrals.views import ReferralViews
from tenantcrm.reminders.api import ReminderController
from tenantcrm.renewals.api import RenewalController, RenewalProposalController
from tenantcrm.renewals.views import RenewalViews
from tenantcrm.rentroll.api import ImportController
from tenantcrm.rentroll.views import ImportViews
from tenantcrm.reports.api import ReportController
from tenantcrm.reports.views import ReportViews
from tenantcrm.satisfaction.api import SatisfactionController, SurveyController
from tenantcrm.settings import Settings, get_settings
from tenantcrm.spacerequests.api import SpaceRequestController
from tenantcrm.spacerequests.views import SpaceRequestViews
from tenantcrm.tenants.api import ContactController, TenantController
from tenantcrm.tenants.views import TenantViews

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _signing_key(settings: Settings) -> bytes:
    """32 bytes from TENANTCRM_SECRET_KEY, or fresh random ones (sign-ins end on restart)."""
    if settings.secret_key:
        return hashlib.sha256(settings.secret_key.encode()).digest()
    return secrets.token_bytes(32)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    log_redaction.install()
    key = _signing_key(settings)
    sessions = CookieBackendConfig(
        secret=key,
        key="tenantcrm_session",
        max_age=12 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.https_only,
    )
    csrf = CSRFConfig(
        secret=hashlib.sha256(b"csrf" + key).hexdigest(),
        cookie_secure=settings.https_only,
        cookie_samesite="lax",
        cookie_httponly=True,  # no script reads it: pages carry the token in forms and htmx
        exclude=["^/api/", "^/schema(?:/|$)"],  # searched anywhere in the path: anchored
    )

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await open_pool(settings)
        scheduler = None
        if settings.scheduler:
            from tenantcrm.reminders.scheduler import start_scheduler

            scheduler = start_scheduler(settings)
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await close_pool()

    app = Litestar(
        route_handlers=[
            home,
            move_reminder,
            sign_in_page,
            sign_in,
            sign_out,
            create_static_files_router(
                path="/static",
                directories=[STATIC_DIR],
                opt={"public": True},
                include_in_schema=False,
            ),
            TenantViews,
            BuildingViews,
            LeaseViews,
            RenewalViews,
            MoveOutViews,
            SpaceRequestViews,
            ComplaintViews,
            CareViews,
            ReportViews,
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
            HealthController,
            ReportController,
            ComplaintController,
            SurveyController,
            SatisfactionController,
            CareContactController,
            CarePlanController,
            CareController,
            ReminderController,
            BenefitKindController,
            ResourceController,
            BenefitController,
            MatchmakingController,
            BenefitViews,
            MatchmakingViews,
            ReferralViews,
            ReferralController,
            HistoryController,
            HistoryViews,
            ImportController,
            ImportViews,
        ],
        dependencies={"settings": Provide(lambda: settings, sync_to_thread=False)},
        exception_handlers={
            **page_aware_handlers(EXCEPTION_HANDLERS),
            NotAuthorizedException: sign_in_first,
        },
        middleware=[sessions.middleware, DefineMiddleware(IdentityMiddleware), actor_middleware],
        guards=[access_guard],
        csrf_config=csrf,
        before_send=[security_headers(settings.https_only)],
        state=State({"settings": settings}),
        lifespan=[lifespan],
        template_config=TemplateConfig(
            directory=settings.templates_dir,
            engine=JinjaTemplateEngine,
            engine_callback=register_filters,
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
    finish_document(app.openapi_schema)  # built once, then served as edited
    return app
