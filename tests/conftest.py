"""Test configuration: choose the database before anything imports the app.

The suite runs on SQLite by default (a fresh file per run). Set TENANTCRM_TEST_DATABASE_URL
to a throwaway PostgreSQL database to run the same suite there; it is migrated and emptied
between tests, so never point it at data you want to keep.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_scratch = Path(tempfile.mkdtemp(prefix="tenantcrm-tests-"))
os.environ["TENANTCRM_DATABASE_URL"] = os.environ.get(
    "TENANTCRM_TEST_DATABASE_URL", f"sqlite:///{_scratch / 'tests.sqlite3'}"
)
os.environ["PICCOLO_CONF"] = "tenantcrm.piccolo_conf"
os.environ.pop("TENANTCRM_TODAY", None)

# The app fixtures (app client, empty database per test) and an SMTP server for the tests.
pytest_plugins = ["tests.app_fixtures", "tests.mail_fixtures", "tests.web_fixtures"]
