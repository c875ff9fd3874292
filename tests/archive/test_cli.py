"""The commands, run as people run them, into fresh databases: SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from tenantcrm.archive.export import export_archive
from tenantcrm.devtools import pgadmin
from tests.archive.helpers import full_portfolio, table_files

ROOT = Path(__file__).resolve().parents[2]
_PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def tenantcrm(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TENANTCRM_DATABASE_URL": database_url,
        "PICCOLO_CONF": "tenantcrm.piccolo_conf",
    }
    return subprocess.run(
        [sys.executable, "-c", "from tenantcrm.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _maintenance_url() -> str:
    """The PostgreSQL server of the test run, else a local one."""
    test_url = os.environ.get("TENANTCRM_TEST_DATABASE_URL", "")
    if test_url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(test_url)._replace(path="/postgres"))
    return _PG_SERVER


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards."""
    server = _maintenance_url()
    name = f"archive_test_{secrets.token_hex(4)}"
    try:
        asyncio.run(pgadmin.run(server, "create", name))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        if os.environ.get("CI") == "true" or "TENANTCRM_TEST_DATABASE_URL" in os.environ:
            raise
        pytest.skip(f"no PostgreSQL server reachable at {server} ({error})")
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        asyncio.run(pgadmin.run(server, "drop", name))


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


async def test_export_and_import_across_engines_byte_for_byte(
    client: httpx.AsyncClient, tmp_path: Path, fresh_postgres: str
) -> None:
    """This run's database -> a fresh SQLite file -> a fresh PostgreSQL database: the table
    files each export writes are identical, so no value changed on the way."""
    await full_portfolio()
    source = tmp_path / "source.zip"
    await export_archive(source)
    expected = table_files(source)

    sqlite_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    out = await asyncio.to_thread(lambda: _ok(tenantcrm(sqlite_url, "import-archive", str(source))))
    assert "Archive restored:" in out
    from_sqlite = tmp_path / "from-sqlite.zip"
    out = await asyncio.to_thread(lambda: _ok(tenantcrm(sqlite_url, "export", str(from_sqlite))))
    assert "password hashes" in out  # the warning that the archive is sensitive
    assert table_files(from_sqlite) == expected

    done = await asyncio.to_thread(tenantcrm, fresh_postgres, "import-archive", str(from_sqlite))
    _ok(done)
    assert "Restoring complaint" in done.stderr  # progress, table by table
    from_postgres = tmp_path / "from-postgres.zip"
    await asyncio.to_thread(lambda: _ok(tenantcrm(fresh_postgres, "export", str(from_postgres))))
    assert table_files(from_postgres) == expected


async def test_the_commands_refuse_clearly(client: httpx.AsyncClient, tmp_path: Path) -> None:
    await full_portfolio()
    archive = tmp_path / "a.zip"
    await export_archive(archive)
    url = os.environ["TENANTCRM_DATABASE_URL"]

    refused = await asyncio.to_thread(tenantcrm, url, "import-archive", str(archive))
    assert refused.returncode == 1
    assert "already holds data" in refused.stderr
    assert "--replace" in refused.stderr

    exists = await asyncio.to_thread(tenantcrm, url, "export", str(archive))
    assert exists.returncode == 1
    assert "--force" in exists.stderr

    checked = await asyncio.to_thread(tenantcrm, url, "import-archive", "--check", str(archive))
    assert "Archive checked:" in _ok(checked)

    unmigrated = f"sqlite:///{tmp_path / 'unmigrated.sqlite3'}"
    nothing = await asyncio.to_thread(tenantcrm, unmigrated, "export", str(tmp_path / "n.zip"))
    assert nothing.returncode == 1
    assert "not migrated" in nothing.stderr
    assert not (tmp_path / "n.zip").exists()

    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    bad = await asyncio.to_thread(tenantcrm, url, "import-archive", "--check", str(junk))
    assert bad.returncode == 1
    assert "not a readable zip archive" in bad.stderr
