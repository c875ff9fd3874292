"""Transactions that lock the same rows by different routes: one wins, the other is a 409.

A deadlock (PostgreSQL aborts one of two transactions each waiting for the other's rows) would
surface as an error the service did not expect; the services take their locks in one order
(the workflow record, then its lease, then the lease's units) so that it cannot happen.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Any

from httpx import AsyncClient

from tenantcrm.leases.tables import Lease
from tenantcrm.moveouts.tables import MoveOut
from tenantcrm.renewals.tables import Renewal
from tests.api.checks import problem
from tests.concurrency.race import race
from tests.concurrency.test_workflows import agreed_renewal, leased

ROUNDS = 6


async def test_a_move_out_racing_the_signing_of_its_renewal(client: AsyncClient) -> None:
    """Signing locks the renewal, then the lease; a move-out locks the lease, then ends the
    renewal. Either the signing wins (the lease is renewed: no move-out) or the move-out does
    (the renewal is lost: nothing to sign)."""
    outcomes: Counter[str] = Counter()
    for _ in range(ROUNDS):
        site = await leased(client)
        lease = site["lease"]
        renewal = await agreed_renewal(client, lease["id"])
        sign = f"/api/renewals/{renewal['id']}/transitions"
        move_out = {"lease": lease["id"], "day": "2026-03-31", "reason": "rent_level"}
        result = await race(
            [
                partial(client.post, sign, json={"to": "signed"}),
                partial(client.post, "/api/move-outs", json=move_out),
            ],
            hold=("lease", lease["id"]),
        )
        signed, moved = result.responses
        assert sorted([signed.status_code, moved.status_code]) in ([200, 409], [201, 409]), (
            result.texts()
        )
        stored = await Renewal.select(Renewal.state).where(Renewal.id == renewal["id"]).first()
        old = await Lease.select(Lease.status).where(Lease.id == lease["id"]).first()
        assert stored is not None
        assert old is not None
        if signed.status_code == 200:
            problem(moved, 409)
            assert (stored["state"], old["status"]) == ("signed", "renewed")
            assert await MoveOut.count().where(MoveOut.lease == lease["id"]) == 0
            assert await Lease.count().where(Lease.previous == lease["id"]) == 1
            outcomes["signed"] += 1
        else:
            assert problem(signed, 409)["allowed"] == []
            assert (stored["state"], old["status"]) == ("lost", "ended")
            assert await MoveOut.count().where(MoveOut.lease == lease["id"]) == 1
            assert await Lease.count().where(Lease.previous == lease["id"]) == 0
            outcomes["moved out"] += 1
    assert sum(outcomes.values()) == ROUNDS


async def test_a_next_cycle_racing_a_new_term_of_the_lease_it_renews(
    client: AsyncClient,
) -> None:
    """Creating the next cycle (``previous``) locks its units, then marks the previous lease
    renewed; a new term for the previous lease locks the lease, then its units."""
    for _ in range(ROUNDS):
        site = await leased(client)
        lease = site["lease"]
        units = [u["id"] for u in site["units"]]
        next_cycle = {
            "tenant": site["tenant"]["id"],
            "units": units,
            "previous": lease["id"],
            "start_date": "2027-01-01",
            "end_date": "2029-12-31",
            "status": "active",
            "base_rent": "11000.00",
        }
        longer = {"end_date": "2027-06-30", "version": lease["version"]}
        result = await race(
            [
                partial(client.post, "/api/leases", json=next_cycle),
                partial(client.patch, f"/api/leases/{lease['id']}", json=longer),
            ],
            hold=("unit", min(units)),
        )
        created = result.responses[0]
        assert 500 not in result.statuses, result.texts()
        # The two cannot both hold: the longer term overlaps the next cycle's start.
        assert sorted(result.statuses.elements()) in ([200, 409], [201, 409]), result.texts()
        await _check_one_of(lease, created.status_code == 201)


async def _check_one_of(lease: dict[str, Any], next_cycle_won: bool) -> None:
    old = await Lease.select(Lease.status, Lease.end_date).where(Lease.id == lease["id"]).first()
    assert old is not None
    following = await Lease.count().where(Lease.previous == lease["id"])
    if next_cycle_won:
        assert (old["status"], str(old["end_date"]), following) == ("renewed", "2026-12-31", 1)
    else:
        assert (old["status"], str(old["end_date"]), following) == ("active", "2027-06-30", 0)


async def test_a_renewal_opened_while_its_lease_moves_out(client: AsyncClient) -> None:
    """A move-out closes the lease's open renewal; a renewal opened at the same moment must not
    slip in after that check and stay open on an ended lease."""
    for _ in range(ROUNDS):
        site = await leased(client)
        lease = site["lease"]
        move_out = {"lease": lease["id"], "day": "2026-03-31", "reason": "rent_level"}
        result = await race(
            [
                partial(client.post, "/api/renewals", json={"lease": lease["id"]}),
                partial(client.post, "/api/move-outs", json=move_out),
            ],
            hold=("lease", lease["id"]),
        )
        opened, moved = result.responses
        assert moved.status_code == 201, result.texts()
        renewals = await Renewal.select(Renewal.state).where(Renewal.lease == lease["id"])
        if opened.status_code == 201:
            assert renewals == [{"state": "lost"}]
        else:
            assert "ended" in problem(opened, 409)["detail"]
            assert renewals == []
