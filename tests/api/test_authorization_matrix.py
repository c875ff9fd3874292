"""Every route of the app, every method, asked by every role: allowed or refused as the table
below says.

The expectations are written out here, route by route, and never taken from the access policy
itself (``may``): a new route without a line in ``ROUTES`` fails the test until someone decides
who may use it. The records are real (a small demo portfolio), and every id in a path belongs
to building A, so the owner of A must get through and the owner of B must be refused.

Deciding "allowed": the request passed every access check. Refusals look like this and like
nothing else: the JSON API (and ``/schema``) answers an anonymous caller 401, a web page sends
it to ``/login?next=...``, and a signed-in user who may not is answered 403. Everything else
(200, 303 after a form, 400/409/422/428 for the deliberately empty bodies and missing versions
of writes, 404 of the ``/schema`` catch-all) counts as allowed: the request got past the guards
to the handler. Writes carry an empty body and no version, so nothing is changed by the walk;
forms carry a valid CSRF token, so the CSRF check is not what refuses them. Reads that were
given what they need must moreover succeed (2xx) when allowed.
"""

from __future__ import annotations

import enum
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from tenantcrm.auth import service as users
from tenantcrm.benefits.tables import BenefitGrant, Resource
from tenantcrm.buildings.tables import Building, Unit
from tenantcrm.care.tables import CareContact
from tenantcrm.complaints.tables import Complaint
from tenantcrm.demo import PortfolioSize
from tenantcrm.leases.tables import Lease, RentStep
from tenantcrm.matchmaking.tables import BusinessRelation, Introduction
from tenantcrm.moveouts.tables import MoveOut
from tenantcrm.referrals.tables import Referral
from tenantcrm.reminders.tables import Reminder
from tenantcrm.renewals.tables import Renewal
from tenantcrm.satisfaction.tables import Survey
from tenantcrm.spacerequests.tables import SpaceRequest
from tenantcrm.tenants.tables import Contact
from tests.api import factories as make
from tests.app_fixtures import demo_portfolio
from tests.web_fixtures import PASSWORD, csrf_of


class Role(enum.Enum):
    ANONYMOUS = "anonymous"
    OWNER_A = "owner of A"
    OWNER_B = "owner of B"
    MANAGER = "manager"
    ADMIN = "admin"


class Access(enum.Enum):
    """Who gets through."""

    PUBLIC = frozenset(Role)
    SIGNED_IN = frozenset(Role) - {Role.ANONYMOUS}
    """Any signed-in user: pages that narrow themselves to what the user may see."""
    OWNER_A = frozenset({Role.OWNER_A, Role.MANAGER, Role.ADMIN})
    """The leasing team, and the owner of the building the record belongs to."""
    STAFF = frozenset({Role.MANAGER, Role.ADMIN})
    ADMIN = frozenset({Role.ADMIN})
    NOBODY = frozenset[Role]()


P, S, OA, T, A = Access.PUBLIC, Access.SIGNED_IN, Access.OWNER_A, Access.STAFF, Access.ADMIN


@dataclass(frozen=True)
class Rule:
    read: Access
    """GET, HEAD and OPTIONS."""
    write: Access = Access.STAFF
    """POST, PUT, PATCH and DELETE."""
    query: str = ""
    """Query string a read needs (with ``{building}`` for building A)."""
    options: Access = Access.NOBODY
    """OPTIONS: the sign-in middleware never reads who sends one (Litestar skips it, as CORS
    preflights carry no credentials), so it is anonymous, and refused but on public routes."""
    private: bool = False
    """The record is its maker's alone (a rent roll import job), so an allowed read of one made
    by somebody else answers 404: only the guard's verdict is checked, not success."""


ROUTES: dict[str, Rule] = {
    # Public: signing in, static files, the API's description.
    "/login": Rule(P, P),
    "/static/{file_path:path}": Rule(P, options=P),
    "/schema": Rule(P, options=P),
    "/schema/scalar": Rule(P, options=P),
    "/schema/swagger": Rule(P, options=P),
    "/schema/openapi.json": Rule(P, options=P),
    "/schema/oauth2-redirect.html": Rule(P, options=P),
    "/schema/{path:str}": Rule(P, options=P),
    # Public, but a feed is its user's: the one walked is the manager's (and admins read any).
    "/api/reminders/feed/{feed_name:str}": Rule(T),
    # Web pages: every signed-in user reads, narrowed to what it may see; staff post forms.
    "/": Rule(S),
    "/logout": Rule(S, S),
    "/tenants": Rule(S),
    "/tenants/{tenant_id:uuid}": Rule(OA),
    "/tenants/{tenant_id:uuid}/care-contacts": Rule(S),
    # The audit trail: the leasing team only, never an owner, not even of the building.
    "/tenants/{tenant_id:uuid}/history": Rule(T),
    "/leases/{lease_id:uuid}/history": Rule(T),
    "/buildings": Rule(S),
    "/buildings/{building_id:uuid}": Rule(OA),
    "/leases/{lease_id:uuid}": Rule(OA),
    "/leases/{lease_id:uuid}/renewal": Rule(S),
    "/leases/{lease_id:uuid}/move-out": Rule(S),
    "/renewals": Rule(S),
    "/renewals/{renewal_id:uuid}": Rule(OA),
    "/renewals/{renewal_id:uuid}/transitions": Rule(S),
    "/renewals/{renewal_id:uuid}/proposals": Rule(S),
    "/move-outs": Rule(S),
    "/space-requests": Rule(S),
    "/space-requests/{request_id:uuid}/transitions": Rule(S),
    "/complaints": Rule(S),
    "/complaints/{complaint_id:uuid}": Rule(OA),
    "/complaints/{complaint_id:uuid}/transitions": Rule(S),
    "/care": Rule(S),
    "/reports": Rule(S),
    "/reports/owner": Rule(OA, query="building={building}&period=2026-Q1"),
    "/anchors": Rule(S),
    "/reminders/{reminder_id:uuid}/transition": Rule(S),
    "/matchmaking": Rule(T),
    "/matchmaking/introductions": Rule(T),
    "/matchmaking/introductions/{introduction_id:uuid}": Rule(T),
    "/referrals": Rule(T),
    # JSON API: owners read their building, its units' occupancy and its figures.
    "/api/buildings": Rule(T),
    "/api/buildings/{building_id:uuid}": Rule(OA),
    "/api/buildings/{building_id:uuid}/occupancy": Rule(OA),
    "/api/analytics/churn": Rule(OA, query="building={building}"),
    "/api/analytics/expiries": Rule(OA, query="building={building}"),
    "/api/analytics/occupancy": Rule(OA, query="building={building}"),
    "/api/health/at-risk": Rule(OA, query="building={building}"),
    "/api/reports/owner": Rule(OA, query="building={building}&period=2026-Q1"),
    # JSON API of the leasing team.
    "/api/units": Rule(T),
    "/api/units/{unit_id:uuid}": Rule(T),
    "/api/tenants": Rule(T),
    "/api/tenants/{tenant_id:uuid}": Rule(T),
    "/api/tenants/{tenant_id:uuid}/view": Rule(T),
    "/api/tenants/{tenant_id:uuid}/history": Rule(T),
    "/api/leases/{lease_id:uuid}/history": Rule(T),
    "/api/contacts": Rule(T),
    "/api/contacts/{contact_id:uuid}": Rule(T),
    "/api/leases": Rule(T),
    "/api/leases/{lease_id:uuid}": Rule(T),
    "/api/leases/{lease_id:uuid}/schedule": Rule(T),
    "/api/leases/{lease_id:uuid}/rent-steps": Rule(T),
    "/api/leases/{lease_id:uuid}/options": Rule(T),
    "/api/leases/{lease_id:uuid}/critical-dates": Rule(T),
    "/api/rent-steps/{step_id:uuid}": Rule(T),
    "/api/lease-options/{option_id:uuid}": Rule(T),
    "/api/critical-dates": Rule(T),
    "/api/space-requests": Rule(T),
    "/api/space-requests/{request_id:uuid}": Rule(T),
    "/api/space-requests/{request_id:uuid}/suggestions": Rule(T),
    "/api/space-requests/{request_id:uuid}/transitions": Rule(T),
    "/api/renewals": Rule(T),
    "/api/renewals/{renewal_id:uuid}": Rule(T),
    "/api/renewals/{renewal_id:uuid}/proposals": Rule(T),
    "/api/renewals/{renewal_id:uuid}/transitions": Rule(T),
    "/api/renewal-proposals": Rule(T),
    "/api/move-outs": Rule(T),
    "/api/move-outs/{move_out_id:uuid}": Rule(T),
    "/api/churn-reasons": Rule(T),
    "/api/health/tenants/{tenant_id:uuid}": Rule(T),
    "/api/complaints": Rule(T),
    "/api/complaints/{complaint_id:uuid}": Rule(T),
    "/api/complaints/{complaint_id:uuid}/move-out": Rule(T),
    "/api/complaints/{complaint_id:uuid}/transitions": Rule(T),
    "/api/satisfaction/surveys": Rule(T),
    "/api/satisfaction/surveys/{survey_id:uuid}": Rule(T),
    "/api/satisfaction/trends": Rule(T, query="building={building}"),
    "/api/care/contacts": Rule(T),
    "/api/care/contacts/{contact_id:uuid}": Rule(T),
    "/api/care/plans/{tenant_id:uuid}": Rule(T),
    "/api/care/plans/{tenant_id:uuid}/overrides/{kind:str}": Rule(T),
    "/api/care/coverage": Rule(T),
    "/api/care/due": Rule(T),
    "/api/reminders": Rule(T),
    "/api/reminders/{reminder_id:uuid}": Rule(T),
    "/api/reminders/{reminder_id:uuid}/transitions": Rule(T),
    "/api/benefit-kinds": Rule(T),
    "/api/resources": Rule(T),
    "/api/resources/{resource_id:uuid}": Rule(T),
    "/api/benefits": Rule(T),
    "/api/benefits/summary": Rule(T),
    "/api/benefits/{grant_id:uuid}": Rule(T),
    "/api/matchmaking/buildings/{building_id:uuid}/ties": Rule(T),
    "/api/matchmaking/relations": Rule(T),
    "/api/matchmaking/relations/{relation_id:uuid}": Rule(T),
    "/api/matchmaking/introductions": Rule(T),
    "/api/matchmaking/introductions/{introduction_id:uuid}": Rule(T),
    "/api/matchmaking/introductions/{introduction_id:uuid}/transitions": Rule(T),
    "/api/matchmaking/profiles/{tenant_id:uuid}": Rule(T),
    "/api/matchmaking/tenants/{tenant_id:uuid}/suggestions": Rule(T),
    "/api/referrals": Rule(T),
    "/api/referrals/figures": Rule(T),
    "/api/referrals/{referral_id:uuid}": Rule(T),
    "/api/referrals/{referral_id:uuid}/transitions": Rule(T),
    # Rent roll imports: the leasing team's; a job is seen only by who uploaded it.
    "/api/imports/rent-roll": Rule(T),
    "/api/imports/rent-roll/template.csv": Rule(T),
    "/api/imports/rent-roll/template.xlsx": Rule(T),
    "/imports": Rule(T),
    "/imports/template.csv": Rule(T),
    "/imports/template.xlsx": Rule(T),
    "/imports/{job_id:uuid}": Rule(T, private=True),
    "/imports/{job_id:uuid}/status": Rule(T, private=True),
    "/imports/{job_id:uuid}/import": Rule(T),
    # Users: admins only, reading included.
    "/api/users": Rule(A, A),
    "/api/users/{user_id:uuid}": Rule(A, A),
}

READS = frozenset({"GET", "HEAD", "OPTIONS"})
PARAM = re.compile(r"\{(?P<name>[a-z_]+):(?P<kind>[a-z]+)\}")


def walked_routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, path template) of every HTTP route handler of the app, OPTIONS included."""
    found = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        for method in handler.http_methods
    }
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def is_api(path: str) -> bool:
    return path.startswith(("/api", "/schema"))


@dataclass
class World:
    building_a: UUID
    building_b: UUID
    ids: dict[str, str]
    """Path parameter (or ``prefix|name`` where one name means two things) to a value."""
    clients: dict[Role, tuple[httpx.AsyncClient, httpx.AsyncClient]]
    """Each role's (API client, web client)."""

    def fill(self, template: str) -> str:
        def value(found: re.Match[str]) -> str:
            name = found["name"]
            if name == "contact_id":
                name = "care|contact_id" if template.startswith("/api/care") else "contact_id"
            return self.ids[name]

        return PARAM.sub(value, template)


async def _first(query: Any) -> str:
    row = await query.first()
    assert row is not None, f"the demo portfolio has none: {query}"
    return str(row["id"])


async def _option(client: httpx.AsyncClient, lease: dict[str, Any]) -> str:
    """A lease option (the demo portfolio has none): a break window in the lease's term."""
    window = {"kind": "break", "opens": str(lease["start_date"]), "closes": str(lease["end_date"])}
    response = await client.post(f"/api/leases/{lease['id']}/options", json=window)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _seed_ids(client: httpx.AsyncClient, building: UUID, manager: UUID) -> dict[str, str]:
    """Records of ``building`` for every path parameter (and any, where none is held)."""
    lease = (
        await Lease.select(Lease.id, Lease.tenant, Lease.start_date, Lease.end_date)
        .where(Lease.building == building, Lease.status == "active")
        .first()
    )
    assert lease is not None
    tenant = lease["tenant"]
    return {
        "building_id": str(building),
        "unit_id": await _first(Unit.select(Unit.id).where(Unit.building == building)),
        "tenant_id": str(tenant),
        "lease_id": str(lease["id"]),
        "renewal_id": await _first(
            Renewal.select(Renewal.id).where(Renewal.lease.building == building)
        ),
        "request_id": await _first(
            SpaceRequest.select(SpaceRequest.id).where(SpaceRequest.lease.building == building)
        ),
        "complaint_id": await _first(
            Complaint.select(Complaint.id).where(Complaint.building == building)
        ),
        "move_out_id": await _first(MoveOut.select(MoveOut.id)),
        "contact_id": await _first(Contact.select(Contact.id)),
        "care|contact_id": await _first(CareContact.select(CareContact.id)),
        "step_id": await _first(RentStep.select(RentStep.id)),
        "option_id": await _option(client, lease),
        "survey_id": await _first(Survey.select(Survey.id).where(Survey.building == building)),
        "reminder_id": await _first(Reminder.select(Reminder.id)),
        "resource_id": await _first(Resource.select(Resource.id)),
        "grant_id": await _first(BenefitGrant.select(BenefitGrant.id)),
        "relation_id": await _first(BusinessRelation.select(BusinessRelation.id)),
        "introduction_id": await _first(Introduction.select(Introduction.id)),
        "referral_id": await _first(Referral.select(Referral.id)),
        "user_id": str(manager),
        "job_id": "00000000-0000-4000-8000-000000000000",
        "kind": "call",
        "feed_name": f"{manager}.ics",
        "file_path": "htmx.min.js",
        "path": "nothing-here",
    }


async def _role_clients(
    transport: httpx.ASGITransport, client: httpx.AsyncClient, role: Role, owns: list[UUID]
) -> tuple[httpx.AsyncClient, httpx.AsyncClient, str]:
    """A bearer-token client and a signed-in browser of a new user of ``role``."""
    base = "http://testserver"
    web = httpx.AsyncClient(transport=transport, base_url=base)
    page = await web.get("/login")
    web.headers["x-csrftoken"] = web.cookies["csrftoken"]
    if role is Role.ANONYMOUS:
        return httpx.AsyncClient(transport=transport, base_url=base), web, ""
    kind = {Role.MANAGER: "manager", Role.ADMIN: "admin"}.get(role, "owner")
    name = f"matrix-{role.name.lower()}"
    user = await make.user(client, username=name, role=kind, password=PASSWORD)
    await users.grant_buildings(UUID(user["id"]), owns)
    form = {"username": user["username"], "password": PASSWORD, "_csrf_token": csrf_of(page)}
    assert (await web.post("/login", data=form)).status_code == 303
    token = await users.create_token(user["username"])
    api = httpx.AsyncClient(
        transport=transport, base_url=base, headers={"Authorization": f"Bearer {token}"}
    )
    return api, web, user["id"]


@pytest.fixture
async def world(client: httpx.AsyncClient, transport: httpx.ASGITransport) -> AsyncIterator[World]:
    size = PortfolioSize(buildings=2, floors=(6, 6), units_per_floor=(3, 3), tenants=40)
    await demo_portfolio(size, seed=7)
    rows = await Building.select(Building.id).order_by(Building.name)
    building_a, building_b = (row["id"] for row in rows[:2])
    clients: dict[Role, tuple[httpx.AsyncClient, httpx.AsyncClient]] = {}
    manager = ""
    for role in Role:
        owns = {Role.OWNER_A: [building_a], Role.OWNER_B: [building_b]}.get(role, [])
        api, web, user_id = await _role_clients(transport, client, role, owns)
        clients[role] = (api, web)
        manager = user_id if role is Role.MANAGER else manager
    ids = await _seed_ids(client, building_a, UUID(manager))
    yield World(building_a, building_b, ids, clients)
    for api, web in clients.values():
        await api.aclose()
        await web.aclose()


def refused(role: Role, path: str, response: httpx.Response) -> bool:
    """Whether ``response`` is an access refusal (see the module's docstring)."""
    if role is Role.ANONYMOUS:
        if is_api(path):
            return response.status_code == 401
        location = response.headers.get("location", "")
        return response.status_code in (302, 303) and location.startswith("/login?next=")
    return response.status_code == 403


async def _ask(world: World, role: Role, method: str, template: str) -> httpx.Response:
    rule = ROUTES[template]
    api, web = world.clients[role]
    path = world.fill(template)
    asker = api if is_api(path) else web
    if method in READS:
        query = rule.query.format(building=world.building_a)
        return await asker.request(method, path + (f"?{query}" if query else ""))
    if is_api(path):
        return await asker.request(method, path, json={})
    if template == "/login":
        form = {"username": f"nobody-{role.name.lower()}", "password": "wrong"}
        return await asker.request(method, path, data=form)
    return await asker.request(method, path, data={})


async def test_every_route_has_an_expectation(transport: httpx.ASGITransport) -> None:
    app = transport.app
    assert isinstance(app, Litestar)
    templates = {path for _, path in walked_routes(app)}
    missing = sorted(templates - ROUTES.keys())
    assert not missing, f"routes with no expectation in ROUTES: {missing}"
    stale = sorted(ROUTES.keys() - templates)
    assert not stale, f"expectations of routes that no longer exist: {stale}"


async def test_every_route_for_every_role(world: World, transport: httpx.ASGITransport) -> None:
    app = transport.app
    assert isinstance(app, Litestar)
    routes = walked_routes(app)
    # Signing out ends the web client's session: last.
    routes.sort(key=lambda pair: pair[1] == "/logout")
    wrong: list[str] = []
    asked = 0
    for role in Role:
        for method, template in routes:
            if template not in ROUTES:
                continue  # reported by test_every_route_has_an_expectation
            rule = ROUTES[template]
            access = rule.write
            if method in READS:
                access = rule.options if method == "OPTIONS" else rule.read
            response = await _ask(world, role, method, template)
            asked += 1
            allowed = role in access.value
            # OPTIONS is never signed in (see Rule.options): refused as an anonymous one is.
            sender = Role.ANONYMOUS if method == "OPTIONS" else role
            if refused(sender, template, response) == allowed:
                expected = "allowed" if allowed else "refused"
                wrong.append(
                    f"{role.value}: {method} {template} should be {expected}, "
                    f"got {response.status_code} {response.text[:120]!r}"
                )
            elif (
                allowed
                and method == "GET"
                and not 200 <= response.status_code < 400
                and not (rule.private and response.status_code == 404)
                and template != "/schema/{path:str}"  # the catch-all answers 404 to everyone
            ):
                wrong.append(
                    f"{role.value}: GET {template} failed: "
                    f"{response.status_code} {response.text[:200]!r}"
                )
    assert asked == len(routes) * len(Role)
    assert not wrong, "\n".join(wrong)


async def test_pages_an_owner_reads_show_nothing_of_another_building(world: World) -> None:
    """The pages every signed-in user reads narrow themselves: the owner of B, even asking for
    building A by name, sees no tenant that only ever leased in A."""
    only_a = await _tenants_only_in(world.building_a)
    _, manager = world.clients[Role.MANAGER]
    listed = (await manager.get(f"/tenants?building={world.building_a}")).text
    assert any(name in listed for name in only_a), "A's tenants show as they are named"
    _, owner_b = world.clients[Role.OWNER_B]
    pages = [t for t, rule in ROUTES.items() if rule.read is Access.SIGNED_IN and not is_api(t)]
    leaks: list[str] = []
    for template in pages:
        if PARAM.search(template) or template == "/logout":
            continue
        for query in ("", f"?building={world.building_a}"):
            response = await owner_b.get(template + query)
            assert response.status_code == 200, f"{template}{query}: {response.status_code}"
            leaks += [f"{template}{query}: {name}" for name in only_a if name in response.text]
    assert not leaks, "\n".join(leaks)


async def _tenants_only_in(building: UUID) -> list[str]:
    rows = await Lease.select(Lease.tenant, Lease.building, Lease.tenant.name.as_alias("name"))
    buildings: dict[str, set[UUID]] = {}
    for row in rows:
        buildings.setdefault(row["name"], set()).add(row["building"])
    return sorted(name for name, held in buildings.items() if held == {building} and len(name) > 5)
