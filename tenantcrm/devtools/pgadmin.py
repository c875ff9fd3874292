"""Create or drop a PostgreSQL database, for throwaway test databases.

    python -m tenantcrm.devtools.pgadmin URL create|drop NAME

``URL`` points at a maintenance database (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import asyncio
import re
import sys

import asyncpg

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


async def run(url: str, action: str, name: str) -> None:
    if not _NAME.match(name):
        raise SystemExit(f"not a plain database name: {name!r}")
    connection = await asyncpg.connect(url, timeout=10)
    try:
        if action == "create":
            await connection.execute(f'CREATE DATABASE "{name}"')
        elif action == "drop":
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            raise SystemExit(f"unknown action {action!r}: use create or drop")
    finally:
        await connection.close()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    url, action, name = argv
    try:
        asyncio.run(run(url, action, name))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        print(f"pgadmin: {action} {name} failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
