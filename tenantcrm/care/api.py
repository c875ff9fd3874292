"""JSON API of care: contacts log, plans and overrides, due contacts, coverage."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from tenantcrm.care import service
from tenantcrm.care.enums import ContactKind
from tenantcrm.care.schemas import (
    CareContactIn,
    CareContactOut,
    CareContactPatch,
    CarePlanOut,
    CoverageOut,
    DueContactOut,
    OverrideIn,
    OverrideOut,
)
from tenantcrm.core.errors import FieldError, InvalidInputError
from tenantcrm.core.http import (
    AppSettings,
    IfMatch,
    Limit,
    Offset,
    OnDay,
    VersionQuery,
    expected_version,
    query_choice,
    query_day,
)
from tenantcrm.core.schemas import Page

Within = Annotated[
    int, QueryParameter(ge=0, le=3660, description="Days ahead to look (overdue always shown)")
]
Manager = Annotated[UUID | None, QueryParameter(description="Tenants this user manages")]
Building = Annotated[
    UUID | None, QueryParameter(description="Tenants with a lease in force in this building")
]
Kind = Annotated[
    str,
    Parameter(
        description="The kind of care contact",
        schema_extra={"enum": [kind.value for kind in ContactKind]},
    ),
]


def _kind(value: str) -> ContactKind:
    kind = query_choice(value, "kind", ContactKind)
    assert kind is not None
    return kind


class CareContactController(Controller):
    path = "/api/care/contacts"
    tags = ["care"]

    @get(operation_id="listCareContacts")
    async def list_contacts(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        tenant: FromQuery[UUID | None] = None,
        manager: FromQuery[UUID | None] = None,
        kind: FromQuery[ContactKind | None] = None,
        first: Annotated[
            str | None,
            QueryParameter(
                name="from", description="Contacts on or after", schema_extra={"format": "date"}
            ),
        ] = None,
        last: Annotated[
            str | None,
            QueryParameter(
                name="to", description="Contacts on or before", schema_extra={"format": "date"}
            ),
        ] = None,
    ) -> Page[CareContactOut]:
        """List care contacts, latest first, filtered by tenant, manager, kind or days."""
        since, until = query_day(first, "from"), query_day(last, "to")
        if since is not None and until is not None and until < since:
            raise InvalidInputError([FieldError("to", "must not be before from")])
        return await service.list_contacts(limit, offset, tenant, manager, kind, since, until)

    @post(operation_id="createCareContact")
    async def create_contact(
        self, settings: AppSettings, data: JSONBody[CareContactIn]
    ) -> CareContactOut:
        """Log a care contact; it resets the clock of its kind in the tenant's plan."""
        return await service.create_contact(data, settings.clock_today())

    @get("/{contact_id:uuid}", operation_id="getCareContact")
    async def get_contact(self, contact_id: FromPath[UUID]) -> CareContactOut:
        """One care contact."""
        return await service.get_contact(contact_id)

    @patch("/{contact_id:uuid}", operation_id="updateCareContact")
    async def update_contact(
        self,
        settings: AppSettings,
        contact_id: FromPath[UUID],
        data: JSONBody[CareContactPatch],
        if_match: IfMatch = None,
    ) -> CareContactOut:
        """Correct a care contact; send the version you edited (409 if it is stale)."""
        return await service.update_contact(
            contact_id, data, expected_version(if_match, data.version), settings.clock_today()
        )

    @delete("/{contact_id:uuid}", operation_id="deleteCareContact")
    async def delete_contact(
        self, contact_id: FromPath[UUID], if_match: IfMatch = None, version: VersionQuery = None
    ) -> None:
        """Delete a care contact logged by mistake; send the version."""
        await service.delete_contact(contact_id, expected_version(if_match, version))


class CarePlanController(Controller):
    path = "/api/care/plans"
    tags = ["care"]

    @get("/{tenant_id:uuid}", operation_id="getCarePlan")
    async def get_plan(
        self, settings: AppSettings, tenant_id: FromPath[UUID], on: OnDay = None
    ) -> CarePlanOut:
        """A tenant's care plan: each kind of contact, its interval, source and next due day."""
        return await service.tenant_plan(tenant_id, on or settings.clock_today())

    @put(
        "/{tenant_id:uuid}/overrides/{kind:str}",
        operation_id="setCarePlanOverride",
        responses={201: ResponseSpec(data_container=OverrideOut, description="A new override")},
    )
    async def set_override(
        self,
        tenant_id: FromPath[UUID],
        kind: Kind,
        data: JSONBody[OverrideIn],
        if_match: IfMatch = None,
    ) -> Response[OverrideOut]:
        """Set a kind's interval for this tenant, or disable it (201 new, 200 replaced)."""
        chosen = _kind(kind)
        version = (
            None
            if if_match is None and data.version is None
            else expected_version(if_match, data.version)
        )
        override, created = await service.set_override(tenant_id, chosen, data, version)
        return Response(override, status_code=201 if created else 200)

    @delete("/{tenant_id:uuid}/overrides/{kind:str}", operation_id="deleteCarePlanOverride")
    async def delete_override(
        self,
        tenant_id: FromPath[UUID],
        kind: Kind,
        if_match: IfMatch = None,
        version: VersionQuery = None,
    ) -> None:
        """Remove an override: the kind follows the tier, anchor and expiry rules again."""
        await service.delete_override(tenant_id, _kind(kind), expected_version(if_match, version))


class CareController(Controller):
    path = "/api/care"
    tags = ["care"]

    @get("/due", operation_id="listDueCareContacts")
    async def due_contacts(
        self,
        settings: AppSettings,
        within: Within = 30,
        manager: Manager = None,
        building: Building = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[DueContactOut]:
        """Contacts overdue or due within `within` days across tenants, overdue first."""
        return await service.due_contacts(
            settings.clock_today(), within, limit, offset, building, manager
        )

    @get("/coverage", operation_id="getCareCoverage")
    async def coverage(
        self,
        settings: AppSettings,
        building: Building = None,
        manager: Manager = None,
        on: OnDay = None,
    ) -> CoverageOut:
        """Share of tenants contacted on schedule, in all, per manager and per building."""
        return await service.coverage(on or settings.clock_today(), building, manager)
