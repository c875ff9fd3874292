"""The reminder engine: sweeps (idempotent, catching up, concurrent), the inbox and its
transitions, e-mail through a real SMTP server, and the iCalendar feed."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from email import message_from_bytes, policy
from typing import Any

import httpx
from httpx import AsyncClient
from icalendar import Calendar

from tenantcrm.auth import service as users
from tenantcrm.devtools.ports import free_port
from tenantcrm.leases import reminders as lease_reminders
from tenantcrm.reminders import service
from tenantcrm.reminders.mail import deliver_email
from tenantcrm.reminders.scheduler import MISFIRE_GRACE_SECONDS, start_scheduler
from tenantcrm.reminders.sources import SOURCES, Source
from tenantcrm.reminders.tables import Reminder
from tenantcrm.settings import Settings
from tests.api import factories as make
from tests.api.checks import problem
from tests.app_fixtures import TODAY
from tests.mail_fixtures import Sink

LEASES = (Source("leases", lease_reminders.due),)
"""The engine's tests count lease reminders only; the last test sweeps every source."""

SETTINGS = Settings(today=TODAY, reminder_window_days=14, renewal_lead_months="12,9,6,3")

Key = tuple[str, str, str]


async def portfolio(client: AsyncClient) -> dict[str, Any]:
    """A manager's two leases and an unassigned tenant's lease, with these days in 15 to 29 March:

    lease A ends 20 Dec 2026: renewal 9 months ahead on 20 Mar; a rent step on 25 Mar.
    lease B ends 25 Sep 2026 with 6 months' notice: notice deadline and renewal_6m on 25 Mar.
    lease U (no manager) ends 22 Jun 2026, no notice period: renewal_3m on 22 Mar.
    """
    manager = await make.user(client, email="li@example.com", display_name="Li Na")
    await make.user(client, email="boss@example.com", role="admin")
    building = await make.building(client)
    units = [(await make.unit(client, building["id"]))["id"] for _ in range(3)]
    mine = await make.tenant(client, manager=manager["id"])
    nobody = await make.tenant(client)
    lease_a = await make.lease(
        client,
        mine["id"],
        [units[0]],
        end_date="2026-12-20",
        rent_steps=[{"kind": "fixed", "effective": "2026-03-25", "amount": "11000.00"}],
    )
    lease_b = await make.lease(client, mine["id"], [units[1]], end_date="2026-09-25")
    lease_u = await make.lease(
        client, nobody["id"], [units[2]], end_date="2026-06-22", notice_months=0
    )
    return {"manager": manager, "a": lease_a, "b": lease_b, "u": lease_u, "units": units}


def expected_keys(p: dict[str, Any]) -> set[Key]:
    a, b, u = p["a"]["id"], p["b"]["id"], p["u"]["id"]
    return {
        ("lease.renewal_9m", a, "2026-03-20"),  # 20 Dec less 9 months
        ("lease.rent_step", a, "2026-03-25"),
        ("lease.notice_deadline", b, "2026-03-25"),  # 25 Sep less 6 months
        ("lease.renewal_6m", b, "2026-03-25"),
        ("lease.renewal_3m", u, "2026-03-22"),  # 22 Jun less 3 months
    }


async def stored() -> list[Key]:
    rows = await Reminder.select(Reminder.kind, Reminder.subject, Reminder.due)
    return [(r["kind"], str(r["subject"]), str(r["due"])) for r in rows]


async def test_a_sweep_run_twice_creates_nothing_new(client: AsyncClient) -> None:
    p = await portfolio(client)
    first = await service.sweep(TODAY, SETTINGS, LEASES)
    assert (first.first, first.last) == (TODAY, date(2026, 3, 29))
    assert first.created == 5
    again = await service.sweep(TODAY, SETTINGS, LEASES)
    assert again.drafts == 5
    assert again.created == 0
    keys = await stored()
    assert len(keys) == len(set(keys)) == 5
    assert set(keys) == expected_keys(p)


async def test_a_sweep_after_downtime_catches_up_once(client: AsyncClient) -> None:
    p = await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    # While the sweeper is down, a lease is signed whose 3-month renewal reminder falls on
    # 18 March (it ends 18 June, no notice), and one whose 6-month one falls on 5 April.
    tenant = await make.tenant(client, manager=p["manager"]["id"])
    building = await make.building(client)
    unit_c, unit_d = [(await make.unit(client, building["id"]))["id"] for _ in range(2)]
    c = await make.lease(client, tenant["id"], [unit_c], end_date="2026-06-18", notice_months=0)
    d = await make.lease(client, tenant["id"], [unit_d], end_date="2026-10-05", notice_months=2)
    later = TODAY + timedelta(days=10)  # 25 March: the 16th to the 24th were missed
    result = await service.sweep(later, SETTINGS, LEASES)
    assert (result.first, result.last) == (date(2026, 3, 16), date(2026, 4, 8))
    await service.sweep(later, SETTINGS, LEASES)
    keys = await stored()
    assert len(keys) == len(set(keys))
    assert set(keys) == expected_keys(p) | {
        ("lease.renewal_3m", c["id"], "2026-03-18"),  # missed while down: raised, overdue
        ("lease.renewal_6m", d["id"], "2026-04-05"),  # 5 Oct less 6 months, now in the window
    }


async def test_concurrent_sweeps_store_each_reminder_once(client: AsyncClient) -> None:
    p = await portfolio(client)
    results = await asyncio.gather(*(service.sweep(TODAY, SETTINGS, LEASES) for _ in range(3)))
    # PostgreSQL: a sweep that finds another holding the lock skips; SQLite: they queue.
    assert sum(r.created for r in results) == 5
    assert sum(not r.skipped for r in results) >= 1
    keys = await stored()
    assert len(keys) == len(set(keys)) == 5
    assert set(keys) == expected_keys(p)


async def test_concurrent_stores_of_the_same_drafts_keep_one_each(client: AsyncClient) -> None:
    # Without the sweep's lock, the unique key alone keeps two writers from duplicating.
    await portfolio(client)
    from tenantcrm.db import write_transaction
    from tenantcrm.leases.reminders import due

    drafts = await due(TODAY, 14)

    async def store() -> int:
        async with write_transaction():
            return await service.store(drafts)

    created = await asyncio.gather(store(), store())
    assert sorted(created) == [0, 5]
    assert len(await stored()) == 5


async def test_the_inbox_shows_mine_and_the_unassigned(client: AsyncClient) -> None:
    p = await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    me = p["manager"]["id"]
    page = (await client.get("/api/reminders", params={"recipient": me})).json()
    assert page["total"] == 5
    assert [r["due"] for r in page["items"]] == sorted(r["due"] for r in page["items"])
    own = (
        await client.get("/api/reminders", params={"recipient": me, "unassigned": "false"})
    ).json()
    assert own["total"] == 4
    assert {r["recipient"] for r in own["items"]} == {me}
    early = await client.get("/api/reminders", params={"recipient": me, "due_before": "2026-03-23"})
    assert [r["kind"] for r in early.json()["items"]] == ["lease.renewal_9m", "lease.renewal_3m"]
    item = own["items"][0]
    assert item["title"].startswith("Renewal:")
    assert item["link"] == f"/api/leases/{p['a']['id']}"
    assert item["state"] == "open"
    assert item["version"] == 1
    problem(await client.get("/api/reminders", params={"state": "later"}), 422, "state")


async def test_transitions_acknowledge_snooze_and_close(client: AsyncClient) -> None:
    p = await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    me = p["manager"]["id"]
    items = (await client.get("/api/reminders", params={"recipient": me})).json()["items"]
    url = f"/api/reminders/{items[0]['id']}/transitions"

    acked = await client.post(url, json={"to": "acknowledged", "version": 1})
    assert acked.status_code == 200, acked.text
    assert acked.json()["state"] == "acknowledged"
    assert acked.json()["acknowledged_at"]
    problem(await client.post(url, json={"to": "done", "version": 1}), 409)  # stale version
    problem(await client.post(url, json={"to": "snoozed"}), 422, "until")
    problem(await client.post(url, json={"to": "snoozed", "until": "2026-03-15"}), 422, "until")
    problem(await client.post(url, json={"to": "done", "until": "2026-03-20"}), 422, "until")
    snoozed = await client.post(url, json={"to": "snoozed", "until": "2026-03-18"})
    assert snoozed.json()["state"] == "snoozed"
    assert snoozed.json()["snoozed_until"] == "2026-03-18"

    listed = await client.get("/api/reminders", params={"recipient": me, "state": "snoozed"})
    assert [r["id"] for r in listed.json()["items"]] == [items[0]["id"]]
    # The sweep of the 18th wakes it.
    woken = await service.sweep(date(2026, 3, 18), SETTINGS, LEASES)
    assert woken.woken == 1
    assert (await client.get(f"/api/reminders/{items[0]['id']}")).json()["state"] == "open"

    done = await client.post(url, json={"to": "done"})
    assert done.json()["state"] == "done"
    assert done.json()["done_at"]
    body = problem(await client.post(url, json={"to": "acknowledged"}), 409)
    assert "none: it is closed" in body["detail"]
    problem(
        await client.post(f"/api/reminders/{p['a']['id']}/transitions", json={"to": "done"}), 404
    )


async def test_reminders_are_mailed_once_to_their_recipients(
    client: AsyncClient, smtp: tuple[Sink, int]
) -> None:
    sink, port = smtp
    settings = SETTINGS.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "crm@example.com"}
    )
    await portfolio(client)
    await service.sweep(TODAY, settings, LEASES)
    sent = await deliver_email(TODAY, settings)
    assert (sent.messages, sent.reminders, sent.failed) == (2, 5, 0)
    by_rcpt = {tuple(e.rcpt_tos): e for e in sink.envelopes}
    assert set(by_rcpt) == {("li@example.com",), ("boss@example.com",)}
    mine = message_from_bytes(by_rcpt[("li@example.com",)].content, policy=policy.default)
    assert mine["Subject"] == "TenantCRM: 4 reminders due"
    assert mine["From"] == "crm@example.com"
    text = mine.get_content()
    assert "2026-03-20  Renewal:" in text
    assert "Rent step:" in text
    assert "Notice deadline:" in text
    admin = message_from_bytes(by_rcpt[("boss@example.com",)].content, policy=policy.default)
    assert admin["Subject"] == "TenantCRM: 1 reminder due"
    assert "2026-03-22  Renewal:" in admin.get_content()

    # Another run (or another sweep) mails nothing already mailed.
    await service.sweep(TODAY, settings, LEASES)
    again = await deliver_email(TODAY, settings)
    assert (again.messages, again.reminders) == (0, 0)
    assert len(sink.envelopes) == 2


async def test_an_unreachable_smtp_server_leaves_reminders_pending(
    client: AsyncClient, smtp: tuple[Sink, int]
) -> None:
    sink, port = smtp
    await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    closed = free_port()  # a port nobody listens on
    down = SETTINGS.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": closed})
    failed = await deliver_email(TODAY, down)
    assert (failed.messages, failed.failed) == (0, 2)
    up = SETTINGS.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    assert (await deliver_email(TODAY, up)).reminders == 5
    assert len(sink.envelopes) == 2


async def test_the_calendar_feed_holds_a_managers_reminders(client: AsyncClient) -> None:
    p = await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    me = p["manager"]["id"]
    response = await client.get(f"/api/reminders/feed/{me}.ics", params={"unassigned": "false"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    listed = (
        await client.get("/api/reminders", params={"recipient": me, "unassigned": "false"})
    ).json()["items"]
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"reminder-{r['id']}@tenantcrm" for r in listed
    )
    days = sorted((e.decoded("dtstart"), str(e["summary"])) for e in events)
    assert [d for d, _ in days] == [
        date(2026, 3, 20),
        date(2026, 3, 25),
        date(2026, 3, 25),
        date(2026, 3, 25),
    ]
    # Done reminders leave the feed; the unassigned ones are in it unless asked otherwise.
    await client.post(f"/api/reminders/{listed[0]['id']}/transitions", json={"to": "done"})
    again = Calendar.from_ical((await client.get(f"/api/reminders/feed/{me}.ics")).content)
    assert len(again.walk("VEVENT")) == 4  # 4 of mine less 1 done, plus 1 unassigned
    problem(await client.get(f"/api/reminders/feed/{p['a']['id']}.ics"), 404)
    problem(await client.get(f"/api/reminders/feed/{me}.txt"), 422, "feed_name")


async def test_the_scheduler_runs_daily_coalesced_with_a_start_up_catch_up() -> None:
    scheduler = start_scheduler(SETTINGS.model_copy(update={"sweep_hour": 5}))
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        daily = jobs["reminder-sweep"]
        assert "hour='5'" in str(daily.trigger)
        assert daily.coalesce is True
        assert daily.misfire_grace_time == MISFIRE_GRACE_SECONDS
        assert daily.max_instances == 1
        assert "reminder-catch-up" in jobs
    finally:
        scheduler.remove_all_jobs()
        scheduler.shutdown(wait=False)


async def test_yearly_rent_steps_are_found_by_their_anniversary(client: AsyncClient) -> None:
    building = await make.building(client)
    unit_y, unit_z = [(await make.unit(client, building["id"]))["id"] for _ in range(2)]
    tenant = await make.tenant(client)
    yearly = [{"kind": "percent", "effective": "2025-03-27", "percent": "3.00", "every_months": 12}]
    # 3 % every 27 March from 2025: the 2026 rise falls on 27 March, inside 15 to 29 March.
    y = await make.lease(
        client,
        tenant["id"],
        [unit_y],
        start_date="2024-03-27",
        end_date="2029-03-26",
        rent_steps=yearly,
    )
    # The same step every 27 April: its 2026 rise (27 April) is outside the window.
    later = [{**yearly[0], "effective": "2025-04-27"}]
    await make.lease(
        client,
        tenant["id"],
        [unit_z],
        start_date="2024-04-27",
        end_date="2029-04-26",
        rent_steps=later,
    )
    await service.sweep(TODAY, SETTINGS, LEASES)
    steps = [k for k in await stored() if k[0] == "lease.rent_step"]
    assert steps == [("lease.rent_step", y["id"], "2026-03-27")]


async def test_the_sweep_asks_every_domain(client: AsyncClient) -> None:
    """Leases, care (a tenant owed a call) and complaints (one past its SLA) all raise."""
    p = await portfolio(client)
    complaint = {
        "tenant": p["a"]["tenant"],
        "building": p["a"]["building"],
        "category": "cleaning",
        "severity": "low",
        "description": "Washrooms not cleaned on the 12th floor",
        "received_on": "2026-01-05",
    }
    await make.created(client, "/api/complaints", complaint)
    assert {source.name for source in SOURCES} == {"leases", "care", "complaints", "benefits"}
    result = await service.sweep(TODAY, SETTINGS)
    assert result.by_source["leases"] == 5
    assert result.by_source["care"] > 0
    assert result.by_source["complaints"] == 1
    kinds = {key[0].split(".")[0] for key in await stored()}
    assert kinds == {"lease", "care", "complaint"}


async def test_a_calendar_client_reads_its_feed_with_a_key(
    client: AsyncClient, transport: httpx.ASGITransport
) -> None:
    p = await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    me = p["manager"]["id"]
    other = await make.user(client)
    mine, theirs = (
        await users.create_token(p["manager"]["username"], "calendar"),
        await users.create_token(other["username"], "calendar"),
    )
    url = f"/api/reminders/feed/{me}.ics"
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as calendar:
        problem(await calendar.get(url), 401)
        problem(await calendar.get(url, params={"key": "tcrm_wrong"}), 401)
        problem(await calendar.get(url, params={"key": theirs}), 403)
        response = await calendar.get(url, params={"key": mine})
        assert response.status_code == 200
        assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 5


async def test_the_feed_holds_care_visits_and_follow_ups(client: AsyncClient) -> None:
    p = await portfolio(client)
    me = p["manager"]["id"]
    tenant = p["a"]["tenant"]
    visit = {"tenant": tenant, "kind": "visit", "day": "2026-03-10", "manager": me}
    call = {
        "tenant": tenant,
        "kind": "call",
        "day": "2026-03-12",
        "manager": me,
        "follow_up_on": "2026-03-20",
    }
    colleague = await make.user(client)
    someone_else = {
        "tenant": tenant,
        "kind": "visit",
        "day": "2026-03-11",
        "manager": colleague["id"],
    }
    for body in (visit, call, someone_else):
        await make.created(client, "/api/care/contacts", body)
    response = await client.get(f"/api/reminders/feed/{me}.ics", params={"unassigned": "false"})
    events = Calendar.from_ical(response.content).walk("VEVENT")
    care = sorted(
        (str(e["SUMMARY"]), e["DTSTART"].dt.isoformat())
        for e in events
        if str(e["UID"]).startswith("care-")
    )
    name = p["a"]["tenant_name"]
    assert care == [
        (f"Care visit: {name}", "2026-03-10"),
        (f"Follow up: {name}", "2026-03-20"),
    ]


async def test_mine_is_the_callers_inbox(
    client: AsyncClient, transport: httpx.ASGITransport
) -> None:
    p = await portfolio(client)
    await service.sweep(TODAY, SETTINGS, LEASES)
    token = await users.create_token(p["manager"]["username"])
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers
    ) as manager:
        response = await manager.get(
            "/api/reminders", params={"mine": "true", "unassigned": "false"}
        )
        assert response.status_code == 200
        assert response.json()["total"] == 4
        assert {r["recipient"] for r in response.json()["items"]} == {p["manager"]["id"]}
        both = {"mine": "true", "recipient": p["manager"]["id"]}
        problem(await manager.get("/api/reminders", params=both), 422, "mine")
