"""The OpenAPI document: served, every operation named and described, money as strings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from httpx import AsyncClient

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
async def spec(client: AsyncClient) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def property_schema(spec: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    """A model property's schema, with a nullable ``oneOf`` reduced to its non-null part."""
    schema: dict[str, Any] = spec["components"]["schemas"][model]["properties"][name]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            (schema,) = [s for s in schema[key] if s.get("type") != "null"]
    return resolve(spec, schema)


async def test_every_operation_has_an_id_and_a_summary(spec: dict[str, Any]) -> None:
    seen = list(operations(spec))
    assert len(seen) >= 30
    ids = [operation.get("operationId") for _, _, operation in seen]
    assert all(ids), [(m, p) for m, p, o in seen if not o.get("operationId")]
    assert len(set(ids)) == len(ids), "operation ids are unique"
    for method, path, operation in seen:
        assert (operation.get("summary") or operation.get("description") or "").strip(), (
            method,
            path,
        )
    by_id = {operation["operationId"]: (method, path) for method, path, operation in seen}
    assert by_id["createLease"] == ("post", "/api/leases")
    assert by_id["getTenantView"] == ("get", "/api/tenants/{tenant_id}/view")
    assert by_id["getLeaseSchedule"] == ("get", "/api/leases/{lease_id}/schedule")
    assert by_id["getBuildingOccupancy"] == ("get", "/api/buildings/{building_id}/occupancy")


MONEY_FIELDS = [
    ("LeaseIn", "base_rent"),
    ("LeaseIn", "deposit"),
    ("LeaseIn", "incentive"),
    ("LeasePatch", "base_rent"),
    ("LeaseOut", "base_rent"),
    ("LeaseOut", "deposit"),
    ("LeaseOut", "current_rent"),
    ("RentStepIn", "amount"),
    ("RentStepIn", "percent"),
    ("RentStepOut", "amount"),
    ("RentChangeOut", "monthly_rent"),
    ("ScheduleLineOut", "monthly_rent"),
    ("ScheduleLineOut", "rent"),
    ("ScheduleLineOut", "free"),
    ("ScheduleLineOut", "due"),
    ("RentSummaryOut", "total_rent"),
    ("RentSummaryOut", "net_effective_rent"),
    ("RentSummaryOut", "months"),
    ("MonthlyRent", "monthly_rent"),
    ("TenantView", "leased_area"),
    ("UnitIn", "area"),
    ("UnitOut", "area"),
    ("OccupancyOut", "occupancy_rate"),
    ("OccupancyOut", "vacant_area"),
]


@pytest.mark.parametrize(("model", "name"), MONEY_FIELDS)
async def test_decimal_fields_are_documented_as_strings(
    spec: dict[str, Any], model: str, name: str
) -> None:
    schema = property_schema(spec, model, name)
    assert schema.get("type") == "string", schema


async def test_no_number_types_anywhere(spec: dict[str, Any]) -> None:
    """Every decimal travels as a string, so no schema may promise a JSON number."""

    def numbers(node: object, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            if node.get("type") == "number" or "number" in (node.get("type") or []):
                yield where
            for key, value in node.items():
                yield from numbers(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from numbers(value, f"{where}[{index}]")

    assert list(numbers(spec, "")) == []


async def test_money_input_documents_its_format(spec: dict[str, Any]) -> None:
    base_rent = property_schema(spec, "LeaseIn", "base_rent")
    assert base_rent.get("pattern"), base_rent
    assert "12500.00" in str(base_rent.get("examples"))


async def test_errors_are_documented_as_problems(spec: dict[str, Any]) -> None:
    """Each operation lists the problem answers it can give, in the shape problems.py sends."""
    problem_schema = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem_schema["required"])
    for method, path, operation in operations(spec):
        if not path.startswith("/api/"):
            continue
        responses = operation["responses"]
        errors = {int(code) for code in responses if int(code) >= 400}
        assert {400, 401, 403} <= errors, (method, path)
        for code in errors:
            content = responses[str(code)]["content"]
            assert list(content) == ["application/problem+json"], (method, path, code)
    update = next(o for _, _, o in operations(spec) if o["operationId"] == "updateLease")
    assert {"404", "409", "422", "428"} <= set(update["responses"])
    listing = next(o for _, _, o in operations(spec) if o["operationId"] == "listChurnReasons")
    assert "422" not in listing["responses"], "no input, so nothing to be invalid"


DAY_NAMES = ("day", "start", "end", "opens", "closes", "effective", "on", "until")


async def test_days_are_documented_as_dates(spec: dict[str, Any]) -> None:
    """A day travels as YYYY-MM-DD and says so (the fuzz run validates answers by format)."""
    undated = []
    for model, schema in spec["components"]["schemas"].items():
        for name, node in schema.get("properties", {}).items():
            if name.endswith(("_date", "_on", "_until")) or name in DAY_NAMES:
                variants = node.get("oneOf") or node.get("anyOf") or [node]
                formats = {resolve(spec, v).get("format") for v in variants}
                if not formats & {"date", "date-time"}:
                    undated.append((model, name))
    assert undated == []
    assert property_schema(spec, "LeaseOut", "start_date")["format"] == "date"


async def test_request_models_refuse_unknown_fields(spec: dict[str, Any]) -> None:
    """The API answers 422 to a field it does not know, and the document says so."""
    schemas = spec["components"]["schemas"]
    for name in ("LeaseIn", "LeasePatch", "RentStepIn", "TenantIn", "PolicyIn"):
        assert schemas[name]["additionalProperties"] is False, name
    assert "additionalProperties" not in schemas["LeaseOut"]
