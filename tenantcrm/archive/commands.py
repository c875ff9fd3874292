"""The ``tenantcrm export`` and ``tenantcrm import-archive`` commands."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

import click

from tenantcrm.archive.format import ArchiveError, Manifest, Progress

SENSITIVE = (
    "The archive holds everything, users' password hashes and API token digests included: "
    "keep it as safe as the database."
)


class ProgressBar(Progress):
    """Rows done out of all rows, with the table at hand as the label (on standard error)."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.bar: Any = None

    def start(self, total_rows: int) -> None:
        self.bar = click.progressbar(
            length=max(total_rows, 1), label=self.verb, show_pos=True, file=sys.stderr
        )
        self.bar.__enter__()

    def table(self, name: str, rows: int) -> None:
        if self.bar is not None:
            self.bar.label = f"{self.verb} {name:<22}"
            self.bar.render_progress()

    def advance(self, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(rows)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)


@click.command("export")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite ARCHIVE if it exists.")
def export_command(archive: Path, force: bool) -> None:
    """Write every table of the database to ARCHIVE (a zip file), from one snapshot.

    Restore it with `tenantcrm import-archive`, on SQLite or PostgreSQL.
    """
    if archive.exists() and not force:
        raise click.ClickException(f"{archive} exists; pass --force to overwrite it")
    manifest = asyncio.run(_export(archive))
    click.echo(
        f"Exported {manifest.total_rows:,} rows of {len(manifest.tables)} tables to {archive} "
        f"({archive.stat().st_size:,} bytes)."
    )
    click.echo(SENSITIVE)


async def _export(archive: Path) -> Manifest:
    from tenantcrm.archive.export import export_archive

    try:
        with ProgressBar("Exporting") as bar:
            return await export_archive(archive, progress=bar)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error


@click.command("import-archive")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Delete everything in the database first (same transaction)."
)
@click.option(
    "--check", "check_only", is_flag=True, help="Only check ARCHIVE against this database."
)
def import_archive_command(archive: Path, replace: bool, check_only: bool) -> None:
    """Restore ARCHIVE (made by `tenantcrm export`) into this database.

    Migrates the database first; the archive must come from the same schema (the same
    migrations). Refuses a database that holds data unless --replace. All or nothing: on
    any error the database is left as it was.
    """
    manifest = asyncio.run(_import(archive, replace=replace, check_only=check_only))
    done = "checked" if check_only else "restored"
    click.echo(
        f"Archive {done}: {manifest.total_rows:,} rows of {len(manifest.tables)} tables, "
        f"exported from {manifest.engine or 'a database'} by TenantCRM {manifest.app_version} "
        f"at {manifest.created_at:%Y-%m-%d %H:%M} UTC."
    )


async def _import(archive: Path, *, replace: bool, check_only: bool) -> Manifest:
    from tenantcrm.archive.restore import inspect_archive, restore_archive
    from tenantcrm.migrate import migrate

    try:
        if check_only:
            return await inspect_archive(archive)
        await migrate()
        with ProgressBar("Restoring") as bar:
            return await restore_archive(archive, replace=replace, progress=bar)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
