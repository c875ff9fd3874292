"""JSON API of tenants and contacts."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from tenantcrm.core.http import (
    AppSettings,
    IfMatch,
    Limit,
    Offset,
    OnDay,
    Search,
    VersionQuery,
    expected_version,
)
from tenantcrm.core.schemas import Page
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.tenants import service
from tenantcrm.tenants.enums import Industry, Tier
from tenantcrm.tenants.schemas import (
    ContactIn,
    ContactOut,
    ContactPatch,
    TenantIn,
    TenantListItem,
    TenantOut,
    TenantPatch,
    TenantSort,
    TenantView,
)


class TenantController(Controller):
    path = "/api/tenants"
    tags = ["tenants"]

    @get(operation_id="listTenants")
    async def list_tenants(
        self,
        settings: AppSettings,
        limit: Limit = 50,
        offset: Offset = 0,
        q: Search = None,
        building: Annotated[
            UUID | None, QueryParameter(description="Has an active lease in this building")
        ] = None,
        industry: FromQuery[Industry | None] = None,
        tier: FromQuery[Tier | None] = None,
        anchor: FromQuery[bool | None] = None,
        lease_status: FromQuery[LeaseStatus | None] = None,
        expiring_within_months: Annotated[
            int | None,
            QueryParameter(ge=0, le=240, description="Has an active lease ending this soon"),
        ] = None,
        sort: FromQuery[TenantSort] = TenantSort.NAME,
        on: OnDay = None,
    ) -> Page[TenantListItem]:
        """Search and filter tenants; sorted, paged."""
        filters = service.TenantFilters(
            q=q or None,
            building=building,
            industry=industry,
            tier=tier,
            is_anchor=anchor,
            lease_status=lease_status,
            expiring_within_months=expiring_within_months,
        )
        return await service.list_tenants(
            filters, sort, limit, offset, on or settings.clock_today()
        )

    @post(operation_id="createTenant")
    async def create_tenant(self, data: JSONBody[TenantIn]) -> TenantOut:
        """Create a tenant."""
        return await service.create_tenant(data)

    @get("/{tenant_id:uuid}", operation_id="getTenant")
    async def get_tenant(self, tenant_id: FromPath[UUID]) -> TenantOut:
        """One tenant's profile."""
        return await service.get_tenant(tenant_id)

    @get("/{tenant_id:uuid}/view", operation_id="getTenantView")
    async def tenant_view(
        self, settings: AppSettings, tenant_id: FromPath[UUID], on: OnDay = None
    ) -> TenantView:
        """The tenant 360: profile, contacts, current and past leases, current rent."""
        return await service.tenant_view(tenant_id, on or settings.clock_today())

    @patch("/{tenant_id:uuid}", operation_id="updateTenant")
    async def update_tenant(
        self, tenant_id: FromPath[UUID], data: JSONBody[TenantPatch], if_match: IfMatch = None
    ) -> TenantOut:
        """Change a tenant; send the version you edited (409 if it is stale)."""
        return await service.update_tenant(
            tenant_id, data, expected_version(if_match, data.version)
        )

    @delete("/{tenant_id:uuid}", operation_id="deleteTenant")
    async def delete_tenant(
        self, tenant_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a tenant that never had a lease."""
        await service.delete_tenant(tenant_id, expected_version(if_match, version))


class ContactController(Controller):
    path = "/api/contacts"
    tags = ["tenants"]

    @get(operation_id="listContacts")
    async def list_contacts(
        self, tenant: FromQuery[UUID | None] = None, limit: Limit = 50, offset: Offset = 0
    ) -> Page[ContactOut]:
        """List contacts, optionally of one tenant."""
        return await service.list_contacts(tenant, limit, offset)

    @post(operation_id="createContact")
    async def create_contact(self, data: JSONBody[ContactIn]) -> ContactOut:
        """Add a contact person to a tenant."""
        return await service.create_contact(data)

    @get("/{contact_id:uuid}", operation_id="getContact")
    async def get_contact(self, contact_id: FromPath[UUID]) -> ContactOut:
        """One contact."""
        return await service.get_contact(contact_id)

    @patch("/{contact_id:uuid}", operation_id="updateContact")
    async def update_contact(
        self, contact_id: FromPath[UUID], data: JSONBody[ContactPatch], if_match: IfMatch = None
    ) -> ContactOut:
        """Change a contact; send the version you edited (409 if it is stale)."""
        return await service.update_contact(
            contact_id, data, expected_version(if_match, data.version)
        )

    @delete("/{contact_id:uuid}", operation_id="deleteContact")
    async def delete_contact(
        self, contact_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a contact."""
        await service.delete_contact(contact_id, expected_version(if_match, version))
