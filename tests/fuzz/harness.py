"""The fuzz run's machinery: real records for the generated cases, a sender, a tally.

Schemathesis drives Hypothesis synchronously, while the app (and its connection pool) lives
on the tests' session event loop; ``Fuzz.send`` runs each request on that loop, which is idle
while a synchronous test runs.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections import Counter
from dataclasses import dataclass, field

import httpx
import schemathesis

from tenantcrm.demo import PortfolioSize

STATUSES: Counter[tuple[str, int]] = Counter()
"""(operation, status) -> how many cases got it: the terminal summary prints the spread."""

POOLS: dict[str, int] = {}
"""How many real records of each kind the cases could name."""

SMALL = PortfolioSize(buildings=2, floors=(2, 3), units_per_floor=(3, 4), tenants=24)
"""Large enough for every kind of record the demo makes, small enough to make in seconds."""

# The list of each kind of record (the kinds path_kind and REFERENCES name).
LISTS = {
    "building": "/api/buildings",
    "unit": "/api/units",
    "tenant": "/api/tenants",
    "contact": "/api/contacts",
    "lease": "/api/leases",
    "request": "/api/space-requests",
    "renewal": "/api/renewals",
    "move_out": "/api/move-outs",
    "user": "/api/users",
    "complaint": "/api/complaints",
    "survey": "/api/satisfaction/surveys",
    "care_contact": "/api/care/contacts",
    "reminder": "/api/reminders",
    "resource": "/api/resources",
    "grant": "/api/benefits",
    "relation": "/api/matchmaking/relations",
    "introduction": "/api/matchmaking/introductions",
    "referral": "/api/referrals",
}
# Body fields and query parameters that name a record, and the kind of record they name.
REFERENCES = {
    "building": "building",
    "tenant": "tenant",
    "other": "tenant",
    "related_tenant": "tenant",
    "referrer": "tenant",
    "recipient": "tenant",
    "unit": "unit",
    "units": "unit",
    "lease": "lease",
    "previous": "lease",
    "manager": "user",
    "approver": "user",
    "person": "contact",
    "resource": "resource",
    "move_out": "move_out",
    "relation_id": "relation",
}


def path_kind(path: str, name: str) -> str:
    """The kind of record the path parameter ``name`` of ``path`` names."""
    if name == "contact_id" and path.startswith("/api/care/"):
        return "care_contact"
    return name.removesuffix("_id")


@dataclass
class Fuzz:
    """Sends the cases on the app's loop; swaps random ids for real ones now and then."""

    loop: asyncio.AbstractEventLoop
    client: httpx.AsyncClient
    ids: dict[str, list[str]] = field(default_factory=dict)

    def send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | str | None
    ) -> httpx.Response:
        request = self.client.request(method, url, headers=headers, content=body)
        return self.loop.run_until_complete(request)

    def _pick(self, dice: random.Random, kind: str, current: object) -> object:
        pool = self.ids.get(kind)
        if not pool or dice.random() < 0.25:
            return current  # one case in four keeps what Schemathesis generated
        chosen = dice.choice(pool)
        return [chosen] if isinstance(current, list) else chosen

    def real_records(self, case: schemathesis.Case) -> None:
        """Name existing records in the path, the query and the body; send their version.

        The choices are a function of the generated case (not of a shared random state), so
        Hypothesis replays a failing case, and shrinks it, with the same records. Only
        positive cases are changed: a negative one is invalid on purpose, and must stay so.
        """
        meta = case.meta
        if meta is None or not meta.generation.mode.is_positive:
            return
        if case.method != case.operation.method.upper():
            return  # a probe of an undocumented method: nothing is looked up
        generated = (case.path_parameters, case.query, case.headers, case.body)
        dice = random.Random(zlib.crc32(repr(generated).encode()))
        for name in list(case.path_parameters or {}):
            kind = path_kind(case.operation.path, name)
            case.path_parameters[name] = self._pick(dice, kind, case.path_parameters[name])
        for name in list(case.query or {}):
            if name in REFERENCES:
                case.query[name] = self._pick(dice, REFERENCES[name], case.query[name])
        if isinstance(case.body, dict):
            for name in list(case.body):
                if name in REFERENCES and isinstance(case.body[name], str | list):
                    case.body[name] = self._pick(dice, REFERENCES[name], case.body[name])
        if case.method in {"PATCH", "PUT", "DELETE"} and case.path_parameters:
            self._current_version(case, dice)

    def _current_version(self, case: schemathesis.Case, dice: random.Random) -> None:
        """Most edits of a real record send the version it has, so they can succeed."""
        if dice.random() < 0.25:
            return
        response = self.loop.run_until_complete(self.client.get(case.formatted_path))
        record = response.json() if response.status_code == 200 else None
        if not isinstance(record, dict):
            return  # no record at that path (the path of an action, or a list)
        version = record.get("version")
        if isinstance(version, int):
            case.headers = {**(case.headers or {}), "If-Match": f'"{version}"'}
