"""Schemathesis fuzzes every operation of the app's own OpenAPI document.

Each operation gets schema-driven cases (explicit examples, boundary "coverage" cases, then
random positive and negative ones) sent as the run's admin. Path ids, body references and
If-Match versions are often swapped for those of a small demo portfolio, so operations are
reached with records that exist, not only with random UUIDs (which can only answer 404).
Every response must be no 5xx and conform to the document: status code, content type,
headers and body schema; data the schema calls invalid must be refused.
"""

from __future__ import annotations

import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tenantcrm.app import create_app
from tenantcrm.settings import Settings
from tests.app_fixtures import TODAY
from tests.fuzz.harness import STATUSES, Fuzz

CONFIG = SchemathesisConfig.from_dict(
    {
        # Bounded: up to 10 random cases per operation (plus its examples and boundary
        # cases), valid and invalid ones, the same ones every run.
        "generation": {"max-examples": 10, "mode": "all"},
        "seed": 8,
        # Answers are checked against their formats too: a day must be YYYY-MM-DD.
        "checks": {"response_schema_conformance": {"validate-formats": True}},
    }
)
DOCUMENT = create_app(Settings(today=TODAY)).openapi_schema.to_schema()
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.negative_data_rejection,
]


@SCHEMA.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_operation(case: schemathesis.Case, fuzz: Fuzz) -> None:
    fuzz.real_records(case)
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    prepared = requests.Request(**kwargs).prepare()
    headers = {k: v for k, v in prepared.headers.items() if k.lower() != "content-length"}
    response = fuzz.send(prepared.method, prepared.url, headers, prepared.body)
    STATUSES[(case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=CHECKS, headers=headers)
