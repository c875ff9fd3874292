"""Use cases of space requests: record a tenant's wish to expand or contract, suggest units that
fit, move the request along its workflow, and amend the lease when it is executed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from piccolo.columns import Integer
from piccolo.columns.combination import Combinable

from tenantcrm.audit import service as audit
from tenantcrm.buildings import service as buildings
from tenantcrm.buildings.enums import UnitStatus
from tenantcrm.core.errors import (
    ConflictError,
    FieldError,
    IllegalTransitionError,
    InvalidInputError,
    NotFoundError,
)
from tenantcrm.core.money import from_minor, to_minor
from tenantcrm.core.records import Row, lock_or_404, update_versioned
from tenantcrm.core.schemas import Page
from tenantcrm.db import write_transaction
from tenantcrm.leases import service as leases
from tenantcrm.leases.enums import LeaseStatus
from tenantcrm.leases.schemas import LeaseOut
from tenantcrm.spacerequests import fit
from tenantcrm.spacerequests.enums import REQUEST_WORKFLOW, RequestKind, RequestState
from tenantcrm.spacerequests.schemas import (
    RequestUnitOut,
    SpaceRequestDetailOut,
    SpaceRequestIn,
    SpaceRequestOut,
    SpaceRequestPatch,
    SpaceRequestTransitionIn,
    SuggestionOut,
    SuggestionsOut,
)
from tenantcrm.spacerequests.tables import SpaceRequest

SUBJECT = "space_request"
RESOURCE = "space request"
_EDITABLE = (RequestState.SUBMITTED, RequestState.EVALUATING)
_ZERO_AREA = Decimal("0.00")

# --- reading ------------------------------------------------------------------------------

REQUEST_COLUMNS = (
    *SpaceRequest._meta.columns,
    SpaceRequest.tenant.name.as_alias("tenant_name"),
    SpaceRequest.lease.building.as_alias("building"),
    SpaceRequest.lease._.building._.name.as_alias("building_name"),
)


def _json(value: object) -> Any:
    """A JSON column's value, whether the query decoded it or not."""
    return json.loads(value) if isinstance(value, str) else value


def _stored_units(row: Row) -> list[RequestUnitOut]:
    return [RequestUnitOut.model_validate(unit) for unit in _json(row["units"]) or []]


def _request_fields(row: Row) -> dict[str, Any]:
    state = RequestState(row["state"])
    units = _stored_units(row)
    return {
        "id": row["id"],
        "tenant": row["tenant"],
        "tenant_name": row["tenant_name"],
        "lease": row["lease"],
        "building": row["building"],
        "building_name": row["building_name"],
        "kind": RequestKind(row["kind"]),
        "state": state,
        "allowed": list(REQUEST_WORKFLOW.allowed(state)),
        "desired_area": from_minor(row["desired_area_centi"]),
        "desired_date": row["desired_date"],
        "reason": row["reason"],
        "units": units,
        "offered_area": sum((u.area for u in units), _ZERO_AREA),
        "effective_date": row["effective_date"],
        "outcome_note": row["outcome_note"],
        "version": row["version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


async def _request_row(request_id: UUID) -> Row:
    row = (
        await SpaceRequest.select(*REQUEST_COLUMNS)
        .where(SpaceRequest.id == request_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFoundError(RESOURCE, request_id)
    return row


async def get_request(request_id: UUID, today: date) -> SpaceRequestDetailOut:
    """One request with the lease amendment it made (once executed) and its history."""
    row = await _request_row(request_id)
    history = await audit.history(SUBJECT, request_id)
    amendment = None
    executed = [e for e in history if e.to_state == RequestState.EXECUTED.value]
    if executed:
        change_id = executed[-1].detail.get("area_change")
        lease = await leases.get_lease(row["lease"], today)
        amendment = next((c for c in lease.area_changes if str(c.id) == change_id), None)
    return SpaceRequestDetailOut(
        **_request_fields(row),
        amendment=amendment,
        history=history,
    )


async def list_requests(
    limit: int,
    offset: int,
    state: RequestState | None = None,
    kind: RequestKind | None = None,
    building: UUID | None = None,
    tenant: UUID | None = None,
    lease: UUID | None = None,
) -> Page[SpaceRequestOut]:
    """Requests by desired date (the most pressing first), filtered."""
    where: list[Combinable] = []
    if state is not None:
        where.append(SpaceRequest.state == state.value)
    if kind is not None:
        where.append(SpaceRequest.kind == kind.value)
    if building is not None:
        where.append(SpaceRequest.lease.building == building)
    if tenant is not None:
        where.append(SpaceRequest.tenant == tenant)
    if lease is not None:
        where.append(SpaceRequest.lease == lease)
    query = (
        SpaceRequest.select(*REQUEST_COLUMNS)
        .order_by(SpaceRequest.desired_date)
        .order_by(SpaceRequest.id)
        .output(load_json=True)
    )
    count = SpaceRequest.count()
    if where:
        query, count = query.where(*where), count.where(*where)
    rows = await query.limit(limit).offset(offset)
    return Page(
        items=[SpaceRequestOut(**_request_fields(row)) for row in rows],
        total=await count,
        limit=limit,
        offset=offset,
    )


# --- checks shared by create and update ---------------------------------------------------


def _area_on(lease: LeaseOut, day: date) -> Decimal:
    return sum((u.area for u in lease.units if u.start_date <= day <= u.end_date), _ZERO_AREA)


def _request_errors(
    lease: LeaseOut, kind: RequestKind, desired_area: Decimal, desired_date: date
) -> list[FieldError]:
    """What is wrong with what a request asks of its lease (every problem at once)."""
    if not lease.start_date <= desired_date <= lease.end_date:
        return [
            FieldError(
                "desired_date",
                f"must be within the lease term ({lease.start_date} to {lease.end_date})",
            )
        ]
    if kind is RequestKind.CONTRACTION:
        held = _area_on(lease, desired_date)
        if desired_area >= held:
            return [
                FieldError(
                    "desired_area",
                    f"must be less than the {held:.2f} m² let under the lease on {desired_date}: "
                    "giving everything back is a move-out",
                )
            ]
    return []


def _require_active(lease: LeaseOut) -> None:
    if lease.status is not LeaseStatus.ACTIVE:
        raise ConflictError(
            f"lease {lease.id} is {lease.status}: only an active lease can expand or contract",
            [{"field": "lease", "status": lease.status.value, "allowed": ["active"]}],
        )


# --- writing ------------------------------------------------------------------------------


async def create_request(data: SpaceRequestIn, today: date) -> SpaceRequestDetailOut:
    """Record a request against an active lease of the tenant; it starts submitted."""
    async with write_transaction():
        try:
            lease = await leases.get_lease(data.lease, today)
        except NotFoundError as error:
            raise InvalidInputError([FieldError("lease", f"no such lease {data.lease}")]) from error
        if lease.tenant != data.tenant:
            raise InvalidInputError(
                [FieldError("tenant", f"is not the tenant of lease {data.lease}")]
            )
        _require_active(lease)
        errors = _request_errors(lease, data.kind, data.desired_area, data.desired_date)
        if errors:
            raise InvalidInputError(errors)
        inserted = await SpaceRequest.insert(
            SpaceRequest(
                tenant=data.tenant,
                lease=data.lease,
                kind=data.kind.value,
                desired_area_centi=to_minor(data.desired_area),
                desired_date=data.desired_date,
                reason=data.reason,
            )
        ).returning(SpaceRequest.id)
        request_id: UUID = inserted[0]["id"]
        await audit.record(
            SUBJECT,
            request_id,
            "submitted",
            to_state=RequestState.SUBMITTED.value,
            detail={
                "lease": str(data.lease),
                "kind": data.kind.value,
                "desired_area": str(data.desired_area),
                "desired_date": data.desired_date.isoformat(),
            },
        )
    return await get_request(request_id, today)


async def update_request(
    request_id: UUID, data: SpaceRequestPatch, version: int, today: date
) -> SpaceRequestDetailOut:
    """Change what is asked, while the request is submitted or evaluating."""
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    async with write_transaction():
        row = await lock_or_404(SpaceRequest, request_id, RESOURCE)
        state = RequestState(row["state"])
        if state not in _EDITABLE:
            raise ConflictError(
                f"space request {request_id} is {state}: what it asks can only change before "
                "an offer is made",
                [
                    {
                        "field": "state",
                        "current": state.value,
                        "allowed": [s.value for s in _EDITABLE],
                    }
                ],
            )
        desired_area = data.desired_area or from_minor(row["desired_area_centi"])
        desired_date = data.desired_date or row["desired_date"]
        lease = await leases.get_lease(row["lease"], today)
        errors = _request_errors(lease, RequestKind(row["kind"]), desired_area, desired_date)
        if errors:
            raise InvalidInputError(errors)
        values: dict[Any, Any] = {
            SpaceRequest.desired_area_centi: to_minor(desired_area),
            SpaceRequest.desired_date: desired_date,
        }
        if "reason" in changes:
            values[SpaceRequest.reason] = changes["reason"]
        await update_versioned(SpaceRequest, request_id, version, values, RESOURCE)
        before = {
            "desired_area": str(from_minor(row["desired_area_centi"])),
            "desired_date": row["desired_date"].isoformat(),
            "reason": row["reason"],
        }
        after = {
            "desired_area": str(desired_area),
            "desired_date": desired_date.isoformat(),
            "reason": changes.get("reason", row["reason"]),
        }
        await audit.record(
            SUBJECT,
            request_id,
            "amended",
            detail={
                name: {"before": before[name], "after": after[name]}
                for name in before
                if before[name] != after[name]
            },
        )
    return await get_request(request_id, today)


async def _touch(request_id: UUID, values: dict[Any, Any]) -> None:
    """Write ``values`` to a request locked by the caller, and bump its version."""
    version = cast(Integer, SpaceRequest.version)
    await SpaceRequest.update(
        {**values, version: version + 1, SpaceRequest.updated_at: datetime.now(tz=UTC)}
    ).where(SpaceRequest.id == request_id)


async def transition(
    request_id: UUID, data: SpaceRequestTransitionIn, today: date
) -> SpaceRequestDetailOut:
    """Move a request along its workflow; executing it amends the lease, atomically.

    The request row is locked first and its state checked under the lock, so two concurrent
    requests for the same move run one after the other and the second is refused: a request
    is executed, and its lease amended, once.
    """
    async with write_transaction():
        row = await lock_or_404(SpaceRequest, request_id, RESOURCE)
        current, target = RequestState(row["state"]), data.to
        if (illegal := REQUEST_WORKFLOW.check(current, target)) is not None:
            raise IllegalTransitionError(
                RESOURCE, request_id, current.value, target.value, list(illegal.allowed)
            )
        _check_transition_fields(data)
        kind = RequestKind(row["kind"])
        values: dict[Any, Any] = {SpaceRequest.state: target.value}
        detail: dict[str, Any] = {}
        if data.note:
            detail["note"] = data.note
        if REQUEST_WORKFLOW.is_terminal(target):
            values[SpaceRequest.outcome_note] = data.note
        if target is RequestState.OFFERED:
            assert data.units is not None  # checked by _check_transition_fields
            lease = await leases.get_lease(row["lease"], today)
            offered = await _offer(kind, lease, data.units, row["desired_date"])
            values[SpaceRequest.units] = [u.model_dump(mode="json") for u in offered]
            detail["units"] = [u.code for u in offered]
        elif target is RequestState.EXECUTED:
            assert data.effective_date is not None  # checked by _check_transition_fields
            ids = [u.id for u in _stored_units(row)]
            expansion = kind is RequestKind.EXPANSION
            change = await leases.amend_units(
                row["lease"],
                add=ids if expansion else [],
                release=[] if expansion else ids,
                effective=data.effective_date,
                note=data.note or f"space request {request_id} ({kind})",
            )
            values[SpaceRequest.effective_date] = data.effective_date
            detail["effective_date"] = data.effective_date.isoformat()
            detail["area_change"] = str(change.id)
            detail["area_before"] = str(change.area_before)
            detail["area_after"] = str(change.area_after)
        elif current is RequestState.OFFERED and target is RequestState.EVALUATING:
            # The offer is off the table; the history keeps what it was.
            values[SpaceRequest.units] = []
            detail["withdrawn_offer"] = [u.code for u in _stored_units(row)]
        await _touch(request_id, values)
        await audit.record(
            SUBJECT,
            request_id,
            "transition",
            from_state=current.value,
            to_state=target.value,
            detail=detail,
        )
        # Read inside the transaction: the answer is this move's result, not a later one's.
        return await get_request(request_id, today)


def _check_transition_fields(data: SpaceRequestTransitionIn) -> None:
    errors: list[FieldError] = []
    if data.to is RequestState.OFFERED:
        if data.units is None:
            errors.append(FieldError("units", "is required to make an offer"))
    elif data.units is not None:
        errors.append(FieldError("units", "is only accepted with to=offered"))
    if data.to is RequestState.EXECUTED:
        if data.effective_date is None:
            errors.append(FieldError("effective_date", "is required to execute a request"))
    elif data.effective_date is not None:
        errors.append(FieldError("effective_date", "is only accepted with to=executed"))
    if errors:
        raise InvalidInputError(errors)


async def _offer(
    kind: RequestKind, lease: LeaseOut, unit_ids: list[UUID], on: date
) -> list[RequestUnitOut]:
    """The units offered, checked against the lease as of the desired date.

    Expansion: units of the lease's building, on the market and let to nobody from the desired
    date to the lease end (409 naming who holds one). Contraction: units the lease holds then,
    not all of them.
    """
    if len(set(unit_ids)) != len(unit_ids):
        raise InvalidInputError([FieldError("units", "lists the same unit twice")])
    if kind is RequestKind.EXPANSION:
        return await _expansion_offer(lease, unit_ids, on)
    return _contraction_offer(lease, unit_ids, on)


async def _expansion_offer(lease: LeaseOut, unit_ids: list[UUID], on: date) -> list[RequestUnitOut]:
    found = await buildings.units_by_id(unit_ids)
    errors: list[FieldError] = []
    for index, unit_id in enumerate(unit_ids):
        unit = found.get(unit_id)
        if unit is None:
            errors.append(FieldError(f"units[{index}]", f"no such unit {unit_id}"))
        elif unit.building != lease.building:
            errors.append(FieldError(f"units[{index}]", "is not in the lease's building"))
        elif unit.status is not UnitStatus.AVAILABLE:
            errors.append(FieldError(f"units[{index}]", "is off the market"))
    if errors:
        raise InvalidInputError(errors)
    wanted = set(unit_ids)
    holdings = [
        h
        for h in await leases.holdings_in_building(lease.building, on, lease.end_date)
        if h.unit in wanted
    ]
    own = [h for h in holdings if h.lease == lease.id]
    if own:
        index = unit_ids.index(own[0].unit)
        raise InvalidInputError([FieldError(f"units[{index}]", "is already let under this lease")])
    if holdings:
        first = holdings[0]
        code = found[first.unit].code
        raise ConflictError(
            f"unit {code} is let to {first.tenant_name} under lease {first.lease} from "
            f"{first.start} to {first.end}: it is not free from {on} to the lease end "
            f"{lease.end_date}",
            [
                {
                    "unit": str(h.unit),
                    "unit_code": found[h.unit].code,
                    "lease": str(h.lease),
                    "tenant": str(h.tenant),
                    "tenant_name": h.tenant_name,
                    "start_date": h.start.isoformat(),
                    "end_date": h.end.isoformat(),
                }
                for h in holdings
            ],
        )
    return [
        RequestUnitOut(id=u.id, code=u.code, floor=u.floor, area=u.area)
        for u in (found[unit_id] for unit_id in unit_ids)
    ]


def _contraction_offer(lease: LeaseOut, unit_ids: list[UUID], on: date) -> list[RequestUnitOut]:
    held = {u.unit: u for u in lease.units if u.start_date <= on <= u.end_date}
    errors = [
        FieldError(f"units[{index}]", f"is not let under this lease on {on}")
        for index, unit_id in enumerate(unit_ids)
        if unit_id not in held
    ]
    if errors:
        raise InvalidInputError(errors)
    if len(unit_ids) == len(held):
        raise ConflictError(
            f"giving back every unit of lease {lease.id} ends the occupancy: "
            "record a move-out instead of a contraction",
            [{"field": "units", "reason": "every unit released"}],
        )
    return [
        RequestUnitOut(id=u.unit, code=u.code, floor=u.floor, area=u.area)
        for u in (held[unit_id] for unit_id in unit_ids)
    ]


# --- suggestions --------------------------------------------------------------------------


async def suggestions(request_id: UUID, limit: int) -> SuggestionsOut:
    """Units that fit the request, best first, each with its reasons in words."""
    row = await _request_row(request_id)
    lease = await leases.get_lease(row["lease"], row["desired_date"])
    on = min(max(row["desired_date"], lease.start_date), lease.end_date)
    desired = from_minor(row["desired_area_centi"])
    kind = RequestKind(row["kind"])
    held = [u for u in lease.units if u.start_date <= on <= u.end_date]
    if kind is RequestKind.EXPANSION:
        units = await buildings.units_of_building(lease.building)
        holdings = await leases.holdings_in_building(lease.building, on, lease.end_date)
        taken = {h.unit for h in holdings}
        floor_of = {u.id: u.floor for u in units}
        tenant_floors = sorted(
            {
                floor_of[h.unit]
                for h in holdings
                if h.tenant == lease.tenant and h.start <= on <= h.end and h.unit in floor_of
            }
        )
        vacant = [
            fit.Space(u.id, u.code, u.floor, u.area)
            for u in units
            if u.id not in taken and u.status is UnitStatus.AVAILABLE
        ]
        found = fit.expansion_suggestions(vacant, tenant_floors, desired, limit=limit)
    else:
        tenant_floors = sorted({u.floor for u in held})
        spaces = [fit.Space(u.unit, u.code, u.floor, u.area) for u in held]
        found = fit.contraction_suggestions(spaces, desired, limit=limit)
    return SuggestionsOut(
        request=request_id,
        kind=kind,
        desired_area=desired,
        on=on,
        until=lease.end_date,
        tenant_floors=tenant_floors,
        suggestions=[
            SuggestionOut(
                units=[
                    RequestUnitOut(id=s.key, code=s.code, floor=s.floor, area=s.area)
                    for s in suggestion.units
                ],
                area=suggestion.area,
                difference=suggestion.difference,
                floor_distance=suggestion.floor_distance,
                reasons=list(suggestion.reasons),
            )
            for suggestion in found
        ],
    )


async def tenants_giving_space_back(tenant_ids: list[UUID]) -> set[UUID]:
    """Tenants with a contraction request still open (not executed, declined or withdrawn)."""
    if not tenant_ids:
        return set()
    open_states = [s.value for s in RequestState if not REQUEST_WORKFLOW.is_terminal(s)]
    rows = await SpaceRequest.select(SpaceRequest.tenant).where(
        SpaceRequest.tenant.is_in(tenant_ids),
        SpaceRequest.kind == RequestKind.CONTRACTION.value,
        SpaceRequest.state.is_in(open_states),
    )
    return {r["tenant"] for r in rows}
