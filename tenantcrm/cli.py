"""The ``tenantcrm`` command: serve the app, migrate the database, load the demo portfolio."""

from __future__ import annotations

import asyncio
import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tenantcrm.settings import get_settings

if TYPE_CHECKING:
    from tenantcrm.reminders.scheduler import DailyRun


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """TenantCRM: tenant relationship management for office buildings.

    Configuration comes from TENANTCRM_* environment variables (see the README);
    with none set, data lives in the SQLite file tenantcrm.sqlite3 in this directory.
    """


@main.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from tenantcrm.migrate import migrate as run_migrations

    asyncio.run(run_migrations())
    click.echo(f"Database is up to date: {_where()}")


@main.command()
@click.option("--seed", default=7, show_default=True, help="Seed of the generated portfolio.")
def demo(seed: int) -> None:
    """Load the demo portfolio into an empty database (migrating it first)."""
    asyncio.run(_load_demo(seed, quiet_if_present=False))


@main.command()
@click.option("--host", default=None, help="Interface to listen on [TENANTCRM_HOST]")
@click.option("--port", default=None, type=int, help="Port [TENANTCRM_PORT]")
@click.option("--demo", "with_demo", is_flag=True, help="Load the demo portfolio if empty.")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@click.option(
    "--scheduler/--no-scheduler",
    default=None,
    help="Run the daily reminder sweep in this process [TENANTCRM_SCHEDULER, default on]",
)
def serve(
    host: str | None, port: int | None, with_demo: bool, reload: bool, scheduler: bool | None
) -> None:
    """Migrate, optionally load the demo portfolio, and serve the web app and API."""
    import uvicorn

    from tenantcrm.migrate import migrate as run_migrations

    if scheduler is None:
        os.environ.setdefault("TENANTCRM_SCHEDULER", "true")
    else:
        os.environ["TENANTCRM_SCHEDULER"] = "true" if scheduler else "false"
    get_settings.cache_clear()
    settings = get_settings()
    if with_demo:
        asyncio.run(_load_demo(seed=7, quiet_if_present=True))
    else:
        asyncio.run(run_migrations())
    host = host or settings.host
    port = port or settings.port
    # The app reads where it listens (secure cookies and HSTS are on off the loopback).
    os.environ["TENANTCRM_HOST"] = host
    get_settings.cache_clear()
    click.echo(f"TenantCRM on http://{host}:{port}/  (API reference: http://{host}:{port}/schema)")
    uvicorn.run("tenantcrm.app:create_app", factory=True, host=host, port=port, reload=reload)


@main.command()
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The business date to sweep for [TENANTCRM_TODAY, else the system date]",
)
def remind(today: datetime | None) -> None:
    """Run the reminder sweep once (for cron) and e-mail what is pending.

    The database must be migrated (`tenantcrm migrate`).
    """
    day = None if today is None else today.date()
    run = asyncio.run(_remind(day))
    result, mailed, reports = run.sweep, run.mail, run.reports
    if result.skipped:
        click.echo("Another sweep is running; this one was skipped.")
        return
    click.echo(
        f"Swept {result.first} to {result.last} for {result.day}: {result.drafts} due, "
        f"{result.created} new, {result.woken} woken from snooze; "
        f"e-mailed {mailed.reminders} in {mailed.messages} messages"
        + (f", {mailed.failed} failed" if mailed.failed else "")
        + f"; owner reports for {reports.period}: {reports.sent} mailed"
        + (f", {reports.failed} failed" if reports.failed else "")
    )


async def _remind(day: date | None) -> DailyRun:
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.reminders.scheduler import run_once

    settings = get_settings()
    await open_pool(settings)
    try:
        return await run_once(settings, day)
    finally:
        await close_pool()


async def _load_demo(seed: int, *, quiet_if_present: bool) -> None:
    from tenantcrm.demo import PortfolioSize, generate_portfolio
    from tenantcrm.migrate import migrate as run_migrations
    from tenantcrm.tenants.tables import Tenant

    await run_migrations()
    if await Tenant.count():
        if quiet_if_present:
            click.echo("The database already holds data; the demo portfolio was not loaded again.")
            return
        raise click.ClickException(
            f"{_where()} already holds tenants; the demo loads into an empty database only "
            "(point TENANTCRM_DATABASE_URL at a new one)."
        )
    counts = await generate_portfolio(
        PortfolioSize.demo(), today=get_settings().clock_today(), seed=seed
    )
    click.echo(f"Demo portfolio loaded into {_where()}: {counts}")
    click.echo(
        "Sign in as admin, manager (or manager2) or owner, each with the password 'demo'; "
        "`tenantcrm token create manager` prints a bearer token for the JSON API."
    )


@main.group()
def report() -> None:
    """Reports for owners, as PDF files."""


@report.command("owner")
@click.option("--building", required=True, help="The building's name or id.")
@click.option("--period", required=True, help="2026 (a year), 2026-Q1 or 2026-03.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="PDF file to write [default: <building> <period>.pdf].",
)
def report_owner(building: str, period: str, out: str | None) -> None:
    """Write the owner report of BUILDING for PERIOD."""
    default_name, pdf = asyncio.run(_owner_report(building, period))
    target = Path(out or default_name)
    target.write_bytes(pdf)
    click.echo(f"{target} ({len(pdf):,} bytes)")


async def _owner_report(building: str, period: str) -> tuple[str, bytes]:
    from uuid import UUID

    from tenantcrm.buildings.tables import Building
    from tenantcrm.reports import service
    from tenantcrm.reports.period import parse_period

    settings = get_settings()
    try:
        chosen = parse_period(period)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from error
    try:
        where = Building.id == UUID(building)
    except ValueError:
        where = Building.name == building
    found = await Building.select(Building.id, Building.name).where(where).first()
    if found is None:
        raise click.ClickException(f"no building {building!r}")
    data = await service.owner_report(found["id"], chosen, settings.clock_today())
    pdf = await service.render_owner_pdf(data, settings.templates_dir, settings.report_time_limit)
    return f"{found['name']} {chosen.label}.pdf", pdf


@main.group()
def token() -> None:
    """Bearer tokens for scripts and integrations (the JSON API takes no session cookie)."""


@token.command("create")
@click.argument("username")
@click.option("--name", default="", help="What the token is for (shown in audits).")
def token_create(username: str, name: str) -> None:
    """Print a new bearer token for USERNAME (shown once; only its digest is kept)."""
    asyncio.run(_create_token(username, name))


async def _create_token(username: str, name: str) -> None:
    from tenantcrm.audit.actor import Actor, acting_as
    from tenantcrm.auth import service as users
    from tenantcrm.core.errors import NotFoundError

    try:
        with acting_as(Actor("cli: token create")):
            click.echo(await users.create_token(username, name))
    except NotFoundError as error:
        raise click.ClickException(str(error)) from error


@main.command("import-rentroll")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; import nothing.")
@click.option(
    "--template",
    "write_template",
    is_flag=True,
    help="Write the empty template to FILE (.xlsx, or .csv) instead of importing.",
)
def import_rentroll(file: Path, dry_run: bool, write_template: bool) -> None:
    """Import the rent roll in FILE (.xlsx or CSV): buildings, units, tenants, leases, steps.

    Every problem is listed by line and column, and nothing is imported unless the whole
    file is clean (exit status 1 otherwise). Existing records are matched by name and code
    and left as they are, so importing a file twice creates nothing the second time. The
    database must be migrated (`tenantcrm migrate`).
    """
    from tenantcrm.rentroll.template import template_csv, template_xlsx

    if write_template:
        content = template_csv() if file.suffix.lower() == ".csv" else template_xlsx()
        file.write_bytes(content)
        click.echo(f"{file} ({len(content):,} bytes)")
        return
    if not file.is_file():
        raise click.BadParameter(f"no such file: {file}", param_hint="FILE")
    if not asyncio.run(_import_rentroll(file.name, file.read_bytes(), dry_run)):
        raise SystemExit(1)


async def _import_rentroll(name: str, content: bytes, dry_run: bool) -> bool:
    import dataclasses

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from tenantcrm.audit.actor import Actor, acting_as
    from tenantcrm.db import close_pool, open_pool
    from tenantcrm.rentroll import service

    settings = get_settings()
    console = Console(stderr=True)
    await open_pool(settings)
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("Checking" if dry_run else "Importing", total=None)
            with acting_as(Actor("cli: import-rentroll")):
                report = await service.import_rent_roll(
                    content,
                    name,
                    dry_run=dry_run,
                    today=settings.clock_today(),
                    actor="cli",
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
    finally:
        await close_pool()
    out = Console()
    for warning in report.warnings:
        out.print(f"[yellow]note:[/] {warning}")
    if report.problems:
        table = Table("line", "cell", "column", "value", "reason", title="Problems")
        for problem in report.problems:
            table.add_row(
                str(problem.line or ""),
                problem.cell,
                problem.column or "",
                problem.value,
                problem.reason,
            )
        out.print(table)
    counts = Table("", "buildings", "units", "tenants", "contacts", "leases", "rent steps")
    for label, found in (
        ("created" if report.imported else "to create", report.created),
        ("already there", report.existing),
    ):
        counts.add_row(
            label,
            *(str(getattr(found, name)) for name in ("buildings", "units", "tenants")),
            *(str(getattr(found, name)) for name in ("contacts", "leases", "rent_steps")),
        )
    out.print(counts)
    where = _where()
    if report.imported and not any(dataclasses.astuple(report.created)):
        out.print(f"Nothing new: every record of {name} is already in {where}.")
    elif report.imported:
        out.print(f"Imported {report.rows:,} lines of {name} into {where}.")
    elif report.problems:
        out.print(
            f"[red]{len(report.problems):,} problem(s) in {report.rows:,} lines:[/] "
            "nothing was imported."
        )
    else:
        out.print(f"{report.rows:,} lines checked: the file is clean (dry run, nothing imported).")
    return report.clean


def _register_archive_commands() -> None:
    from tenantcrm.archive.commands import export_command, import_archive_command

    main.add_command(export_command)
    main.add_command(import_archive_command)


_register_archive_commands()


def _where() -> str:
    url = get_settings().database_url
    return url.split("@")[-1] if "@" in url else url
