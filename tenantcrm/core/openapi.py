"""What Litestar leaves out of the API's OpenAPI document, written into it in one place:
the error answers of every operation, and that request models refuse unknown fields.

Every error is an RFC 9457 problem (``application/problem+json``, see ``problems.py``), raised
by the same few layers on every route, so which ones an operation can give follows from its
shape rather than from each handler:

- any operation: 400 for a body or parameter that cannot be read at all; 401 without a valid
  bearer token (or feed key) and 403 when the role may not;
- an operation with parameters or a body: 422 naming each invalid field;
- a path with a record's id: 404 when there is no such record;
- a body or query naming other records (a field or parameter with a UUID): 404 or 422 when
  one does not exist (services answer 404 for a missing record wherever it is named);
- an edit sending a version (If-Match): 428 without one and 409 when it is stale;
- any other write (POST, PUT, PATCH, DELETE): 409 when it collides with the current state
  (a unit already let, an illegal workflow transition, a record still in use).

Litestar documents only its own 400 with a different shape; ``document_problems`` replaces it.
It also ignores pydantic's ``extra="forbid"``, which every ``Model`` has: ``forbid_unknown_fields``
says ``additionalProperties: false`` for them, as the API answers 422 to an unknown field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType

from tenantcrm.core.problems import PROBLEM_JSON
from tenantcrm.core.schemas import Model

WRITES = ("post", "put", "patch", "delete")

PROBLEM = Schema(
    type=OpenAPIType.OBJECT,
    description="An RFC 9457 problem: what went wrong, and each offending field",
    required=["type", "title", "status", "detail", "instance"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "instance": Schema(type=OpenAPIType.STRING),
        "errors": Schema(
            type=OpenAPIType.ARRAY,
            description="Each invalid field, by its name in the request",
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["field", "message"],
                properties={
                    "field": Schema(type=OpenAPIType.STRING),
                    "message": Schema(type=OpenAPIType.STRING),
                    "source": Schema(type=OpenAPIType.STRING),
                },
            ),
        ),
        "conflicts": Schema(
            type=OpenAPIType.ARRAY,
            description="What the request collided with (a stale version, a let unit...)",
            items=Schema(type=OpenAPIType.OBJECT),
        ),
        "allowed": Schema(
            type=OpenAPIType.ARRAY,
            description="The transitions the record's current state allows",
            items=Schema(type=OpenAPIType.STRING),
        ),
    },
)

REASONS = {
    400: "Malformed request: the body or a parameter cannot be read",
    401: "No valid bearer token",
    403: "The signed-in role may not do this",
    404: "A record named in the path, the query or the body does not exist",
    409: "Conflicts with the current state: a stale version, a taken unit, a closed workflow",
    422: "Invalid input: each offending field is named in 'errors'",
    428: "Send the version you edited, as an If-Match header or a 'version' field",
}


def _parameters(operation: Operation) -> list[Parameter]:
    return [p for p in operation.parameters or [] if isinstance(p, Parameter)]


def _names_records(node: Any, document: OpenAPI, seen: frozenset[str] = frozenset()) -> bool:
    """Whether a schema (followed through references) holds a UUID, i.e. names a record."""
    if isinstance(node, Reference):
        name = node.ref.rsplit("/", 1)[-1]
        schemas = document.components.schemas or {}
        if name in seen or name not in schemas:
            return False
        return _names_records(schemas[name], document, seen | {name})
    if isinstance(node, Schema):
        if node.format is not None and str(getattr(node.format, "value", node.format)) == "uuid":
            return True
        parts: list[Any] = [
            *(node.one_of or []),
            *(node.any_of or []),
            *(node.all_of or []),
            *(node.properties or {}).values(),
        ]
        if node.items is not None:
            parts.append(node.items)
        return any(_names_records(part, document, seen) for part in parts)
    return False


def problem_statuses(method: str, operation: Operation, document: OpenAPI) -> list[int]:
    """The problem statuses an operation can answer with (see the module's docstring)."""
    parameters = _parameters(operation)
    body = operation.request_body
    statuses = {400, 401, 403}
    if parameters or body is not None:
        statuses.add(422)
    if any(p.param_in == "path" for p in parameters):
        statuses.add(404)
    references = [p.schema for p in parameters if p.param_in == "query"]
    if body is not None and not isinstance(body, Reference):
        references += [media.schema for media in (body.content or {}).values()]
    if any(_names_records(schema, document) for schema in references):
        statuses.add(404)
    if any(p.name.lower() == "if-match" for p in parameters):
        statuses |= {409, 428}
    if method in WRITES:
        statuses.add(409)
    return sorted(statuses)


def document_problems(document: OpenAPI) -> None:
    """Give every ``/api`` operation of ``document`` its problem responses (edits in place)."""
    components = document.components
    components.schemas = {**(components.schemas or {}), "Problem": PROBLEM}
    problem = OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"))
    for path, item in (document.paths or {}).items():
        if not path.startswith("/api/"):
            continue
        for method in ("get", "put", "post", "delete", "patch"):
            operation: Operation | None = getattr(item, method)
            if operation is None:
                continue
            responses = dict(operation.responses or {})
            for status in problem_statuses(method, operation, document):
                responses[str(status)] = OpenAPIResponse(
                    description=REASONS[status], content={PROBLEM_JSON: problem}
                )
            operation.responses = responses


def _models(base: type[Model]) -> Iterator[type[Model]]:
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


def forbid_unknown_fields(document: OpenAPI) -> None:
    """Mark the schema of every model that refuses unknown fields (edits in place)."""
    schemas = document.components.schemas or {}
    for model in _models(Model):
        schema = schemas.get(model.__name__)
        if isinstance(schema, Schema) and model.model_config.get("extra") == "forbid":
            schema.additional_properties = False


def finish_document(document: OpenAPI) -> None:
    """Everything this module adds to the document Litestar built."""
    document_problems(document)
    forbid_unknown_fields(document)
