"""Stop PostgreSQL under load and start it again: the app answers 503 while it is away,
recovers by itself, and loses no write it acknowledged.

    python -m bench.fault_pg_outage                          # two outages: fast, immediate
    python -m bench.fault_pg_outage --clients 16 --outage 5 --mode fast --mode immediate --mode fast

Never touches a shared server: it makes its own throwaway PostgreSQL cluster (``initdb`` into
a temp dir, ``pg_ctl start`` on a free port of 127.0.0.1; as root through
``runuser -u postgres``, since PostgreSQL refuses to run as root), migrates a database there,
creates an admin and a token, and starts the app (``tenantcrm serve --no-scheduler``) on it.

Then ``--clients`` tasks loop over writes and reads: create a tenant, PATCH its headcount a
few times (with its version), read it back and list tenants. After ``--warm-up`` seconds
PostgreSQL is stopped (``pg_ctl stop -m MODE``) for ``--outage`` seconds and started again,
once per ``--mode``; the load runs ``--after`` seconds past each restart. At the end every
created tenant acknowledged with 2xx must be in the database, with the headcount of its last
acknowledged PATCH or a later attempted one. It prints the requests, their statuses, the
slowest answer while the database was away, how long after each restart the first request
succeeded, and the writes lost (must be 0). ``tests/faults/test_pg_outage.py`` runs it small.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from tenantcrm.devtools.ports import free_port

_ERROR_LINE = re.compile(r"^((?:\w+\.)*\w+(?:Error|Exception)\b.*)$", re.MULTILINE)
"""A traceback's exception line in the app's log (the first after each unhandled error)."""
CLIENT_TIMEOUT = 15.0
"""Seconds a request may take before it counts as hung (a failure of the app)."""


def pg_bindir() -> Path | None:
    """Where initdb and pg_ctl are: ``TENANTCRM_PG_BINDIR`` or the newest Debian install."""
    if os.environ.get("TENANTCRM_PG_BINDIR"):
        return Path(os.environ["TENANTCRM_PG_BINDIR"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """A throwaway PostgreSQL cluster in a temp dir, listening on 127.0.0.1 only."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="tenantcrm-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-N", "-E", "UTF8"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", str(self.data))

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# --- the load ----------------------------------------------------------------------------


@dataclass
class Sent:
    kind: str
    began: float
    ended: float
    status: int  # 0: no answer (connection error or timeout)
    problem: bool = True  # a 503 came as problem+json with Retry-After


@dataclass
class Written:
    """One client's tenant: its name, whether its creation was acknowledged, and its PATCHes."""

    name: str
    created: bool = False
    ident: str = ""
    acknowledged: list[int] = field(default_factory=list)
    attempted: list[int] = field(default_factory=list)


async def _client(
    http: httpx.AsyncClient, number: int, stop: asyncio.Event, log: list[Sent], out: list[Written]
) -> None:
    serial = 0

    async def send(kind: str, method: str, url: str, **kw: Any) -> httpx.Response | None:
        began = time.perf_counter()
        try:
            response = await http.request(method, url, **kw)
        except httpx.HTTPError:
            log.append(Sent(kind, began, time.perf_counter(), 0))
            await asyncio.sleep(0.05)
            return None
        problem = response.status_code != 503 or (
            response.headers.get("content-type", "").startswith("application/problem+json")
            and response.headers.get("retry-after", "").isdigit()
        )
        log.append(Sent(kind, began, time.perf_counter(), response.status_code, problem))
        if response.status_code >= 500:
            await asyncio.sleep(0.05)  # a client that backs off a little, as Retry-After asks
        return response

    while not stop.is_set():
        serial += 1
        tenant = Written(f"outage-{number}-{serial}")
        out.append(tenant)
        body = {"name": tenant.name, "industry": "banking"}
        response = await send("create", "POST", "/api/tenants", json=body)
        if response is None or response.status_code != 201:
            continue
        tenant.created, tenant.ident = True, response.json()["id"]
        version = response.json()["version"]
        for headcount in range(1, 4):
            if stop.is_set():
                break
            tenant.attempted.append(headcount)
            patch = {"headcount": headcount, "version": version}
            response = await send("patch", "PATCH", f"/api/tenants/{tenant.ident}", json=patch)
            if response is None or response.status_code != 200:
                break
            tenant.acknowledged.append(headcount)
            version = response.json()["version"]
            await send("read", "GET", f"/api/tenants/{tenant.ident}")
        await send("list", "GET", "/api/tenants", params={"limit": 20, "q": f"outage-{number}"})


# --- the run -----------------------------------------------------------------------------


@dataclass
class Outage:
    mode: str
    down_at: float
    up_at: float
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    max_latency: float = 0.0
    recovered_after: float | None = None


@dataclass
class Figures:
    clients: int
    seconds: float = 0.0
    requests: int = 0
    ok_2xx: int = 0
    unavailable_503: int = 0
    other: dict[str, int] = field(default_factory=dict)
    no_answer: int = 0
    outages: list[Outage] = field(default_factory=list)
    creates_acknowledged: int = 0
    patches_acknowledged: int = 0
    creates_lost: int = 0
    patches_lost: int = 0
    creates_refused_but_stored: int = 0
    unavailable_without_problem: int = 0
    server_errors_logged: int = 0
    server_error_kinds: list[str] = field(default_factory=list)


SETUP = """
import asyncio
from tenantcrm.auth import service as users
from tenantcrm.auth.enums import Role
from tenantcrm.auth.schemas import UserIn
from tenantcrm.migrate import migrate

async def main():
    await migrate()
    await users.create_user(UserIn(username="outage", password="outage-admin", role=Role.ADMIN))
    print(await users.create_token("outage", "fault run"))

asyncio.run(main())
"""


async def _wait_ready(http: httpx.AsyncClient, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            if (await http.get("/api/tenants", params={"limit": 1})).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the app did not start")


async def run_outages(
    bindir: Path,
    clients: int = 6,
    modes: tuple[str, ...] = ("fast", "immediate"),
    outage: float = 3.0,
    warm_up: float = 2.0,
    after: float = 4.0,
) -> Figures:
    """Make a cluster, serve the app on it, load it through ``modes`` outages, and count."""
    cluster = Cluster(bindir)
    server: asyncio.subprocess.Process | None = None
    server_log = cluster.root / "app.log"
    figures = Figures(clients)
    try:
        await asyncio.to_thread(cluster.init)
        await asyncio.to_thread(cluster.start)
        admin = await asyncpg.connect(cluster.url("postgres"))
        await admin.execute('CREATE DATABASE "faults_outage"')
        await admin.close()
        url = cluster.url("faults_outage")
        env = {
            **os.environ,
            "TENANTCRM_DATABASE_URL": url,
            "TENANTCRM_SCHEDULER": "false",
            "TENANTCRM_SECRET_KEY": "x" * 40,
        }
        env.pop("TENANTCRM_SMTP_HOST", None)
        setup = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", SETUP],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        token = setup.stdout.decode().strip().splitlines()[-1]
        port = free_port()
        code = "from tenantcrm.cli import main; main()"
        serve = ["serve", "--no-scheduler", "--host", "127.0.0.1", "--port", str(port)]
        with server_log.open("wb") as sink:
            server = await asyncio.create_subprocess_exec(
                sys.executable, "-c", code, *serve, env=env, stdout=sink, stderr=sink
            )
        headers = {"Authorization": f"Bearer {token}"}
        limits = httpx.Limits(max_connections=clients + 2)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}",
            headers=headers,
            timeout=CLIENT_TIMEOUT,
            limits=limits,
        ) as http:
            await _wait_ready(http, 90)
            written = await _load(http, cluster, figures, modes, outage, warm_up, after)
        await _count_lost(url, figures, written)
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(server.wait(), 15)
            except TimeoutError:
                server.kill()
                await server.wait()
        if server_log.exists():
            text = server_log.read_text(errors="replace")
            figures.server_errors_logged = text.count("unhandled error")
            chunks = text.split("unhandled error")[1:]
            figures.server_error_kinds = sorted(
                {found[0] for chunk in chunks if (found := _ERROR_LINE.findall(chunk))}
            )
        await asyncio.to_thread(cluster.destroy)
    return figures


async def _load(
    http: httpx.AsyncClient,
    cluster: Cluster,
    figures: Figures,
    modes: tuple[str, ...],
    outage: float,
    warm_up: float,
    after: float,
) -> list[Written]:
    log: list[Sent] = []
    written: list[Written] = []
    stop = asyncio.Event()
    began = time.perf_counter()
    tasks = [
        asyncio.create_task(_client(http, n, stop, log, written)) for n in range(figures.clients)
    ]
    try:
        await asyncio.sleep(warm_up)
        for mode in modes:
            down_at = time.perf_counter()
            await asyncio.to_thread(cluster.stop, mode)
            await asyncio.sleep(outage)
            await asyncio.to_thread(cluster.start)
            up_at = time.perf_counter()
            figures.outages.append(Outage(mode, down_at - began, up_at - began))
            await asyncio.sleep(after)
    finally:
        stop.set()
        await asyncio.gather(*tasks)
    figures.seconds = round(time.perf_counter() - began, 1)
    statuses = Counter(s.status for s in log)
    figures.requests = len(log)
    figures.ok_2xx = sum(n for status, n in statuses.items() if 200 <= status < 300)
    figures.unavailable_503 = statuses[503]
    figures.no_answer = statuses[0]
    figures.unavailable_without_problem = sum(not s.problem for s in log)
    figures.other = {
        str(status): n
        for status, n in statuses.items()
        if status not in (0, 503) and not 200 <= status < 300
    }
    for item in figures.outages:
        down, up = item.down_at + began, item.up_at + began
        during = [s for s in log if down <= s.began < up]
        item.requests = len(during)
        item.statuses = {str(k): v for k, v in sorted(Counter(s.status for s in during).items())}
        item.max_latency = round(max((s.ended - s.began for s in during), default=0.0), 3)
        recovered = [s.ended for s in log if s.began >= up and 200 <= s.status < 300]
        item.recovered_after = round(min(recovered) - up, 3) if recovered else None
        item.down_at, item.up_at = round(item.down_at, 2), round(item.up_at, 2)
    return written


async def _count_lost(url: str, figures: Figures, written: list[Written]) -> None:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT name, headcount FROM tenant WHERE name LIKE 'outage-%'"
        )
    finally:
        await connection.close()
    stored = {row["name"]: row["headcount"] for row in rows}
    for tenant in written:
        if tenant.created:
            figures.creates_acknowledged += 1
            figures.creates_lost += tenant.name not in stored
        elif tenant.name in stored:
            figures.creates_refused_but_stored += 1
        if tenant.acknowledged:
            figures.patches_acknowledged += len(tenant.acknowledged)
            last = tenant.acknowledged[-1]
            allowed = {h for h in tenant.attempted if h >= last}
            figures.patches_lost += stored.get(tenant.name) not in allowed


# --- the script --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--outage", type=float, default=4.0, help="seconds PostgreSQL is down")
    parser.add_argument("--warm-up", type=float, default=3.0)
    parser.add_argument("--after", type=float, default=5.0, help="load after each restart")
    parser.add_argument("--mode", action="append", choices=("smart", "fast", "immediate"))
    args = parser.parse_args()
    bindir = pg_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl); set TENANTCRM_PG_BINDIR")
    figures = asyncio.run(
        run_outages(
            bindir,
            args.clients,
            tuple(args.mode or ("fast", "immediate")),
            args.outage,
            args.warm_up,
            args.after,
        )
    )
    print(json.dumps(asdict(figures), indent=2))


if __name__ == "__main__":
    main()
